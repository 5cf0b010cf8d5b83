import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from './shuffle';

/** A small dense classifier (with dropout) so loop tests run in milliseconds. */
export function tinyModel(features = 10, seed = 1): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({
    inputShape: [features], units: 32, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
  }));
  model.add(tf.layers.dropout({ rate: 0.2 }));
  model.add(tf.layers.dense({
    units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
  }));
  return model;
}

/** A learnable task: the label is the index of the largest of the first 10 features. */
export function syntheticSet(n: number, features = 10, seed = 7): { xs: tf.Tensor2D; ys: tf.Tensor2D; labels: number[] } {
  const rand = mulberry32(seed);
  const x = new Float32Array(n * features);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let f = 0; f < features; f++) {
      x[i * features + f] = rand();
      if (f < 10 && x[i * features + f]! > x[i * features + best]!) best = f;
    }
    labels.push(best);
  }
  return { xs: tf.tensor2d(x, [n, features]), ys: tf.oneHot(labels, 10).toFloat() as tf.Tensor2D, labels };
}

/** Largest |a − b| over the largest |b|: a relative error that tolerates entries near 0. */
export function relError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / Math.max(1e-12, tf.max(tf.abs(b)).dataSync()[0]!));
}

/**
 * {@link relError} read back asynchronously. On WebGPU a synchronous read (dataSync) goes
 * through a canvas, which returns zeros in Chromium without GPU compositing (--disable-gpu,
 * as the e2e tests run; see tests/e2e/webgpu.spec.ts): checks that run there use this one.
 */
export async function relErrorAsync(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [diff, scale] = tf.tidy(() => [tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))]);
  const [d, s] = [(await diff!.data())[0]!, (await scale!.data())[0]!];
  tf.dispose([diff!, scale!]);
  return d / Math.max(1e-12, s);
}

/** Largest |x|, read back asynchronously (see {@link relErrorAsync}). */
export async function maxAbs(x: tf.Tensor): Promise<number> {
  const m = tf.tidy(() => tf.max(tf.abs(x)));
  const v = (await m.data())[0]!;
  m.dispose();
  return v;
}
