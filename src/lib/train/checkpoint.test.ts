import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureState, restoreState } from './checkpoint';
import { train } from './trainer';
import { syntheticSet, tinyModel } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tinyModel without dropout randomness differences: the same seed gives the same init. */
function compiled(seed: number) {
  const model = tinyModel(10, seed);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

describe('checkpoint', () => {
  it('restores weights and Adam state so that training continues identically', async () => {
    const a = syntheticSet(64, 10, 1);
    const data = { xTrain: a.xs, yTrain: a.ys, xTest: a.xs, yTest: a.ys };
    const opts = { epochs: 2, batchSize: 16, seed: 5 };
    // Reference: 2 epochs in one go (dropout rate 0.2 uses TF.js' unseeded RNG,
    // so compare on a model whose dropout is a no-op at inference: set rate 0).
    const ref = compiled(1);
    (ref.layers[1] as unknown as { rate: number }).rate = 0;
    await train(ref, data, { ...opts, epochs: 1 });
    const base = tf.memory().numTensors;
    const state = await captureState(ref, ref.optimizer);
    expect(tf.memory().numTensors).toBe(base);
    await train(ref, data, { ...opts, initialEpoch: 1 });

    const resumed = compiled(2); // different init, overwritten by the restore
    (resumed.layers[1] as unknown as { rate: number }).rate = 0;
    await restoreState(resumed, resumed.optimizer, state);
    // The restore created Adam's slots; training must not add any tensor after that.
    const before = tf.memory().numTensors;
    await train(resumed, data, { ...opts, initialEpoch: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const wa = ref.getWeights().map((t) => t.dataSync());
    const wb = resumed.getWeights().map((t) => t.dataSync());
    wa.forEach((arr, i) => arr.forEach((v, j) => expect(wb[i]![j]).toBeCloseTo(v, 5)));
    tf.dispose([a.xs, a.ys]);
    ref.dispose();
    resumed.dispose();
  });

  it('refuses a checkpoint of another architecture', async () => {
    const m = compiled(1);
    const state = await captureState(m, m.optimizer);
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, name: 'other' })] });
    other.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    await expect(restoreState(other, other.optimizer, state)).rejects.toThrow(/do not match/);
    m.dispose();
    other.dispose();
  });
});
