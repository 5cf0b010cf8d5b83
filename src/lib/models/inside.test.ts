import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './index';
import { cnnInside, lstmTrace } from './inside';

// A fixed, digit-like pattern: values in [0, 1], a third of them ink.
const digit = Float32Array.from({ length: 784 }, (_, i) => (i % 3 === 0 ? ((i * 37) % 255) / 255 : 0));

async function predicted(model: tf.LayersModel, shape: number[]): Promise<Float32Array> {
  const t = tf.tidy(() => model.predict(tf.tensor(digit, shape)) as tf.Tensor);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('cnnInside', () => {
  it('gives the maps of the first layers and the kernels, consistent with predict()', async () => {
    const model = createModel('cnn', 7);
    const inside = await cnnInside(model, digit);
    expect(inside.filters.shape).toEqual([3, 3, 32]);
    expect(inside.conv1.shape).toEqual([26, 26, 32]);
    expect(inside.pool1.shape).toEqual([13, 13, 32]);
    expect(inside.conv2.shape).toEqual([11, 11, 64]);
    expect(inside.conv1.values.length).toBe(26 * 26 * 32);
    expect(Math.min(...inside.conv1.values)).toBeGreaterThanOrEqual(0); // after ReLU
    const at = (s: typeof inside.conv1, y: number, x: number, c: number) => s.values[(y * s.shape[1] + x) * s.shape[2] + c]!;
    // Pooling: each pooled value is the max of its 2×2 window.
    expect(at(inside.pool1, 3, 5, 9)).toBeCloseTo(Math.max(at(inside.conv1, 6, 10, 9), at(inside.conv1, 6, 11, 9), at(inside.conv1, 7, 10, 9), at(inside.conv1, 7, 11, 9)), 6);
    const kernel = await (model.layers[0]!.getWeights()[0] as tf.Tensor).data();
    expect(Array.from(inside.filters.values)).toEqual(Array.from(kernel));
    const direct = await predicted(model, [1, 28, 28, 1]);
    inside.probabilities.forEach((p, k) => expect(p).toBeCloseTo(direct[k]!, 6));
    model.dispose();
  });

  it('frees every tensor it makes (20 renders) and rejects bad pixels', async () => {
    const model = createModel('cnn', 7);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await cnnInside(model, digit);
    expect(tf.memory().numTensors).toBe(before);
    await expect(cnnInside(model, new Float32Array(10))).rejects.toThrow(/784 pixels/);
    await expect(cnnInside(model, new Float32Array(784).fill(NaN))).rejects.toThrow(/\[0, 1\]/);
    await expect(cnnInside(createModel('lstm', 1), digit)).rejects.toThrow(/notebook CNN/);
    model.dispose();
  });
});

describe('lstmTrace', () => {
  it('ends where predict() ends, with gates in [0, 1] and h in [-1, 1]', async () => {
    const model = createModel('lstm', 3);
    const trace = await lstmTrace(model, digit);
    expect(trace.steps).toBe(28);
    expect(trace.units).toBe(128);
    expect(trace.probabilities.length).toBe(28 * 10);
    expect(trace.hidden.length).toBe(28 * 128);
    const direct = await predicted(model, [1, 28, 28]);
    for (let k = 0; k < 10; k++) expect(trace.probabilities[27 * 10 + k]!).toBeCloseTo(direct[k]!, 5);
    for (let t = 0; t < 28; t++) {
      const row = trace.probabilities.subarray(t * 10, t * 10 + 10).reduce((a, b) => a + b, 0);
      expect(row).toBeCloseTo(1, 5);
      for (const g of [trace.gates.input, trace.gates.forget, trace.gates.output]) expect(g[t]!).toBeGreaterThan(0), expect(g[t]!).toBeLessThan(1);
    }
    expect(Math.max(...trace.hidden.map(Math.abs))).toBeLessThanOrEqual(1);
    model.dispose();
  });

  it('frees every tensor it makes (20 traces)', async () => {
    const model = createModel('lstm', 3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await lstmTrace(model, digit);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
