import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createMlp } from './mlp';

describe('createMlp', () => {
  it('is the CNN’s head on raw pixels: 101,770 parameters, (n, 10) probabilities', () => {
    const model = createMlp({ seed: 1 });
    expect(model.countParams()).toBe(101_770);
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Flatten', 'Dense', 'Dropout', 'Dense']);
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => model.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor);
    expect(y.shape).toEqual([3, 10]);
    const sums = tf.tidy(() => y.sum(1).dataSync());
    expect(sums.every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
  it('is seeded: the same seed gives the same weights', () => {
    const [a, b, c] = [createMlp({ seed: 5 }), createMlp({ seed: 5 }), createMlp({ seed: 6 })];
    const w = (m: tf.Sequential) => Array.from(m.getWeights()[0]!.dataSync().slice(0, 20));
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    expect(() => createMlp({ seed: -1 })).toThrow(/seed/);
    for (const m of [a, b, c]) m.dispose();
  });
});
