#!/usr/bin/env bash
# Every full reference run the course shows, one at a time, resumable: a run whose result file
# exists is skipped, and a TF.js run resumes after its last finished epoch (.reference-state/).
# Usage: KERAS_PYTHON=~/.venvs/cnn-lstm-keras/bin/python bash scripts/reference-sweep.sh
# Keras runs are skipped (with a message) when KERAS_PYTHON is not set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${KERAS_PYTHON:-}"
keras() { # model seed [--double-fit]
  local out="src/data/keras/$1${3:+-double}-s$2.json"
  if [[ -f "$out" ]]; then echo "skip $out (exists)"; return; fi
  if [[ -z "$PY" ]]; then echo "skip $out (KERAS_PYTHON not set)"; return; fi
  "$PY" scripts/keras/train.py --model "$1" --seed "$2" ${3:-}
}
tfjs() { # model seed
  local out="src/data/reference/$1-s$2.json"
  if [[ -f "$out" ]]; then echo "skip $out (exists)"; return; fi
  npm run --silent reference -- --model "$1" --seed "$2"
}
for s in 0 1 2; do keras cnn "$s"; keras lstm "$s"; done
keras cnn 0 --double-fit; keras lstm 0 --double-fit
for s in 42 43 44; do tfjs cnn "$s"; tfjs lstm "$s"; done
echo "sweep done"
