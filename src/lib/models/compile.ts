import * as tf from '@tensorflow/tfjs';

/** Keras's Adam defaults (tf.keras.optimizers.Adam); TF.js's epsilon default differs. */
export const KERAS_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Options of {@link compileModel}. */
export interface CompileOptions {
  learningRate: number;
}

/**
 * Compiles as the notebook does: optimizer='adam' (Keras defaults),
 * loss='categorical_crossentropy', metrics=['accuracy'].
 */
export function compileModel(model: tf.LayersModel, { learningRate }: CompileOptions): void {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0 || learningRate > 1) {
    throw new RangeError(`compileModel: learningRate must be a number in (0, 1], got ${String(learningRate)}`);
  }
  const { beta1, beta2, epsilon } = KERAS_ADAM;
  model.compile({
    optimizer: tf.train.adam(learningRate, beta1, beta2, epsilon),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
}
