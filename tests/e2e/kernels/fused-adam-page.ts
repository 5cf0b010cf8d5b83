// Browser side of tests/e2e/fused-adam.spec.ts, bundled by esbuild in the spec and
// loaded into a page of the built site (or a worker it starts): stock tf.train.adam
// against FusedAdam on the real WebGL, WebGPU or WASM backend, started as the course's
// worker starts it.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/lib/backends/select';
import { hasFusedAdam } from '../../../src/lib/backends/fused-adam-kernels';
import { AdamPair, CNN_SHAPES, HYPERS, KERAS_ADAM, type Diff, seeded } from '../../../src/lib/train/fused-adam-check';

/** What one check reports back to the spec. */
export interface FusedAdamReport {
  backend: string;
  packed: boolean;
  fusedKernel: boolean;
  /** Calls that reached tf.AdamOptimizer's own applyGradients (the stock side's, plus any fallback). */
  stockCalls: number;
  /** After 6 steps, one entry per hyperparameter set. */
  diffs: Diff[][];
  /** After 3 steps, a cross-over of optimizer states (getWeights → setWeights), then 3 more. */
  crossDiffs: Diff[];
  leaked: number;
  /** Median ms of one applyGradients on the CNN's shapes, flushed by a read-back. */
  ms: { stock: number; fused: number };
}

const SHAPES = [[], [1], [7], [3, 5], [3, 3, 1, 32], [7744, 128], [129]];

let stockCalls = 0;
const stock = tf.AdamOptimizer.prototype.applyGradients;
tf.AdamOptimizer.prototype.applyGradients = function (this: tf.AdamOptimizer, g) {
  stockCalls++;
  stock.call(this, g);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median time of applyGradients on one side of a CNN-shaped pair (a: stock, b: fused). */
async function time(pair: AdamPair, side: 'a' | 'b'): Promise<number> {
  const { vars, opt } = pair[side];
  const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(seeded(v.size, i, 0.01), v.shape) }));
  const ms: number[] = [];
  for (let k = 0; k < 6; k++) {
    const t0 = performance.now();
    opt.applyGradients(grads);
    // The GPU runs passes in order: reading the last variable back waits for all of them.
    await vars[vars.length - 1]!.data();
    if (k > 0) ms.push(performance.now() - t0);
  }
  tf.dispose(grads.map((g) => g.tensor));
  return median(ms);
}

async function fusedAdamCheck(backend: 'webgl' | 'webgpu' | 'wasm', packed: boolean, wasmUrl: string): Promise<FusedAdamReport> {
  const init = await initBackend(backend, { wasmUrl });
  if (init.backend !== backend) throw new Error(`${backend} did not start: ${init.fallbackReason}`);
  if (backend === 'webgl') tf.env().set('WEBGL_PACK_BINARY_OPERATIONS', packed);
  stockCalls = 0;
  const base = tf.memory().numTensors;
  const diffs: Diff[][] = [];
  for (const hyper of HYPERS) {
    const pair = new AdamPair(SHAPES, hyper);
    for (let k = 0; k < 6; k++) pair.step(k, k % 2 === 1);
    diffs.push(await pair.diffs());
    pair.dispose();
  }
  const cross = new AdamPair(CNN_SHAPES, KERAS_ADAM, 3);
  for (let k = 0; k < 3; k++) cross.step(k);
  await cross.crossOver();
  for (let k = 3; k < 6; k++) cross.step(k);
  const crossDiffs = await cross.diffs();
  cross.dispose();
  const fusedKernel = hasFusedAdam();
  const calls = stockCalls;
  const timed = new AdamPair(CNN_SHAPES, KERAS_ADAM, 4);
  const ms = { stock: await time(timed, 'a'), fused: await time(timed, 'b') };
  timed.dispose();
  return { backend: tf.getBackend(), packed, fusedKernel, stockCalls: calls, diffs, crossDiffs, leaked: tf.memory().numTensors - base, ms };
}

(globalThis as { fusedAdamCheck?: typeof fusedAdamCheck }).fusedAdamCheck = fusedAdamCheck;
