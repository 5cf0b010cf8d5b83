import type { EpochLog, Evaluation, Misclassified, TrainOptions, TrainResult } from '../train/protocol';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const allNums = (o: Obj, keys: readonly string[]) => keys.every((k) => isNum(o[k]));
const isNumArray = (x: unknown, length?: number): x is number[] =>
  Array.isArray(x) && x.every(isNum) && (length === undefined || x.length === length);

const OPTION_KEYS = ['epochs', 'batchSize', 'trainSize', 'testSize', 'learningRate', 'seed'] as const;
const EPOCH_KEYS = ['epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds'] as const;
const MISS_KEYS = ['index', 'label', 'predicted', 'probability'] as const;

/** Checks TrainOptions field by field (stored data may come from anywhere). */
export function isTrainOptions(x: unknown): x is TrainOptions {
  return isObj(x) && allNums(x, OPTION_KEYS);
}

/** Checks one per-epoch history row. */
export function isEpochLog(x: unknown): x is EpochLog {
  return isObj(x) && allNums(x, EPOCH_KEYS);
}

function isMisclassified(x: unknown): x is Misclassified {
  return isObj(x) && allNums(x, MISS_KEYS);
}

/**
 * Ten per-class accuracies; a digit with no test image (a small test set) has none: NaN in
 * memory, null once through JSON. Accepted only where its confusion row is all zeros.
 */
function isPerClass(x: unknown, confusion: number[][]): boolean {
  return Array.isArray(x) && x.length === 10 && x.every((v, c) => isNum(v) || ((v === null || Number.isNaN(v)) && (confusion[c] ?? []).every((n) => n === 0)));
}

/** The run as the charts expect it: a digit without test images back to NaN (JSON wrote null). */
export function reviveRun<T extends TrainResult>(run: T): T {
  const e = run.evaluation;
  const values = e?.perClassAccuracy as (number | null)[] | undefined;
  if (!e || !values || values.every((v) => v !== null)) return run;
  return { ...run, evaluation: { ...e, perClassAccuracy: values.map((v) => (v === null ? NaN : v)) } };
}

/** Checks an evaluation, including the 10×10 confusion matrix the charts index blindly. */
export function isEvaluation(x: unknown): x is Evaluation {
  return (
    isObj(x) &&
    isNum(x['loss']) &&
    isNum(x['accuracy']) &&
    Array.isArray(x['confusion']) &&
    x['confusion'].length === 10 &&
    x['confusion'].every((row) => isNumArray(row, 10)) &&
    isPerClass(x['perClassAccuracy'], x['confusion'] as number[][]) &&
    Array.isArray(x['misclassified']) &&
    x['misclassified'].every(isMisclassified)
  );
}

/** Checks a whole TrainResult, so a damaged entry never reaches a chart. */
export function isTrainResult(x: unknown): x is TrainResult {
  return (
    isObj(x) &&
    (x['model'] === 'cnn' || x['model'] === 'lstm') &&
    ['webgl', 'webgpu', 'wasm', 'cpu'].includes(x['backend'] as string) &&
    isTrainOptions(x['options']) &&
    Array.isArray(x['history']) &&
    x['history'].every(isEpochLog) &&
    allNums(x, ['fitSeconds', 'dataSeconds', 'buildSeconds']) &&
    typeof x['stopped'] === 'boolean' &&
    (x['evaluation'] === null || isEvaluation(x['evaluation'])) &&
    // WASM's thread count, named in the run line ("WASM, 2 threads"): absent in older runs.
    (x['threads'] === undefined || (Number.isInteger(x['threads']) && (x['threads'] as number) >= 1 && (x['threads'] as number) <= 256))
  );
}
