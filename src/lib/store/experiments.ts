// The student's latest run of each experiment, in localStorage beside the trainings' runs.
import { EXPERIMENT_IDS, type ExperimentId } from '../experiments/spec';
import type { ExperimentRunResult } from '../train/protocol';
import { isTrainOptions } from './validate';

/** Version of the stored envelope. */
export const EXPERIMENTS_VERSION = 1;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isFraction = (x: unknown): x is number => isNum(x) && x >= 0 && x <= 1;

/** The key of an experiment's latest run (prefixed: GitHub Pages sites share an origin). */
export function experimentKey(id: ExperimentId): string {
  return `cnn-lstm-mnist:experiment:${id}`;
}

/** Checks a stored experiment result field by field (stored data may come from anywhere). */
export function isExperimentRunResult(x: unknown): x is ExperimentRunResult {
  if (!isObj(x) || !EXPERIMENT_IDS.includes(x['experiment'] as ExperimentId) || !isTrainOptions(x['options'])) return false;
  if (typeof x['backend'] !== 'string' || typeof x['stopped'] !== 'boolean' || !isNum(x['arms']) || !isNum(x['seconds'])) return false;
  return Array.isArray(x['results']) && x['results'].every((r) => isObj(r) && typeof r['arm'] === 'string' && isNum(r['seed']) && isFraction(r['accuracy'])
    && (r['shifts'] === undefined || (Array.isArray(r['shifts']) && r['shifts'].every((s) => isObj(s) && isNum(s['dx']) && isNum(s['dy']) && isFraction(s['accuracy'])))));
}

/** Saves the run; false when the browser refuses (the run is still shown, only not kept). */
export function saveExperiment(storage: Storage | null, result: ExperimentRunResult, now: Date = new Date()): boolean {
  if (!storage) return false;
  try {
    storage.setItem(experimentKey(result.experiment), JSON.stringify({ v: EXPERIMENTS_VERSION, savedAt: now.toISOString(), result }));
    return true;
  } catch {
    return false;
  }
}

/** The latest kept run of an experiment; a damaged or foreign entry is removed and reads as none. */
export function loadExperiment(storage: Storage | null, id: ExperimentId): { result: ExperimentRunResult; savedAt: string } | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(experimentKey(id));
    if (raw === null) return null;
    const env = JSON.parse(raw) as Obj;
    if (env['v'] === EXPERIMENTS_VERSION && typeof env['savedAt'] === 'string' && isExperimentRunResult(env['result']) && env['result'].experiment === id) {
      return { result: env['result'], savedAt: env['savedAt'] };
    }
  } catch {
    // Unreadable: dropped below.
  }
  try {
    storage.removeItem(experimentKey(id));
  } catch {
    // Nothing more to do.
  }
  return null;
}
