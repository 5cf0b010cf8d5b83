import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluate, predictOne } from './evaluate';
import { validate } from './trainer';
import { syntheticSet, tinyModel } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluate', () => {
  it('gives a consistent confusion matrix, accuracies and misclassified list', async () => {
    const { xs, ys, labels } = syntheticSet(123, 10, 5);
    const model = tinyModel(10, 9);
    const base = tf.memory().numTensors;
    const ev = await evaluate(model, xs, ys, { batchSize: 50 });
    expect(tf.memory().numTensors).toBe(base);

    const total = ev.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(123);
    const trace = ev.confusion.reduce((s, row, i) => s + row[i]!, 0);
    expect(ev.accuracy).toBeCloseTo(trace / 123, 10);
    ev.confusion.forEach((row, c) => {
      expect(row.reduce((a, b) => a + b, 0)).toBe(labels.filter((l) => l === c).length);
      if (row.some((v) => v > 0)) expect(ev.perClassAccuracy[c]).toBeCloseTo(row[c]! / row.reduce((a, b) => a + b, 0), 10);
    });
    expect(ev.misclassified.length).toBe(123 - trace);
    for (const m of ev.misclassified) {
      expect(m.label).toBe(labels[m.index]);
      expect(m.predicted).not.toBe(m.label);
      expect(m.probability).toBeGreaterThan(0);
      expect(m.probability).toBeLessThanOrEqual(1);
    }
    // Same loss/accuracy as the training loop's validation pass.
    const val = (await validate(model, { xTest: xs, yTest: ys }, 32))!;
    expect(ev.loss).toBeCloseTo(val.loss, 5);
    expect(ev.accuracy).toBeCloseTo(val.accuracy, 10);

    const capped = await evaluate(model, xs, ys, { maxMisclassified: 3 });
    expect(capped.misclassified).toEqual(ev.misclassified.slice(0, 3));
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('stops between batches when asked, with null and no tensor left', async () => {
    const { xs, ys } = syntheticSet(100, 10, 5);
    const model = tinyModel();
    const base = tf.memory().numTensors;
    let asked = 0;
    // Stop turns true after the second batch: a third is never computed.
    expect(await evaluate(model, xs, ys, { batchSize: 25, shouldStop: () => ++asked > 2 })).toBeNull();
    expect(asked).toBe(3);
    expect(tf.memory().numTensors).toBe(base);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('frees a batch\'s tensors when a read-back rejects (a lost GPU)', async () => {
    const { xs, ys } = syntheticSet(20, 10, 5);
    const model = tinyModel();
    const base = tf.memory().numTensors;
    const read = vi.spyOn(tf.Tensor.prototype, 'data').mockRejectedValueOnce(new Error('device lost'));
    try {
      await expect(evaluate(model, xs, ys)).rejects.toThrow('device lost');
      expect(tf.memory().numTensors).toBe(base);
      read.mockRejectedValueOnce(new Error('device lost'));
      await expect(predictOne(model, new Float32Array(10))).rejects.toThrow('device lost');
      expect(tf.memory().numTensors).toBe(base);
    } finally {
      read.mockRestore();
    }
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('predictOne returns a probability vector matching model.predict, without leaks', async () => {
    const { xs, ys } = syntheticSet(1, 10, 3);
    const model = tinyModel();
    const pixels = xs.dataSync() as Float32Array;
    const base = tf.memory().numTensors;
    const probs = await predictOne(model, pixels);
    expect(tf.memory().numTensors).toBe(base);
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const direct = tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
    probs.forEach((p, i) => expect(p).toBeCloseTo(direct[i]!, 6));
    await expect(predictOne(model, new Float32Array(5))).rejects.toThrow(/expected 10 pixels/);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
