import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFusedAdamKernels, FUSED_ADAM, wasmBackendMemory, type FusedAdamAttrs } from './fused-adam-kernels';
import { simdAdamBytes, simdAdamFor } from './fused-adam-simd';
import { initNodeBackend } from './node';
import { HYPERS, seeded } from '../train/fused-adam-check';

// The f32x4 module on memories of both kinds, against the JS loop of the cpu kernel, bit for
// bit. Node never gets TF.js's threaded build (whose memory is shared), so its variant is only
// run here and in the browser (tests/e2e/threaded-wasm.spec.ts).

const PAGE = 65536;
// A multiple of 4 (the module does whole f32x4 groups); the CNN's variables hold up to 991,232.
const N = 4096;
const NAMES = ['value', 'm', 'v', 'gradient'] as const;

beforeAll(async () => {
  await initNodeBackend('cpu');
  ensureFusedAdamKernels();
});

/** One step's inputs: values, moments (v ≥ 0) and a gradient with some exact zeros and tiny values. */
function inputs(seed: number): Record<(typeof NAMES)[number], Float32Array> {
  const v = seeded(N, seed + 2, 1e-3).map(Math.abs);
  const gradient = seeded(N, seed + 3, 10).map((g, i) => (i % 97 === 0 ? g * 1e-30 : g));
  return { value: seeded(N, seed, 0.5), m: seeded(N, seed + 1, 0.1), v, gradient };
}

/** [value', m', v'] from the cpu kernel, i.e. the JS loop the wasm kernel also ends with. */
async function jsLoop(x: ReturnType<typeof inputs>, hyper: FusedAdamAttrs, c1: number, c2: number): Promise<Float32Array[]> {
  const ts = { ...Object.fromEntries(NAMES.map((k) => [k, tf.tensor1d(x[k])])), oneMinusAccBeta1: tf.scalar(c1), oneMinusAccBeta2: tf.scalar(c2) };
  const outs = tf.engine().runKernel(FUSED_ADAM, ts, hyper as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...outs, ...Object.values(ts)]);
  return values;
}

/** Runs the module on `memory` with its 7 arrays from byte `at` on; returns [value', m', v']. */
function simd(memory: WebAssembly.Memory, at: number, x: ReturnType<typeof inputs>, h: FusedAdamAttrs, c1: number, c2: number): Float32Array[] {
  const fn = simdAdamFor(memory);
  if (!fn) throw new Error('no f32x4 loop for this memory');
  const ptr = (i: number) => at + i * N * 4;
  // Views taken now, after any grow(): a grown shared memory's older buffers keep their old length.
  const view = (i: number) => new Float32Array(memory.buffer, ptr(i), N);
  NAMES.forEach((k, i) => view(i).set(x[k]));
  const f = Math.fround;
  fn(ptr(0), ptr(1), ptr(2), ptr(3), ptr(4), ptr(5), ptr(6), N * 4,
    f(h.beta1), f(h.beta2), f(1 - h.beta1), f(1 - h.beta2), f(c1), f(c2), f(h.epsilon), f(-h.learningRate));
  return [4, 5, 6].map((i) => view(i).slice());
}

/** Indices where two float32 arrays differ in their bits. */
function mismatches(a: Float32Array, b: Float32Array): number[] {
  const [ua, ub] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  const out: number[] = [];
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) out.push(i);
  return out;
}

// The bias corrections after 1 and 5 steps (Keras's betas), as float32 scalars hold them.
const STEPS = [[0.1, 0.001], [1 - 0.9 ** 5, 1 - 0.999 ** 5]].map(([a, b]) => [Math.fround(a!), Math.fround(b!)] as const);

describe('simdAdamFor', () => {
  it('has two valid variants that differ only in the memory import (shared: flags 3, max 65536 pages)', () => {
    const [unshared, shared] = [simdAdamBytes(false), simdAdamBytes(true)];
    expect(WebAssembly.validate(unshared)).toBe(true);
    expect(WebAssembly.validate(shared)).toBe(true);
    expect(WebAssembly.Module.imports(new WebAssembly.Module(shared))).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // 0x02 (memory), flags 0x03 (shared, has max), min 0, max 65536 = LEB128 80 80 04.
    const tail = [0x02, 0x03, 0x00, 0x80, 0x80, 0x04];
    const at = [...shared].findIndex((_, i) => tail.every((b, j) => shared[i + j] === b));
    expect(at).toBeGreaterThan(0);
    // Same module otherwise: 3 more bytes for the maximum.
    expect(shared.length).toBe(unshared.length + 3);
  });

  it('binds an unshared memory, a shared one with the threaded build\'s maximum, and a shared one with less; once each', () => {
    const memories = [
      new WebAssembly.Memory({ initial: 2 }),
      new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true }),
      new WebAssembly.Memory({ initial: 2, maximum: 16, shared: true }),
    ];
    expect(memories[1]!.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const memory of memories) {
      const fn = simdAdamFor(memory);
      expect(fn).toBeTypeOf('function');
      expect(simdAdamFor(memory)).toBe(fn);
    }
  });

  it.each([false, true])('equals the JS loop bit for bit (shared memory: %s), both hyperparameter sets, two steps', async (shared) => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, ...(shared ? { shared: true } : {}) });
    let compared = 0;
    for (const [h, hyper] of HYPERS.entries()) {
      for (const [s, [c1, c2]] of STEPS.entries()) {
        const x = inputs(100 * h + 10 * s);
        const want = await jsLoop(x, hyper, c1, c2);
        const got = simd(memory, 64, x, hyper, c1, c2);
        for (const [i, name] of ['value', 'm', 'v'].entries()) {
          expect(mismatches(got[i]!, want[i]!), `${name}, hyper ${h}, step ${s}`).toEqual([]);
          compared += got[i]!.length;
        }
        // The step really moved the values, so equal outputs mean something.
        expect(mismatches(got[0]!, x.value).length).toBeGreaterThan(0.9 * N);
      }
    }
    expect(compared).toBe(HYPERS.length * STEPS.length * 3 * N);
  });

  it('keeps working on a shared memory grown after it was bound (arrays past the old end)', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const before = memory.buffer;
    expect(simdAdamFor(memory)).toBeTypeOf('function');
    memory.grow(2);
    // A shared memory's buffer does not detach: the old object keeps its old length, and only a
    // buffer read after grow() reaches the new pages, as the wasm kernels' views must be taken.
    expect(before.byteLength).toBe(PAGE);
    expect(memory.buffer.byteLength).toBe(3 * PAGE);
    const x = inputs(7);
    const [c1, c2] = STEPS[1]!;
    const want = await jsLoop(x, HYPERS[0]!, c1, c2);
    const got = simd(memory, PAGE + 16, x, HYPERS[0]!, c1, c2);
    for (const i of [0, 1, 2]) expect(mismatches(got[i]!, want[i]!)).toEqual([]);
  });
});

describe('wasmBackendMemory', () => {
  it('finds the single-threaded builds\' exported memory and the threaded build\'s wasmMemory', () => {
    const unshared = new WebAssembly.Memory({ initial: 1 });
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    expect(wasmBackendMemory({ wasm: { asm: { memory: unshared } } })).toBe(unshared);
    expect(wasmBackendMemory({ wasm: { asm: {}, wasmMemory: shared } })).toBe(shared);
    expect(wasmBackendMemory({ wasm: { asm: {} } })).toBeNull();
    expect(wasmBackendMemory({})).toBeNull();
    expect(wasmBackendMemory(null)).toBeNull();
  });
});
