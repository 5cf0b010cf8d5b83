import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './node';
import { patchedWasmKernels, patchWasmTraining } from './wasm-speed';
import { mulberry32 } from '../train/shuffle';

beforeAll(async () => {
  await initNodeBackend('wasm', { speedPatches: false });
  await initNodeBackend('cpu');
});

function rand(shape: number[], seed: number): { values: Float32Array; shape: number[] } {
  const r = mulberry32(seed);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => r() * 2 - 1);
  return { values, shape };
}

/** Runs f on the cpu backend (the reference) and on patched wasm; returns both results. */
async function both(f: () => tf.Tensor): Promise<[Float32Array, Float32Array, number]> {
  await tf.setBackend('cpu');
  const ref = tf.tidy(f);
  const a = (await ref.data()) as Float32Array;
  ref.dispose();
  await tf.setBackend('wasm');
  patchWasmTraining();
  const base = tf.memory().numTensors;
  const got = tf.tidy(f);
  const b = (await got.data()) as Float32Array;
  got.dispose();
  const leaked = tf.memory().numTensors - base;
  return [a, b, leaked];
}

function expectClose(a: Float32Array, b: Float32Array, tol = 1e-4): void {
  expect(b.length).toBe(a.length);
  let worst = 0;
  a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]!) / Math.max(1, Math.abs(v)))));
  expect(worst).toBeLessThan(tol);
}

const t = (d: { values: Float32Array; shape: number[] }) => tf.tensor(d.values, d.shape);

describe('patchWasmTraining', () => {
  it('patches the four slow gradient kernels once', async () => {
    await tf.setBackend('wasm');
    const all = ['BatchMatMul', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad'];
    expect(patchedWasmKernels()).toEqual([]);
    expect(patchWasmTraining()).toEqual(all);
    expect(patchWasmTraining()).toEqual([]);
    expect(patchedWasmKernels()).toEqual(all);
  });

  it('matMul with every transpose combination matches the cpu backend', async () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[32, 200], [50, 200], false, true], // small B: transposes B
      [[4, 8], [300, 8], false, true], // large B: (B·Aᵀ)ᵀ
      [[32, 20], [32, 9], true, false],
      [[20, 32], [9, 20], true, true],
      [[2, 5, 7], [2, 6, 7], false, true], // batched
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const a = rand(sa, 1);
      const b = rand(sb, 2);
      const [ref, got, leaked] = await both(() => tf.matMul(t(a), t(b), ta, tb));
      expectClose(ref, got);
      expect(leaked).toBe(0);
    }
  });

  it('conv2d gradients (input and filter, valid and same) match the cpu backend', async () => {
    for (const pad of ['valid', 'same'] as const) {
      for (const [xs, fs] of [[[2, 9, 9, 8], [3, 3, 8, 5]], [[2, 8, 8, 1], [3, 3, 1, 4]]] as const) {
        const x = rand([...xs], 3);
        const w = rand([...fs], 4);
        const grads = (which: 0 | 1) => () => {
          const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, pad).square().sum());
          return g([t(x), t(w)])[which]!;
        };
        for (const which of [0, 1] as const) {
          const [ref, got, leaked] = await both(grads(which));
          expectClose(ref, got);
          expect(leaked).toBe(0);
        }
      }
    }
  });

  it('maxPool gradient matches the cpu backend, ties and overlapping windows included', async () => {
    const x = rand([2, 7, 7, 3], 5);
    x.values[0] = x.values[3] = 5; // a tie inside one window
    for (const [size, stride, pad] of [[2, 2, 'valid'], [3, 2, 'same'], [3, 1, 'valid']] as const) {
      const outShape = tf.tidy(() => tf.maxPool(t(x) as tf.Tensor4D, size, stride, pad).shape);
      const dy = rand(outShape, 6); // distinct upstream values show where each one is routed
      const [ref, got, leaked] = await both(() =>
        tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, size, stride, pad).mul(t(dy)).sum())(t(x)),
      );
      expectClose(ref, got);
      expect(leaked).toBe(0);
    }
  });
});
