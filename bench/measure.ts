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
  /** The same three rates per second of this process's CPU time (Node only): robust to other load. */
  cpu?: { trainerReadEvery1: number; trainerReadEvery10: number; modelFit: number; ratio: number };
}

/** Loads `n` training images for `kind` as tensors (the caller disposes). */
export async function loadTensors(kind: ModelKind, n: number, baseUrl: string, fetch?: FetchLike) {
  const set = await loadMnist({ baseUrl, split: 'train', count: n, cache: null, ...(fetch ? { fetch } : {}) });
  return kind === 'cnn' ? toCnnTensors(set) : toLstmTensors(set);
}

/**
 * Examples/s of one epoch over `n` examples: the trainer reading metrics every
 * batch, then every 10 batches, then model.fit, on one model and backend.
 * `cpuClock` (ms of process CPU time) adds CPU-time rates.
 */
export async function measureSpeed(kind: ModelKind, n: number, baseUrl: string, fetch?: FetchLike, cpuClock?: () => number): Promise<SpeedRow> {
  const { xs, ys } = await loadTensors(kind, n, baseUrl, fetch);
  const model = createModel(kind, 42);
  compileModel(model, { learningRate: 0.001 });
  // One validation example, so that both sides time training alone (model.fit validates nothing here).
  const data = { xTrain: xs, yTrain: ys, xTest: xs.slice(0, 1), yTest: ys.slice(0, 1) };
  const timed = async (f: () => Promise<unknown>) => {
    await tf.ready();
    const c = cpuClock?.() ?? 0;
    const t = performance.now();
    await f();
    return { wall: n / ((performance.now() - t) / 1000), cpu: cpuClock ? n / ((cpuClock() - c) / 1000) : NaN };
  };
  try {
    // Warm-up: shader compilation (WebGL) and kernel set-up are not what is compared.
    const w = Math.min(64, n);
    const warm = { ...data, xTrain: xs.slice(0, w), yTrain: ys.slice(0, w) };
    await train(model, warm, { epochs: 1, batchSize: 32, seed: 1 });
    await model.fit(warm.xTrain, warm.yTrain, { epochs: 1, batchSize: 32, verbose: 0 });
    tf.dispose([warm.xTrain, warm.yTrain]);

    const ours = (readEvery: number) => timed(() => train(model, data, { epochs: 1, batchSize: 32, seed: 2, readEvery, readIntervalMs: Infinity }));
    const r1 = await ours(1);
    const r10 = await ours(10);
    const fit = await timed(() => model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0, shuffle: true }));
    const row: SpeedRow = {
      model: kind, backend: tf.getBackend(), examples: n,
      trainerReadEvery1: r1.wall, trainerReadEvery10: r10.wall, modelFit: fit.wall, ratio: r10.wall / fit.wall,
    };
    if (cpuClock) row.cpu = { trainerReadEvery1: r1.cpu, trainerReadEvery10: r10.cpu, modelFit: fit.cpu, ratio: r10.cpu / fit.cpu };
    return row;
  } finally {
    tf.dispose([xs, ys, data.xTest, data.yTest]);
    const opt = model.optimizer;
    model.dispose();
    opt.dispose();
  }
}
