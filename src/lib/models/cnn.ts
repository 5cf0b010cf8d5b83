import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from './seeded-dropout';
import { assertSeed, deriveSeed } from './seeds';

/** Options of {@link createCnn}. */
export interface CnnOptions {
  /** Run seed (non-negative safe integer); default 42, the notebook's. */
  seed?: number;
  /** Image height, width, channels; default [28, 28, 1] (MNIST). */
  inputShape?: readonly [number, number, number];
}

/** The CNN's input shape in the notebook. */
export const CNN_INPUT_SHAPE = [28, 28, 1] as const;

/** Smallest image side for which conv(3) -> pool(2) -> conv(3) keeps >= 1 pixel. */
const MIN_SIDE = 8;

function checkInputShape(shape: unknown): [number, number, number] {
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TypeError(`createCnn: inputShape must be 3 positive integers [height, width, channels], got ${JSON.stringify(shape)}`);
  }
  const [h, w, c] = shape as [number, number, number];
  if (h < MIN_SIDE || w < MIN_SIDE) {
    throw new RangeError(`createCnn: inputShape height and width must be at least ${MIN_SIDE}, got [${h}, ${w}, ${c}]`);
  }
  return [h, w, c];
}

/**
 * The notebook's Keras CNN, layer for layer (1,011,466 parameters on MNIST):
 * Conv2D(32,3x3,relu) -> MaxPooling2D(2x2) -> Conv2D(64,3x3,relu) -> Flatten
 * -> Dense(128,relu) -> Dropout(0.5) -> Dense(10,softmax). Keras defaults are
 * spelled out (glorot_uniform kernels, zero biases) with a seed per layer.
 */
export function createCnn(options: CnnOptions = {}): tf.Sequential {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createCnn: options must be an object');
  }
  const seed = options.seed ?? 42;
  assertSeed(seed, 'createCnn');
  const inputShape = checkInputShape(options.inputShape ?? CNN_INPUT_SHAPE);
  const kernel = (stream: number) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, stream) });

  const model = tf.sequential({ name: 'cnn' });
  model.add(tf.layers.conv2d({
    name: 'conv2d', inputShape, filters: 32, kernelSize: 3, activation: 'relu',
    kernelInitializer: kernel(1), biasInitializer: 'zeros',
  }));
  model.add(tf.layers.maxPooling2d({ name: 'max_pooling2d', poolSize: 2 }));
  model.add(tf.layers.conv2d({
    name: 'conv2d_1', filters: 64, kernelSize: 3, activation: 'relu',
    kernelInitializer: kernel(2), biasInitializer: 'zeros',
  }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({
    name: 'dense', units: 128, activation: 'relu', kernelInitializer: kernel(3), biasInitializer: 'zeros',
  }));
  model.add(new SeededDropout({ name: 'dropout', rate: 0.5, seed: deriveSeed(seed, 4) }));
  model.add(tf.layers.dense({
    name: 'dense_1', units: 10, activation: 'softmax', kernelInitializer: kernel(5), biasInitializer: 'zeros',
  }));
  return model;
}
