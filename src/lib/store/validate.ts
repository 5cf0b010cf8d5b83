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

/** Checks an evaluation, including the 10×10 confusion matrix the charts index blindly. */
export function isEvaluation(x: unknown): x is Evaluation {
  return (
    isObj(x) &&
    isNum(x['loss']) &&
    isNum(x['accuracy']) &&
    Array.isArray(x['confusion']) &&
    x['confusion'].length === 10 &&
    x['confusion'].every((row) => isNumArray(row, 10)) &&
    isNumArray(x['perClassAccuracy'], 10) &&
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
    (x['evaluation'] === null || isEvaluation(x['evaluation']))
  );
}
