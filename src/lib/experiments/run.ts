// Trains and evaluates one arm of an experiment, with the site's own trainer. No DOM: the
// worker (browser) and `npm run experiments` (Node, the reference results) both call it.
import * as tf from '@tensorflow/tfjs';
import type { MnistSet } from '../data/mnist';
import { toCnnTensors, toLstmTensors } from '../data/preprocess';
import { flipRows, permutePixels, pixelPermutation, shiftImages, transposeImages } from '../data/transforms';
import { compileModel, createCnn, createLstm } from '../models/index';
import { createMlp } from '../models/mlp';
import { evaluate } from '../train/evaluate';
import type { BatchLog } from '../train/protocol';
import { train } from '../train/trainer';
import { PERMUTATION_SEED, type ArmResult, type Experiment, type ExperimentArm, type ImageTransform, type Shift } from './spec';

export type { ArmResult } from './spec';

/** Hooks of a run: progress after batches, and Stop (read between batches). */
export interface ArmCallbacks {
  onBatch?(log: BatchLog): void;
  shouldStop?(): boolean;
}

/** Per-epoch validation only shows progress: a few hundred images keep it cheap; the result is measured on the whole test set. */
const VALIDATION_IMAGES = 500;

let permutation: Uint16Array | null = null;

/** The arm's transform applied to raw pixels (the permutation is computed once, it never changes). */
export function transformImages(images: Uint8Array, transform: ImageTransform): Uint8Array {
  switch (transform) {
    case 'none': return images;
    case 'shuffle': return permutePixels(images, (permutation ??= pixelPermutation(PERMUTATION_SEED)));
    case 'flip-rows': return flipRows(images);
    case 'transpose': return transposeImages(images);
    default: throw new TypeError(`unknown image transform ${JSON.stringify(transform)}`);
  }
}

function first(set: MnistSet, n: number): MnistSet {
  if (n > set.count) throw new RangeError(`the experiment needs ${n} examples, the data has ${set.count}`);
  return { images: set.images.subarray(0, n * 784), labels: set.labels.subarray(0, n), count: n };
}

/** The arm's model input: (n, 28, 28) for the LSTM, (n, 28, 28, 1) for the CNN and the MLP. */
function tensors(arm: ExperimentArm, set: MnistSet, shift?: Shift) {
  const moved = shift && (shift.dx !== 0 || shift.dy !== 0) ? shiftImages(set.images, shift.dx, shift.dy) : set.images;
  const input = { images: transformImages(moved, arm.transform), labels: set.labels, count: set.count };
  return arm.model === 'lstm' ? toLstmTensors(input) : toCnnTensors(input);
}

function createFor(arm: ExperimentArm, seed: number): tf.Sequential {
  if (arm.model === 'cnn') return createCnn({ seed });
  if (arm.model === 'lstm') return createLstm({ seed });
  return createMlp({ seed });
}

/**
 * Trains `arm` with `seed` on the first arm.trainSize training images and evaluates it on
 * the experiment's test images (then on each shifted copy, for the shift experiment).
 * Null when Stop came first. Every tensor it makes is freed, on every path.
 */
export async function runArm(exp: Experiment, arm: ExperimentArm, seed: number, data: { train: MnistSet; test: MnistSet }, callbacks: ArmCallbacks = {}): Promise<ArmResult | null> {
  const tr = tensors(arm, first(data.train, arm.trainSize));
  const testSet = first(data.test, exp.testSize);
  const te = tensors(arm, testSet);
  const model = createFor(arm, seed);
  const val = { xs: te.xs.slice(0, Math.min(VALIDATION_IMAGES, exp.testSize)), ys: te.ys.slice(0, Math.min(VALIDATION_IMAGES, exp.testSize)) };
  try {
    compileModel(model, { learningRate: exp.learningRate });
    const fit = await train(model, { xTrain: tr.xs, yTrain: tr.ys, xTest: val.xs, yTest: val.ys },
      { epochs: arm.epochs, batchSize: exp.batchSize, seed, learningRate: exp.learningRate }, {
        ...(callbacks.onBatch ? { onBatch: callbacks.onBatch } : {}),
        ...(callbacks.shouldStop ? { shouldStop: callbacks.shouldStop } : {}),
      });
    const stop = callbacks.shouldStop ?? (() => false);
    if (fit.stopped || stop()) return null;
    const ev = await evaluate(model, te.xs, te.ys, { maxMisclassified: 0, shouldStop: stop });
    if (!ev) return null;
    const result: ArmResult = { arm: arm.id, seed, accuracy: ev.accuracy, loss: ev.loss, fitSeconds: fit.fitSeconds };
    if (exp.shifts) {
      result.shifts = [];
      for (const shift of exp.shifts) {
        const shifted = shift.dx === 0 && shift.dy === 0 ? null : tensors(arm, testSet, shift);
        try {
          const s = await evaluate(model, shifted?.xs ?? te.xs, shifted?.ys ?? te.ys, { maxMisclassified: 0, shouldStop: stop });
          if (!s) return null;
          result.shifts.push({ ...shift, accuracy: s.accuracy });
        } finally {
          if (shifted) tf.dispose([shifted.xs, shifted.ys]);
        }
      }
    }
    return result;
  } finally {
    tf.dispose([tr.xs, tr.ys, te.xs, te.ys, val.xs, val.ys]);
    model.optimizer?.dispose();
    model.dispose();
  }
}
