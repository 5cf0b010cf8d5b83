import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runTensors, runTraining, type RunContext, type TrainMessage } from './training-run';
import type { MnistSet } from '../data/mnist';
import { diskFetch, memoryStore, trainReq } from './worker-test-helpers';

// The real functions, watched: what the run hands the model, Adam and the shuffle.
const seen = vi.hoisted(() => ({ learningRates: [] as number[] }));
vi.mock('../models/index', async (importOriginal) => {
  const real = await importOriginal<typeof import('../models/index')>();
  return {
    ...real,
    createModel: vi.fn(real.createModel),
    compileModel: vi.fn((model: tf.LayersModel, options: { learningRate: number }) => {
      real.compileModel(model, options);
      seen.learningRates.push((model.optimizer as tf.AdamOptimizer & { learningRate: number }).learningRate);
    }),
  };
});
vi.mock('./shuffle', async (importOriginal) => {
  const real = await importOriginal<typeof import('./shuffle')>();
  return { ...real, epochPermutation: vi.fn(real.epochPermutation) };
});
const models = await import('../models/index');
const shuffle = await import('./shuffle');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const set = (count: number, pixels = count * 784): MnistSet => ({ images: new Uint8Array(pixels), labels: new Uint8Array(count), count });

describe('runTensors', () => {
  it('makes both sets in the model\'s shape', () => {
    const base = tf.memory().numTensors;
    const { tr, te } = runTensors('lstm', set(3), set(2));
    expect(tr.xs.shape).toEqual([3, 28, 28]);
    expect(te.ys.shape).toEqual([2, 10]);
    tf.dispose([tr.xs, tr.ys, te.xs, te.ys]);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('frees the training tensors when the test ones cannot be made', () => {
    const base = tf.memory().numTensors;
    // A damaged test set: fewer pixels than its count needs.
    expect(() => runTensors('cnn', set(3), set(2, 100))).toThrow();
    expect(tf.memory().numTensors).toBe(base);
  });
});

describe('runTraining', () => {
  it('builds the model with the run\'s seed, gives Adam its learning rate and shuffles with the same seed', async () => {
    // The LSTM, on few images: the CNN takes half a minute on the CPU backend.
    const options = { learningRate: 0.004, seed: 1234, trainSize: 16, testSize: 16, batchSize: 8 };
    const req = { ...trainReq('lr', 'lstm', 'cpu', options), save: false } as TrainMessage;
    const ctx: RunContext = {
      post: () => {}, backend: async () => 'cpu', fetch: diskFetch, store: memoryStore(), batchEventMs: 0,
      signal: new AbortController().signal, shouldStop: () => false, contextLost: () => false, onSaved: () => {},
    };
    const result = await runTraining(req, ctx);
    expect(result.stopped).toBe(false);
    expect(result.options).toMatchObject({ learningRate: 0.004, seed: 1234 });
    expect(vi.mocked(models.createModel).mock.calls).toEqual([['lstm', 1234]]);
    expect(vi.mocked(models.compileModel).mock.calls.map((c) => c[1])).toEqual([{ learningRate: 0.004 }]);
    expect(seen.learningRates).toEqual([0.004]);
    expect(vi.mocked(shuffle.epochPermutation).mock.calls).toEqual([[16, 1234, 0]]);
  });
});
