import * as tf from '@tensorflow/tfjs';
import type { Evaluation, Misclassified } from './protocol';
import { crossEntropy } from './metrics';
import { nextMacrotask } from './macrotask';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Inference batch; larger is faster, bounded by memory. Default 256. */
  batchSize?: number;
  /** Keep at most this many misclassified examples (in index order). Default: all. */
  maxMisclassified?: number;
  classes?: number;
}

/** Options of an evaluation that Stop may end early. */
export interface StoppableEvaluateOptions extends EvaluateOptions {
  /** Read before each batch (a queued 'stop' message runs in between): true ends the evaluation with null. */
  shouldStop: () => boolean;
}

/**
 * Test loss/accuracy (Keras' evaluate numbers), confusion[true][predicted],
 * per-class accuracy and the misclassified examples, in batches so that
 * 10,000 test images never sit in memory as one prediction tensor.
 * Null when options.shouldStop turned true before a batch.
 */
export function evaluate(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, options: StoppableEvaluateOptions): Promise<Evaluation | null>;
export function evaluate(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, options?: EvaluateOptions): Promise<Evaluation>;
export async function evaluate(
  model: tf.LayersModel,
  xs: tf.Tensor,
  ys: tf.Tensor,
  options: EvaluateOptions & { shouldStop?: () => boolean } = {},
): Promise<Evaluation | null> {
  const n = xs.shape[0];
  const batchSize = options.batchSize ?? 256;
  const classes = options.classes ?? 10;
  const keep = options.maxMisclassified ?? Infinity;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const misclassified: Misclassified[] = [];
  let lossSum = 0;
  let correct = 0;
  for (let s = 0; s < n; s += batchSize) {
    if (options.shouldStop) {
      if (s > 0) await nextMacrotask(); // lets a queued 'stop' message run
      if (options.shouldStop()) return null;
    }
    const size = Math.min(batchSize, n - s);
    const [loss, truth, predicted, probability] = tf.tidy(() => {
      const yb = ys.slice(s, size);
      const pred = model.predict(xs.slice(s, size)) as tf.Tensor;
      return [crossEntropy(yb, pred).sum(), tf.argMax(yb, -1), tf.argMax(pred, -1), pred.max(-1)];
    });
    let read;
    try {
      read = await Promise.all([loss.data(), truth.data(), predicted.data(), probability.data()]);
    } finally {
      // Also when a read-back rejects (a lost GPU): the batch's tensors must not outlive it.
      tf.dispose([loss, truth, predicted, probability]);
    }
    const [l, t, p, pr] = read;
    lossSum += l[0]!;
    for (let i = 0; i < size; i++) {
      const label = t[i]!;
      const guess = p[i]!;
      confusion[label]![guess]! += 1;
      if (label === guess) correct += 1;
      else if (misclassified.length < keep) {
        misclassified.push({ index: s + i, label, predicted: guess, probability: pr[i]! });
      }
    }
  }
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[c]! / total;
  });
  return { loss: lossSum / n, accuracy: correct / n, confusion, perClassAccuracy, misclassified };
}

/**
 * Class probabilities for one image of flat pixels in [0, 1], reshaped to the
 * model's own input shape ([28,28,1] for the CNN, [28,28] for the LSTM).
 */
export async function predictOne(model: tf.LayersModel, pixels: Float32Array): Promise<number[]> {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  if (pixels.length !== size) {
    throw new RangeError(`predictOne: expected ${size} pixels for input shape [${shape.join(', ')}], got ${pixels.length}`);
  }
  const probs = tf.tidy(() => (model.predict(tf.tensor(pixels, [1, ...shape])) as tf.Tensor).squeeze());
  try {
    return Array.from(await probs.data());
  } finally {
    probs.dispose();
  }
}
