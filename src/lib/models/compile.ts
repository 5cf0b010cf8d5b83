import * as tf from '@tensorflow/tfjs';
import { FusedAdam } from '../train/fused-adam';

/** Keras's Adam defaults (tf.keras.optimizers.Adam); TF.js's epsilon default differs. */
export const KERAS_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Validates a learning rate: a finite number in (0, 1]. */
function checkLearningRate(learningRate: unknown, where: string): asserts learningRate is number {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0 || learningRate > 1) {
    throw new RangeError(`${where}: learningRate must be a number in (0, 1], got ${String(learningRate)}`);
  }
}

/**
 * Keras's Adam as this site trains with it: FusedAdam (train/fused-adam.ts),
 * TF.js's Adam update with one kernel per variable instead of ~14.
 */
export function createAdam(learningRate: number): tf.AdamOptimizer {
  checkLearningRate(learningRate, 'createAdam');
  const { beta1, beta2, epsilon } = KERAS_ADAM;
  return new FusedAdam(learningRate, beta1, beta2, epsilon);
}

/** Options of {@link compileModel}. */
export interface CompileOptions {
  learningRate: number;
}

/**
 * Compiles as the notebook does: optimizer='adam' (Keras defaults, see createAdam),
 * loss='categorical_crossentropy', metrics=['accuracy'].
 */
export function compileModel(model: tf.LayersModel, { learningRate }: CompileOptions): void {
  checkLearningRate(learningRate, 'compileModel');
  model.compile({
    optimizer: createAdam(learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
}
