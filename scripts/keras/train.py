"""The notebook's two Keras models, its two slips fixed, trained on the bytes the site serves.

    python scripts/keras/train.py --model cnn|lstm|all --seed N [--double-fit] [--threads 2]
    smoke flags: --train-size N --test-size N --epochs N --out DIR

Reads public/data/mnist/ (made by `npm run data`): every gzip shard is checked against the
SHA-256 of manifest.json, before and after decompression, so Keras sees exactly the pixels the
browser trains on. Writes src/data/keras/<model>-s<seed>.json (or <model>-double-s<seed>.json
with --double-fit) in the shape of the TF.js reference files, plus how it ran.

The notebook's slips: the CNN cell compiles `model` but times `cnn`, and the LSTM cell times an
undefined `lstm`. Fixed here: one model per cell, compiled once. --double-fit reproduces what
the notebook does when the names do refer to the same network: an untimed 5-epoch fit, then the
timed 5-epoch fit continuing it (10 epochs in all), to test whether the published figures are
10-epoch figures.
"""

import argparse
import gzip
import hashlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA_DIR = os.path.join(ROOT, "public", "data", "mnist")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["cnn", "lstm", "all"], default="all")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2, help="TensorFlow intra-op threads (inter-op: 1)")
    p.add_argument("--double-fit", action="store_true", help="5 untimed + 5 timed epochs, as the notebook")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--train-size", type=int, default=60000)
    p.add_argument("--test-size", type=int, default=10000)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--out", default=None)
    return p.parse_args()


def code_version():
    """The commit the code comes from, read at the start, naming this script's uncommitted files if any.

    Only scripts/keras/ counts: this run uses no other code of the repository (the data files
    are checked by their SHA-256 instead)."""
    try:
        commit = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True).strip()
        dirty = subprocess.check_output(["git", "status", "--porcelain", "--", "scripts/keras"], cwd=ROOT, text=True).split("\n")
        dirty = [line[3:] for line in dirty if line.strip()]
        return f"{commit} with uncommitted changes to {', '.join(dirty)}" if dirty else commit
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def read_split(np, split, count):
    """Pixels (count, 784) uint8 and labels (count,) from the site's shards, every byte checked."""
    with open(os.path.join(DATA_DIR, "manifest.json"), encoding="utf8") as f:
        manifest = json.load(f)
    if manifest.get("format") != "mnist-shards":
        sys.exit("public/data/mnist/manifest.json is not an mnist-shards manifest: run `npm run data`")
    images, labels, have = [], [], 0
    for shard in manifest["splits"][split]["shards"]:
        if have >= count:
            break
        parts = []
        for key in ("images", "labels"):
            spec = shard[key]
            with open(os.path.join(DATA_DIR, spec["name"]), "rb") as f:
                gz = f.read()
            if len(gz) != spec["bytes"] or sha256(gz) != spec["sha256"]:
                sys.exit(f"{spec['name']}: size or SHA-256 differs from manifest.json (run `npm run data`)")
            raw = gzip.decompress(gz)
            if sha256(raw) != spec["rawSha256"]:
                sys.exit(f"{spec['name']}: decompressed SHA-256 differs from manifest.json")
            parts.append(np.frombuffer(raw, dtype=np.uint8))
        images.append(parts[0].reshape(-1, 784))
        labels.append(parts[1])
        have += shard["count"]
    return np.concatenate(images)[:count], np.concatenate(labels)[:count]


class LoadSampler:
    """Samples the 1-minute load average every 10 s, so the file says how busy the machine was."""

    def __init__(self):
        self.samples, self._stop = [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(10)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self):
        s = self.samples or [float("nan")]
        return {"samples": len(self.samples), "intervalSeconds": 10, "min": round(min(s), 2),
                "mean": round(sum(s) / len(s), 2), "max": round(max(s), 2)}


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    args = parse_args()
    started = code_version()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)

    full = (args.epochs, args.train_size, args.test_size, args.batch_size) == (5, 60000, 10000, 32)
    out_dir = args.out or (os.path.join(ROOT, "src", "data", "keras") if full else os.path.join(ROOT, ".reference-state", "keras-smoke"))
    models = ["cnn", "lstm"] if args.model == "all" else [args.model]

    t0 = time.perf_counter()
    x_train_u8, y_train_int = read_split(np, "train", args.train_size)
    x_test_u8, y_test_int = read_split(np, "test", args.test_size)
    data_seconds = time.perf_counter() - t0

    for kind in models:
        # The notebook's preprocessing: pixels / 255, (n, 28, 28, 1) or (n, 28, 28), one-hot labels.
        shape = (-1, 28, 28, 1) if kind == "cnn" else (-1, 28, 28)
        x_train = (x_train_u8.astype("float32") / 255.0).reshape(shape)
        x_test = (x_test_u8.astype("float32") / 255.0).reshape(shape)
        y_train = keras.utils.to_categorical(y_train_int, 10)
        y_test = keras.utils.to_categorical(y_test_int, 10)

        keras.utils.set_random_seed(args.seed)
        t1 = time.perf_counter()
        if kind == "cnn":
            model = keras.Sequential([
                keras.Input(shape=(28, 28, 1)),
                layers.Conv2D(32, (3, 3), activation="relu"),
                layers.MaxPooling2D((2, 2)),
                layers.Conv2D(64, (3, 3), activation="relu"),
                layers.Flatten(),
                layers.Dense(128, activation="relu"),
                layers.Dropout(0.5),
                layers.Dense(10, activation="softmax"),
            ])
        else:
            model = keras.Sequential([
                keras.Input(shape=(28, 28)),
                layers.LSTM(128),
                layers.Dropout(0.5),
                layers.Dense(10, activation="softmax"),
            ])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
        build_seconds = time.perf_counter() - t1

        history, epoch_start = [], [0.0]

        class EpochLog(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                epoch_start[0] = time.perf_counter()

            def on_epoch_end(self, epoch, logs=None):
                # Keras has run the validation by now: epoch seconds include it, as in the TF.js files.
                logs = logs or {}
                entry = {"epoch": len(history), "loss": float(logs["loss"]), "accuracy": float(logs["accuracy"]),
                         "val_loss": float(logs["val_loss"]), "val_accuracy": float(logs["val_accuracy"]),
                         "seconds": time.perf_counter() - epoch_start[0]}
                history.append(entry)
                print(f"{time.strftime('%H:%M:%S')} [{kind} s{args.seed}] epoch {len(history)}: loss {entry['loss']:.4f} "
                      f"acc {entry['accuracy']:.4f} val_loss {entry['val_loss']:.4f} val_acc {entry['val_accuracy']:.4f} "
                      f"({entry['seconds']:.1f} s)", flush=True)

        fit_kw = dict(epochs=args.epochs, batch_size=args.batch_size, validation_data=(x_test, y_test), verbose=0, callbacks=[EpochLog()])
        first_fit_seconds = None
        print(f"{time.strftime('%H:%M:%S')} [{kind} s{args.seed}] {'5 + 5 epochs (double fit)' if args.double_fit else f'{args.epochs} epochs'}, "
              f"{args.threads} threads, train {len(x_train)} test {len(x_test)}", flush=True)
        with LoadSampler() as load:
            if args.double_fit:
                # The notebook's first, untimed fit of the same network.
                t = time.perf_counter()
                model.fit(x_train, y_train, **fit_kw)
                first_fit_seconds = time.perf_counter() - t
            t = time.perf_counter()
            model.fit(x_train, y_train, **fit_kw)
            fit_seconds = time.perf_counter() - t
            test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=args.batch_size, verbose=0)
            probs = model.predict(x_test, batch_size=256, verbose=0)

        pred = probs.argmax(axis=1)
        confusion = np.zeros((10, 10), dtype=int)
        np.add.at(confusion, (y_test_int, pred), 1)
        per_class = [float(confusion[c, c] / max(1, confusion[c].sum())) for c in range(10)]
        wrong = np.nonzero(pred != y_test_int)[0]
        misclassified = [{"index": int(i), "label": int(y_test_int[i]), "predicted": int(pred[i]),
                          "probability": float(probs[i, pred[i]])} for i in wrong]
        report = {
            "model": kind,
            "source": "keras",
            "options": {"epochs": args.epochs, "batchSize": args.batch_size, "trainSize": len(x_train),
                        "testSize": len(x_test), "learningRate": 0.001, "seed": args.seed},
            "notebookConfig": full,
            "doubleFit": args.double_fit,
            "history": history,
            # As the notebook timed it: the (second) model.fit call, validation included.
            "fitSeconds": fit_seconds,
            **({"firstFitSeconds": first_fit_seconds} if args.double_fit else {}),
            "dataSeconds": data_seconds,
            "buildSeconds": build_seconds,
            "parameters": int(model.count_params()),
            "test": {"loss": float(test_loss), "accuracy": float(test_acc)},
            "confusion": confusion.tolist(),
            "perClassAccuracy": per_class,
            "misclassifiedCount": len(misclassified),
            "misclassified": misclassified,
            "environment": {
                "backend": f"keras {keras.__version__} on tensorflow {tf.__version__} (CPU, {args.threads} intra-op threads)",
                "python": platform.python_version(), "tensorflow": tf.__version__, "keras": keras.__version__,
                "numpy": np.__version__, "cpu": cpu_model(), "cores": os.cpu_count(), "threads": args.threads,
                "seed": args.seed, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "code": started, "command": "python scripts/keras/train.py " + " ".join(sys.argv[1:]),
                "data": "public/data/mnist shards, SHA-256 checked against manifest.json",
                "loadAverage": load.summary(),
                "note": "fitSeconds times the (timed) model.fit call, validation included, as the notebook did; "
                        "loadAverage is the 1-minute load average sampled every 10 s during the fit, evaluation and prediction.",
            },
        }
        os.makedirs(out_dir, exist_ok=True)
        tag = "" if full else f"-n{len(x_train)}-t{len(x_test)}-e{args.epochs}"
        out = os.path.join(out_dir, f"{kind}{'-double' if args.double_fit else ''}-s{args.seed}{tag}.json")
        with open(out + ".tmp", "w", encoding="utf8") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
        os.replace(out + ".tmp", out)
        print(f"{time.strftime('%H:%M:%S')} [{kind} s{args.seed}] test accuracy {test_acc * 100:.2f} %, fit {fit_seconds:.0f} s -> "
              f"{os.path.relpath(out, ROOT)}", flush=True)
        keras.backend.clear_session()


if __name__ == "__main__":
    main()
