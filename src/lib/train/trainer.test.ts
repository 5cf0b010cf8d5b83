import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { train, validate } from './trainer';
import { epochPermutation } from './shuffle';
import type { BatchLog } from './protocol';
import { syntheticSet, tinyModel } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function data(nTrain: number, nTest: number) {
  const a = syntheticSet(nTrain, 10, 1);
  const b = syntheticSet(nTest, 10, 2);
  return { xTrain: a.xs, yTrain: a.ys, xTest: b.xs, yTest: b.ys };
}

describe('epochPermutation', () => {
  it('is a seeded permutation that changes per epoch', () => {
    const p = epochPermutation(100, 42, 0);
    expect([...p].sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
    expect([...epochPermutation(100, 42, 0)]).toEqual([...p]);
    expect([...epochPermutation(100, 42, 1)]).not.toEqual([...p]);
    expect([...epochPermutation(100, 43, 0)]).not.toEqual([...p]);
  });
});

describe('train', () => {
  it('returns one Keras-named log per epoch, covers the last partial batch, and learns', async () => {
    const d = data(250, 100);
    const model = tinyModel();
    const batches: BatchLog[] = [];
    const { history, fitSeconds, stopped } = await train(model, d, { epochs: 4, batchSize: 16, seed: 3, learningRate: 0.01, readEvery: 1 }, {
      onBatch: (log) => batches.push(log),
    });
    expect(stopped).toBe(false);
    expect(history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    for (const h of history) {
      for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds'] as const) expect(Number.isFinite(h[k])).toBe(true);
      expect(h.accuracy).toBeGreaterThanOrEqual(0);
      expect(h.accuracy).toBeLessThanOrEqual(1);
    }
    // 250 / 16 -> 15 full batches + 1 of 10 examples.
    expect(batches.filter((b) => b.epoch === 0).map((b) => b.batch)).toEqual([...Array(16).keys()].map((i) => i + 1));
    expect(batches[0]!.batchesPerEpoch).toBe(16);
    expect(batches.every((b) => Number.isFinite(b.etaSeconds) && b.etaSeconds >= 0)).toBe(true);
    // Three epochs still to go at the start, none at the end: the estimate shrinks.
    expect(batches.at(-1)!.etaSeconds).toBeLessThan(batches[0]!.etaSeconds);
    expect(fitSeconds).toBeCloseTo(history.reduce((s, h) => s + h.seconds, 0), 6);
    expect(history[3]!.loss).toBeLessThan(history[0]!.loss);
    expect(history[3]!.val_accuracy).toBeGreaterThan(0.3);
    // The last batch log of an epoch carries the epoch's averages.
    const lastOfEpoch0 = batches.filter((b) => b.epoch === 0).at(-1)!;
    expect(lastOfEpoch0.loss).toBeCloseTo(history[0]!.loss, 5);
    tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest]);
    model.dispose();
  });

  it('reports val_loss/val_accuracy equal to tfjs model.evaluate (Keras semantics)', async () => {
    const d = data(64, 90);
    const model = tinyModel();
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const ours = (await validate(model, d, 32))!;
    const theirs = model.evaluate(d.xTest, d.yTest, { batchSize: 32 }) as tf.Scalar[];
    expect(ours.loss).toBeCloseTo((await theirs[0]!.data())[0]!, 5);
    expect(ours.accuracy).toBeCloseTo((await theirs[1]!.data())[0]!, 6);
    tf.dispose([...theirs, d.xTrain, d.yTrain, d.xTest, d.yTest]);
    model.dispose();
  });

  it('stops within one batch of the flag and keeps finished epochs', async () => {
    const d = data(160, 40);
    const model = tinyModel();
    let stop = false;
    let after = 0;
    const result = await train(model, d, { epochs: 5, batchSize: 8, seed: 1, readEvery: 1 }, {
      onBatch: (log) => {
        if (stop) after += 1;
        // Set from another macrotask, as a worker 'stop' message would be.
        if (log.epoch === 1 && log.batch === 5) setTimeout(() => (stop = true), 0);
      },
      shouldStop: () => stop,
    });
    expect(result.stopped).toBe(true);
    expect(after).toBeLessThanOrEqual(1);
    expect(result.history.map((h) => h.epoch)).toEqual([0]);
    tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest]);
    model.dispose();
  });

  it('leaves no tensor behind (own optimizer, compiled optimizer, stop)', async () => {
    const d = data(50, 20);
    const model = tinyModel();
    const base = tf.memory().numTensors;
    await train(model, d, { epochs: 2, batchSize: 16, seed: 1 });
    expect(tf.memory().numTensors).toBe(base);
    let calls = 0;
    await train(model, d, { epochs: 2, batchSize: 16, seed: 1 }, { shouldStop: () => ++calls > 3 });
    expect(tf.memory().numTensors).toBe(base);
    tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest]);
    model.dispose();
  });

  it('frees the batch tensors when a step throws after its gradients (as on a lost GPU)', async () => {
    const d = data(32, 8);
    const model = tinyModel();
    // Fails where a lost device would, once the batch's index and accuracy tensors exist.
    class FailingAdam extends tf.AdamOptimizer {
      override applyGradients(): void {
        throw new Error('device lost');
      }
    }
    const optimizer = new FailingAdam(0.001, 0.9, 0.999, 1e-7);
    const base = tf.memory().numTensors;
    await expect(train(model, d, { epochs: 1, batchSize: 16, seed: 1, optimizer })).rejects.toThrow('device lost');
    expect(tf.memory().numTensors).toBe(base);
    optimizer.dispose();
    tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest]);
    model.dispose();
  });

  it('resumes at initialEpoch', async () => {
    const d = data(40, 10);
    const model = tinyModel();
    const { history } = await train(model, d, { epochs: 3, batchSize: 16, seed: 1, initialEpoch: 2 });
    expect(history.map((h) => h.epoch)).toEqual([2]);
    tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest]);
    model.dispose();
  });
});
