import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from './seeded-dropout';
import { assertSeed, deriveSeed } from './seeds';

/** Options of createMlp. */
export interface MlpOptions {
  /** Seed of the weights and the dropout masks (default 42, the reference runs' seed). */
  seed?: number;
}

/** The MLP's input: one 28 × 28 image with one channel, like the CNN's. */
export const MLP_INPUT_SHAPE = [28, 28, 1] as const;

/**
 * The experiments' control model without any spatial prior: the CNN's own head on the raw
 * pixels, Flatten -> Dense(128, relu) -> Dropout(0.5) -> Dense(10, softmax), 101,770
 * parameters. A fixed shuffle of the pixels leaves it the same model (it has no notion of
 * which pixels are neighbours), which is what makes it the control.
 */
export function createMlp(options: MlpOptions = {}): tf.Sequential {
  const seed = options.seed ?? 42;
  assertSeed(seed, 'createMlp');
  const kernel = (stream: number) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, stream) });
  const model = tf.sequential({ name: 'mlp' });
  model.add(tf.layers.flatten({ name: 'flatten', inputShape: [...MLP_INPUT_SHAPE] }));
  model.add(tf.layers.dense({ name: 'dense', units: 128, activation: 'relu', kernelInitializer: kernel(1), biasInitializer: 'zeros' }));
  model.add(new SeededDropout({ name: 'dropout', rate: 0.5, seed: deriveSeed(seed, 2) }));
  model.add(tf.layers.dense({ name: 'dense_1', units: 10, activation: 'softmax', kernelInitializer: kernel(3), biasInitializer: 'zeros' }));
  return model;
}
