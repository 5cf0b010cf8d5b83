// The notebook's preprocessing: pixels scaled to [0, 1], labels one-hot encoded.
// The CNN sees (n, 28, 28, 1) images; the LSTM reads each image as 28 time steps of 28 pixels.
import * as tf from '@tensorflow/tfjs';
import type { MnistSet } from './mnist.ts';
import { normalize, oneHot } from './pixels.ts';

// Re-exported so existing imports keep working; pixels.ts alone stays TF.js-free.
export { normalize, oneHot };

function checkSize(set: MnistSet): void {
  if (set.images.length !== set.count * 784 || set.labels.length !== set.count) {
    throw new RangeError(`MnistSet of ${set.count} examples has ${set.images.length} pixels and ${set.labels.length} labels`);
  }
}

/** CNN inputs: xs (n, 28, 28, 1) in [0, 1], ys (n, 10) one-hot. The caller disposes both. */
export function toCnnTensors(set: MnistSet): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  checkSize(set);
  // Built straight from typed arrays: no intermediate tensors, so nothing to tidy.
  return {
    xs: tf.tensor4d(normalize(set.images), [set.count, 28, 28, 1]),
    ys: tf.tensor2d(oneHot(set.labels), [set.count, 10]),
  };
}

/** LSTM inputs: xs (n, 28, 28) = 28 steps of 28 pixels in [0, 1], ys (n, 10) one-hot. The caller disposes both. */
export function toLstmTensors(set: MnistSet): { xs: tf.Tensor3D; ys: tf.Tensor2D } {
  checkSize(set);
  return {
    xs: tf.tensor3d(normalize(set.images), [set.count, 28, 28]),
    ys: tf.tensor2d(oneHot(set.labels), [set.count, 10]),
  };
}
