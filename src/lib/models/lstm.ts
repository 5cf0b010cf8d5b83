import * as tf from '@tensorflow/tfjs';
import { FastOrthogonal } from './orthogonal';
import { SeededDropout } from './seeded-dropout';
import { assertSeed, deriveSeed } from './seeds';

/** Options of {@link createLstm}. */
export interface LstmOptions {
  /** Run seed (non-negative safe integer); default 42, the notebook's. */
  seed?: number;
  /** Time steps and features per step; default [28, 28]: one image row per step. */
  inputShape?: readonly [number, number];
}

/** The LSTM's input shape in the notebook (28 rows of 28 pixels). */
export const LSTM_INPUT_SHAPE = [28, 28] as const;

/**
 * The notebook's Keras LSTM (81,674 parameters on MNIST):
 * LSTM(128) -> Dropout(0.5) -> Dense(10, softmax). TF.js's LSTM defaults
 * differ from Keras's (hard sigmoid gates, no forget-gate bias of 1), so every
 * Keras default is set explicitly here. The orthogonal recurrent kernel comes
 * from FastOrthogonal (see orthogonal.ts): TF.js's own takes minutes on CPU.
 */
export function createLstm(options: LstmOptions = {}): tf.Sequential {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createLstm: options must be an object');
  }
  const seed = options.seed ?? 42;
  assertSeed(seed, 'createLstm');
  const shape: unknown = options.inputShape ?? LSTM_INPUT_SHAPE;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TypeError(`createLstm: inputShape must be 2 positive integers [timeSteps, features], got ${JSON.stringify(shape)}`);
  }
  const inputShape = shape as [number, number];

  const model = tf.sequential({ name: 'lstm' });
  // tidy: tfjs-layers' unitForgetBias initializer leaks its 4 temporary tensors
  // on build; weights are variables, which tidy keeps.
  tf.tidy(() => {
    model.add(tf.layers.lstm({
      name: 'lstm', inputShape, units: 128,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 1) }),
      recurrentInitializer: new FastOrthogonal({ seed: deriveSeed(seed, 2), gain: 1 }) as unknown as ReturnType<typeof tf.initializers.orthogonal>,
      biasInitializer: 'zeros',
    }));
    model.add(new SeededDropout({ name: 'dropout', rate: 0.5, seed: deriveSeed(seed, 3) }));
    model.add(tf.layers.dense({
      name: 'dense', units: 10, activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 4) }), biasInitializer: 'zeros',
    }));
  });
  return model;
}
