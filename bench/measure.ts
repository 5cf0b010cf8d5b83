// Speed of the site's trainer against a plain model.fit on the same data and
// backend, in one run (used by scripts/bench.mjs in Node and in Chromium).
import * as tf from '@tensorflow/tfjs';
import { loadMnist, type FetchLike } from '../src/lib/data/mnist';
import { toCnnTensors, toLstmTensors } from '../src/lib/data/preprocess';
import { compileModel, createModel } from '../src/lib/models/index';
import { train } from '../src/lib/train/trainer';
import type { ModelKind } from '../src/lib/train/protocol';

/** One model × backend measurement; rates are training examples per second. */
export interface SpeedRow {
  model: ModelKind;
  backend: string;
  examples: number;
  trainerReadEvery1: number;
  trainerReadEvery10: number;
  modelFit: number;
  /** trainer (read every 10) / model.fit. */
  ratio: number;
}

/** Loads `n` training images for `kind` as tensors (the caller disposes). */
export async function loadTensors(kind: ModelKind, n: number, baseUrl: string, fetch?: FetchLike) {
  const set = await loadMnist({ baseUrl, split: 'train', count: n, cache: null, ...(fetch ? { fetch } : {}) });
  return kind === 'cnn' ? toCnnTensors(set) : toLstmTensors(set);
}

/** Examples/s of the trainer (reading metrics every batch, then every 10) and of model.fit. */
export async function measureSpeed(kind: ModelKind, n: number, baseUrl: string, fetch?: FetchLike): Promise<SpeedRow> {
  const { xs, ys } = await loadTensors(kind, n, baseUrl, fetch);
  const model = createModel(kind, 42);
  compileModel(model, { learningRate: 0.001 });
  // The validation set is one batch so that both sides time (almost) training alone.
  const v = Math.min(32, n);
  const data = { xTrain: xs, yTrain: ys, xTest: xs.slice(0, v), yTest: ys.slice(0, v) };
  try {
    // Warm-up: shader compilation (WebGL) and kernel set-up are not what is compared.
    const w = Math.min(64, n);
    const warm = { ...data, xTrain: xs.slice(0, w), yTrain: ys.slice(0, w) };
    await train(model, warm, { epochs: 1, batchSize: 32, seed: 1 });
    await model.fit(warm.xTrain, warm.yTrain, { epochs: 1, batchSize: 32, verbose: 0 });
    tf.dispose([warm.xTrain, warm.yTrain]);

    const rate = async (readEvery: number) => {
      let last = 0;
      await train(model, data, { epochs: 1, batchSize: 32, seed: 2, readEvery, readIntervalMs: Infinity }, {
        onBatch: (b) => (last = b.examplesPerSecond),
      });
      return last;
    };
    const trainerReadEvery1 = await rate(1);
    const trainerReadEvery10 = await rate(10);
    const t = performance.now();
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0, shuffle: true });
    const modelFit = n / ((performance.now() - t) / 1000);
    return {
      model: kind, backend: tf.getBackend(), examples: n, trainerReadEvery1, trainerReadEvery10, modelFit,
      ratio: trainerReadEvery10 / modelFit,
    };
  } finally {
    tf.dispose([xs, ys, data.xTest, data.yTest]);
    const opt = model.optimizer;
    model.dispose();
    opt.dispose();
  }
}
