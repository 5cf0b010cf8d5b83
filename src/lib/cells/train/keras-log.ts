import type { EpochLog } from '../../train/protocol';

const metric = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : String(v));

/** Batches per epoch, the last partial batch included (as Keras counts steps). */
export function stepsPerEpoch(trainSize: number, batchSize: number): number {
  return Math.ceil(trainSize / batchSize);
}

/**
 * The two lines Keras prints for a finished epoch (fit verbose=2), so the output
 * reads like the notebook's (`ordinal` counts from 1, whatever base log.epoch uses):
 *   Epoch 1/5
 *   63/63 - 6s - 95ms/step - loss: 0.4123 - accuracy: 0.8790 - val_loss: 0.2011 - val_accuracy: 0.9410
 */
export function kerasEpochLines(log: EpochLog, ordinal: number, epochs: number, steps: number): string {
  const seconds = Math.round(log.seconds);
  const perStep = Math.round((log.seconds * 1000) / Math.max(1, steps));
  return [
    `Epoch ${ordinal}/${epochs}`,
    `${steps}/${steps} - ${seconds}s - ${perStep}ms/step - loss: ${metric(log.loss)} - accuracy: ${metric(log.accuracy)}` +
      ` - val_loss: ${metric(log.val_loss)} - val_accuracy: ${metric(log.val_accuracy)}`,
  ].join('\n');
}
