import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initNodeBackend } from '../backends/node';
import { FUSED_ADAM, hasFusedAdam } from '../backends/fused-adam-kernels';
import { simdAdamFor } from '../backends/fused-adam-simd';
import { FusedAdam } from './fused-adam';
import { AdamPair, CNN_SHAPES, HYPERS, KERAS_ADAM, type Diff } from './fused-adam-check';

// Odd sizes, a one-element and a rank-0 variable, and the CNN's 7744×128 dense kernel; on wasm
// sizes that are not multiples of 4 end in the JS loop after the f32x4 one.
const SHAPES = [[], [1], [7], [3, 5], [3, 3, 1, 32], [7744, 128], [129]];

// cpu and wasm round every operation to float32 (IEEE), and the fused loop does the same
// operations in the same order, so the two optimizers agree bit for bit there, not just
// within 1e-5 (WebGL, compared in tests/e2e/fused-adam.spec.ts, only to float rounding).
const worst = (d: Diff[]) => d.reduce((w, x) => (x.rel > w.rel ? x : w));

beforeAll(async () => {
  await initNodeBackend('wasm');
  await initNodeBackend('cpu');
});

afterEach(() => vi.restoreAllMocks());

describe.each(['cpu', 'wasm'] as const)('FusedAdam on %s', (backend) => {
  beforeAll(() => tf.setBackend(backend));

  it('uses its own kernel here, not the stock ops', () => {
    const stock = vi.spyOn(tf.AdamOptimizer.prototype, 'applyGradients');
    const pair = new AdamPair([[4, 3]], KERAS_ADAM);
    const g = tf.onesLike(pair.b.vars[0]!);
    pair.b.opt.applyGradients([{ name: pair.b.vars[0]!.name, tensor: g }]);
    expect(hasFusedAdam()).toBe(true);
    expect(stock).not.toHaveBeenCalled();
    expect(pair.b.opt.iterations).toBe(1);
    g.dispose();
    pair.dispose();
  });

  it.runIf(backend === 'wasm')('runs the f32x4 WebAssembly loop on the backend\'s own memory', () => {
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(simdAdamFor(memory)).toBeTypeOf('function');
  });

  it.each(HYPERS)('matches tf.train.adam over 6 steps: values, moments, getWeights (lr $learningRate)', async (hyper) => {
    const base = tf.memory().numTensors;
    const pair = new AdamPair(SHAPES, hyper);
    const before = await pair.b.vars[5]!.data();
    for (let k = 0; k < 6; k++) pair.step(k, k % 2 === 1);
    const diffs = await pair.diffs();
    // w0…w6, iter, 7 m's, 7 v's.
    expect(diffs.map((d) => d.name)).toEqual([...SHAPES.map((_, i) => `w${i}`), 'iter', ...SHAPES.map((_, i) => `w${i}/m`), ...SHAPES.map((_, i) => `w${i}/v`)]);
    expect(worst(diffs)).toMatchObject({ rel: 0, abs: 0 });
    expect(pair.a.opt.iterations).toBe(6);
    expect(pair.b.opt.iterations).toBe(6);
    // The values really moved, so the comparison above compares something.
    const after = await pair.b.vars[5]!.data();
    expect(after.filter((x, i) => x !== before[i]).length).toBeGreaterThan(0.9 * after.length);
    pair.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('getWeights() of each restores into the other and training continues identically', async () => {
    const base = tf.memory().numTensors;
    const pair = new AdamPair(CNN_SHAPES, KERAS_ADAM, 3);
    for (let k = 0; k < 3; k++) pair.step(k);
    await pair.crossOver();
    expect(pair.a.opt).toBeInstanceOf(FusedAdam);
    expect(pair.b.opt).not.toBeInstanceOf(FusedAdam);
    expect(pair.a.opt.iterations).toBe(3);
    for (let k = 3; k < 6; k++) pair.step(k);
    expect(worst(await pair.diffs())).toMatchObject({ rel: 0, abs: 0 });
    pair.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('trains through optimizer.minimize(f, true, varList) as the trainer does', async () => {
    const base = tf.memory().numTensors;
    const pair = new AdamPair([[20, 5], [5]], KERAS_ADAM, 5);
    const x = tf.tensor(Float32Array.from({ length: 8 * 20 }, (_, i) => Math.sin(i)), [8, 20]);
    const y = tf.tensor(Float32Array.from({ length: 8 * 5 }, (_, i) => Math.cos(i)), [8, 5]);
    const losses: number[][] = [[], []];
    for (let k = 0; k < 5; k++) {
      for (const [s, { vars, opt }] of [pair.a, pair.b].entries()) {
        const cost = opt.minimize(() => tf.losses.meanSquaredError(y, x.matMul(vars[0]!).add(vars[1]!)), true, vars)!;
        losses[s]!.push((await cost.data())[0]!);
        cost.dispose();
      }
    }
    expect(losses[1]![4]).toBeLessThan(losses[1]![0]!);
    losses[1]!.forEach((l, k) => expect(Math.abs(l - losses[0]![k]!)).toBeLessThanOrEqual(1e-6 * Math.abs(losses[0]![k]!)));
    expect(worst(await pair.diffs())).toMatchObject({ rel: 0, abs: 0 });
    tf.dispose([x, y]);
    pair.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('keeps the parent class name and config (serialization)', () => {
    const opt = new FusedAdam(0.002, 0.85, 0.995, 1e-6);
    expect(opt.getClassName()).toBe('Adam');
    expect(opt).toBeInstanceOf(tf.AdamOptimizer);
    expect(opt).toBeInstanceOf(tf.Optimizer);
    expect(tf.train.adam()).not.toBeInstanceOf(FusedAdam);
    expect(opt.getConfig()).toEqual(tf.train.adam(0.002, 0.85, 0.995, 1e-6).getConfig());
    opt.dispose();
  });
});

describe('on a backend without the fused kernel', () => {
  const NAME = 'cpu-no-fused-adam';

  beforeAll(async () => {
    // A real second CPU backend with every cpu kernel except FusedAdamUpdate.
    const Cpu = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
    tf.registerBackend(NAME, () => new Cpu());
    for (const k of tf.getKernelsForBackend('cpu')) if (k.kernelName !== FUSED_ADAM) tf.registerKernel({ ...k, backendName: NAME });
    await tf.setBackend(NAME);
  });

  it('falls back to the stock update and still matches tf.train.adam', async () => {
    expect(tf.getBackend()).toBe(NAME);
    expect(hasFusedAdam()).toBe(false);
    const stock = vi.spyOn(tf.AdamOptimizer.prototype, 'applyGradients');
    const pair = new AdamPair([[7], [3, 5]], KERAS_ADAM);
    for (let k = 0; k < 3; k++) pair.step(k);
    // Twice per step: once for side a (stock), once through FusedAdam's fallback.
    expect(stock).toHaveBeenCalledTimes(6);
    expect(worst(await pair.diffs()).rel).toBe(0);
    pair.dispose();
    await tf.setBackend('cpu');
    tf.removeBackend(NAME);
  });
});
