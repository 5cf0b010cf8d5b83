// Speed of the site's trainer against a plain model.fit on the same data and
// backend, in one run (used by scripts/bench.mjs in Node and in Chromium).
import * as tf from '@tensorflow/tfjs';
import { loadMnist, type FetchLike } from '../src/lib/data/mnist';
import { toCnnTensors, toLstmTensors } from '../src/lib/data/preprocess';
import { createAdam, createModel, KERAS_ADAM } from '../src/lib/models/index';
import { train } from '../src/lib/train/trainer';
import type { ModelKind } from '../src/lib/train/protocol';

/** Rates of one variant: training examples per second of wall-clock time and, where a CPU clock is given, of CPU time. */
export interface Rate {
  wall: number;
  cpu: number | null;
}

/** One round: the three variants back to back, in one of the six orders. */
export interface Round {
  order: Variant[];
  rates: Record<Variant, Rate>;
}

/** The three ways of training that are compared. */
export type Variant = 'trainerReadEvery1' | 'trainerReadEvery10' | 'modelFit';
const VARIANTS: Variant[] = ['modelFit', 'trainerReadEvery10', 'trainerReadEvery1'];
// All six orders, one per round: each variant takes each place twice and follows each other
// variant once, so none always pays for the garbage another left (a simple rotation made
// trainer/10 always follow model.fit).
const ORDERS: Variant[][] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].map((o) => o.map((i) => VARIANTS[i]!));

/** Median rates and the trainer/10 ÷ model.fit ratio (median of the rounds' own ratios, with their range). */
export interface Summary {
  trainerReadEvery1: number;
  trainerReadEvery10: number;
  modelFit: number;
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  /** trainer/1 ÷ model.fit, median of the rounds (reading the metrics after every batch). */
  ratio1: number;
}

/** One model × backend measurement. */
export interface SpeedRow extends Summary {
  model: ModelKind;
  backend: string;
  examples: number;
  /** The same figures per second of CPU time (Node: this process; Chromium: all its processes), robust to other load. */
  cpu?: Summary;
  rounds: Round[];
}

/** Process CPU time in ms (may be asynchronous, e.g. read by the bench driver). */
export type CpuClock = () => number | Promise<number>;

/** Loads `n` training images for `kind` as tensors (the caller disposes). */
export async function loadTensors(kind: ModelKind, n: number, baseUrl: string, fetch?: FetchLike) {
  const set = await loadMnist({ baseUrl, split: 'train', count: n, cache: null, ...(fetch ? { fetch } : {}) });
  return kind === 'cnn' ? toCnnTensors(set) : toLstmTensors(set);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Medians over the rounds of one kind of rate; null when that rate was not measured. */
export function summarise(rounds: Round[], kind: keyof Rate): Summary | null {
  if (rounds.length === 0 || rounds.some((r) => VARIANTS.some((v) => r.rates[v][kind] === null))) return null;
  const of = (v: Variant) => rounds.map((r) => r.rates[v][kind]!);
  const ratios = rounds.map((r) => r.rates.trainerReadEvery10[kind]! / r.rates.modelFit[kind]!);
  const ratios1 = rounds.map((r) => r.rates.trainerReadEvery1[kind]! / r.rates.modelFit[kind]!);
  return {
    trainerReadEvery1: median(of('trainerReadEvery1')), trainerReadEvery10: median(of('trainerReadEvery10')), modelFit: median(of('modelFit')),
    ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), ratio1: median(ratios1),
  };
}

/**
 * Examples/s of one epoch over `n` examples, for the trainer reading metrics
 * every batch, every 10 batches, and model.fit, on one model and backend.
 * `rounds` rounds run the three back to back, each round in another of the six
 * orders (a multiple of 6 rounds balances places and predecessors); each
 * round's ratio compares neighbours in time, and the median resists bursts of load.
 */
export async function measureSpeed(kind: ModelKind, n: number, baseUrl: string, opts: { fetch?: FetchLike; cpuClock?: CpuClock; rounds?: number } = {}): Promise<SpeedRow> {
  const { xs, ys } = await loadTensors(kind, n, baseUrl, opts.fetch);
  const model = createModel(kind, 42);
  // The baseline is plain TF.js: model.fit with TF.js's own Adam (Keras's hyperparameters).
  const { beta1, beta2, epsilon } = KERAS_ADAM;
  model.compile({ optimizer: tf.train.adam(0.001, beta1, beta2, epsilon), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  // The trainer gets the optimizer the course compiles with (compileModel): FusedAdam.
  const optimizer = createAdam(0.001);
  // One validation example: both sides time training, plus one tiny validation pass each.
  const data = { xTrain: xs, yTrain: ys, xTest: xs.slice(0, 1), yTest: ys.slice(0, 1) };
  const clock = opts.cpuClock;
  // Exposed by the bench driver (Node: v8 flag; Chromium: --js-flags=--expose-gc): each variant starts on a clean heap.
  const gc = (globalThis as { gc?: () => void }).gc;
  const timed = async (f: () => Promise<unknown>): Promise<Rate> => {
    await tf.ready();
    gc?.();
    const c = clock ? await clock() : 0;
    const t = performance.now();
    await f();
    const wall = n / ((performance.now() - t) / 1000);
    return { wall, cpu: clock ? n / (((await clock()) - c) / 1000) : null };
  };
  const run: Record<Variant, () => Promise<unknown>> = {
    trainerReadEvery1: () => train(model, data, { epochs: 1, batchSize: 32, seed: 2, readEvery: 1, readIntervalMs: Infinity, optimizer }, { onBatch: () => {} }),
    trainerReadEvery10: () => train(model, data, { epochs: 1, batchSize: 32, seed: 2, readEvery: 10, readIntervalMs: Infinity, optimizer }, { onBatch: () => {} }),
    // The same one-example validation as the trainer's, so that both do the same work.
    modelFit: () => model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0, shuffle: true, validationData: [data.xTest, data.yTest] }),
  };
  try {
    // Warm-up, ten batches each: shader compilation (WebGL), kernel set-up and V8's
    // optimisation of TF.js's JavaScript (the LSTM runs ~1,000 small ops per batch;
    // with two batches of warm-up, whichever variant ran first was up to 15 % slower).
    const w = Math.min(320, n);
    const warm = { ...data, xTrain: xs.slice(0, w), yTrain: ys.slice(0, w) };
    await train(model, warm, { epochs: 1, batchSize: 32, seed: 1, optimizer });
    await model.fit(warm.xTrain, warm.yTrain, { epochs: 1, batchSize: 32, verbose: 0 });
    tf.dispose([warm.xTrain, warm.yTrain]);

    const rounds: Round[] = [];
    for (let r = 0; r < Math.max(1, opts.rounds ?? 6); r++) {
      const order = ORDERS[r % ORDERS.length]!;
      const rates = {} as Record<Variant, Rate>;
      for (const v of order) rates[v] = await timed(run[v]);
      rounds.push({ order, rates });
    }
    const wall = summarise(rounds, 'wall')!;
    const cpu = summarise(rounds, 'cpu');
    return { model: kind, backend: tf.getBackend(), examples: n, ...wall, ...(cpu ? { cpu } : {}), rounds };
  } finally {
    tf.dispose([xs, ys, data.xTest, data.yTest]);
    const opt = model.optimizer;
    model.dispose();
    opt.dispose();
    optimizer.dispose();
  }
}
