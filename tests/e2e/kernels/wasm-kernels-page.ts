// Browser side of tests/e2e/threaded-wasm.spec.ts, bundled by esbuild and loaded into a worker
// of the built site: the four gradient kernels wasm-speed.ts patches (BatchMatMul with
// transposes, Conv2DBackpropInput, Conv2DBackpropFilter, MaxPoolGrad; the last two on the
// project's own im2col kernel where the patch defers to it) on the real WASM backend, against
// the CPU backend with the same inputs. src/lib/backends/wasm-speed.test.ts does the same in
// Node, which only ever gets the single-threaded build; in an isolated worker this runs the
// threaded one, on its shared memory. MaxPoolGrad and FusedAdamUpdate, which read and write
// the heap through views, run once more with the heap nearly full, so that their own output
// allocation grows it.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/lib/backends/select';
import { patchedWasmKernels } from '../../../src/lib/backends/wasm-speed';
import { ensureFusedAdamKernels, FUSED_ADAM, wasmBackendMemory } from '../../../src/lib/backends/fused-adam-kernels';
import { KERAS_ADAM } from '../../../src/lib/train/fused-adam-check';
import { mulberry32 } from '../../../src/lib/train/shuffle';

/** One case's comparison, wasm against cpu. */
export interface KernelDiff {
  name: string;
  /** The kernel the case's gradient goes through. */
  kernel: 'BatchMatMul' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' | 'MaxPoolGrad';
  shape: number[];
  /** Largest |wasm − cpu|. */
  abs: number;
  /** Largest |wasm − cpu| / max(1, largest |cpu|), the measure of wasm-conv2d-backprop-filter.test.ts (long sums: error scales with the tensor). */
  rel: number;
  /** Largest |wasm − cpu| / max(1, |cpu|) element by element, the measure of wasm-speed.test.ts. */
  elementRel: number;
  /** Largest |cpu|: real values, not zeros compared with zeros. */
  scale: number;
}

/** A kernel run with the heap nearly full, so that allocating its output grows the shared heap. */
export interface GrowthCase {
  name: string;
  /** The heap's bytes just before and just after the one kernel call. */
  heapBefore: number;
  heapAfter: number;
  /** Output values (all outputs) whose bits differ from the cpu backend's. */
  mismatches: number;
  values: number;
}

/** What one check reports back to the spec. */
export interface WasmKernelsReport {
  backend: string;
  patched: string[];
  diffs: KernelDiff[];
  growth: GrowthCase[];
  /** Tensors left over on wasm after all the cases, and overall. */
  leakedWasm: number;
  leaked: number;
  /** The WASM heap's size before and after the cases: growth re-creates the heap's views. */
  heapBytes: { before: number; after: number };
}

interface Case {
  name: string;
  kernel: KernelDiff['kernel'];
  run: () => tf.Tensor;
}

/** Seeded values in [-1, 1), as in wasm-speed.test.ts; the same on both backends. */
function rand(shape: number[], seed: number): { values: Float32Array; shape: number[] } {
  const r = mulberry32(seed);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => r() * 2 - 1);
  return { values, shape };
}

const t = (d: { values: Float32Array; shape: number[] }) => tf.tensor(d.values, d.shape);

// The LSTM (batch 32, 128 units, gates 512) and the CNN (conv 28×28×1 → 26×26×32, pool → 13×13×32,
// conv → 11×11×64, dense 7744 → 128 → 10) at batch 32 for the products; the conv and pool layers
// at batch 8 (their own sizes otherwise) so the cpu side stays a few seconds. The small cases are
// wasm-speed.test.ts's: 'same' padding, stride 2, ties, overlapping windows.
function cases(): Case[] {
  const out: Case[] = [];
  const mm: [string, number[], number[], boolean, boolean][] = [
    ['LSTM dW = hᵀ·dz', [32, 128], [32, 512], true, false],
    ['LSTM dh = dz·Rᵀ (large B)', [32, 512], [128, 512], false, true],
    ['CNN dense dW = xᵀ·dy', [32, 7744], [32, 128], true, false],
    ['CNN dense dX = dy·Wᵀ (large B)', [32, 128], [7744, 128], false, true],
    ['CNN output dX = dy·Wᵀ (small B)', [32, 10], [128, 10], false, true],
    ['both transposed', [32, 128], [512, 32], true, true],
    ['batched', [4, 28, 128], [4, 64, 128], false, true],
  ];
  for (const [i, [name, sa, sb, ta, tb]] of mm.entries()) {
    const a = rand(sa, 10 + i);
    const b = rand(sb, 20 + i);
    out.push({ name, kernel: 'BatchMatMul', run: () => tf.matMul(t(a), t(b), ta, tb) });
  }
  const convs: [string, number[], number[], number, 'valid' | 'same'][] = [
    ['CNN conv1', [8, 28, 28, 1], [3, 3, 1, 32], 1, 'valid'],
    ['CNN conv2', [8, 13, 13, 32], [3, 3, 32, 64], 1, 'valid'],
    ['same, 8 channels', [2, 9, 9, 8], [3, 3, 8, 5], 1, 'same'],
    ['stride 2, same', [2, 9, 8, 8], [3, 3, 8, 5], 2, 'same'],
  ];
  for (const [i, [name, xs, fs, stride, pad]] of convs.entries()) {
    const x = rand(xs, 30 + i);
    const w = rand(fs, 40 + i);
    const dyShape = tf.tidy(() => tf.conv2d(t(x) as tf.Tensor4D, t(w) as tf.Tensor4D, stride, pad).shape);
    const dy = rand(dyShape, 50 + i);
    const grads = (which: 0 | 1) => () => {
      const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, stride, pad).mul(t(dy)).sum());
      return g([t(x), t(w)])[which]!;
    };
    // conv1's input gradient never runs in training (the images have none), but the kernel must hold.
    out.push({ name: `${name} dx`, kernel: 'Conv2DBackpropInput', run: grads(0) });
    out.push({ name: `${name} dW`, kernel: 'Conv2DBackpropFilter', run: grads(1) });
  }
  const tie = rand([2, 7, 7, 3], 60);
  tie.values[0] = tie.values[3] = 5; // a tie inside one window
  const pools: [string, { values: Float32Array; shape: number[] }, number, number, 'valid' | 'same'][] = [
    ['CNN pool 2×2', rand([8, 26, 26, 32], 61), 2, 2, 'valid'],
    ['2×2 stride 2, a tie', tie, 2, 2, 'valid'],
    ['3×3 stride 2, same', tie, 3, 2, 'same'],
    ['3×3 stride 1, overlapping', tie, 3, 1, 'valid'],
  ];
  for (const [i, [name, x, size, stride, pad]] of pools.entries()) {
    const outShape = tf.tidy(() => tf.maxPool(t(x) as tf.Tensor4D, size, stride, pad).shape);
    const dy = rand(outShape, 70 + i); // distinct upstream values show where each one is routed
    out.push({
      name, kernel: 'MaxPoolGrad',
      run: () => tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, size, stride, pad).mul(t(dy)).sum())(t(x)),
    });
  }
  return out;
}

/** A kernel called directly (no other allocation around it), on inputs made from seeded values. */
interface Growth {
  name: string;
  kernel: string;
  inputs: () => Record<string, tf.Tensor>;
  attrs: Record<string, unknown>;
  /** Bytes of its first output: the allocation meant to grow the heap. */
  outputBytes: number;
}

const POOL_X = rand([32, 26, 26, 32], 80);
const POOL_DY = rand([32, 13, 13, 32], 81);
const DENSE = [0, 1, 2, 3].map((i) => rand([7744, 128], 90 + i));
DENSE[2]!.values = DENSE[2]!.values.map(Math.abs); // v ≥ 0

// The CNN's pool at batch 32 and its dense kernel's Adam step: the two patched kernels that
// read and write the heap through views (MaxPoolGrad, FusedAdamUpdate with its f32x4 module).
const GROWTH: Growth[] = [
  {
    name: 'MaxPoolGrad, CNN pool at batch 32', kernel: 'MaxPoolGrad', outputBytes: POOL_X.values.length * 4,
    inputs: () => {
      const input = t(POOL_X);
      return { dy: t(POOL_DY), input, output: tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid') };
    },
    attrs: { filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  },
  {
    name: 'FusedAdamUpdate, CNN dense kernel 7744×128', kernel: FUSED_ADAM, outputBytes: DENSE[0]!.values.length * 4,
    inputs: () => ({
      value: t(DENSE[0]!), m: t(DENSE[1]!), v: t(DENSE[2]!), gradient: t(DENSE[3]!),
      oneMinusAccBeta1: tf.scalar(1 - 0.9 ** 3), oneMinusAccBeta2: tf.scalar(1 - 0.999 ** 3),
    }),
    attrs: { ...KERAS_ADAM },
  },
];

/**
 * The kernel's outputs on the current backend, one after the other, its inputs made and freed
 * around the one call; with `squeeze`, the heap is filled between the inputs and the call.
 */
function runKernel(g: Growth, squeeze = false): { data: Float32Array; heapBefore: number; heapAfter: number } {
  const inputs = g.inputs();
  const ballast = squeeze ? fillHeap(g.outputBytes / 2) : [];
  const heapBefore = heapBytes();
  const out = tf.engine().runKernel(g.kernel, inputs, g.attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  const heapAfter = heapBytes();
  tf.dispose(ballast);
  const outs = Array.isArray(out) ? out : [out];
  const parts = outs.map((o) => o.dataSync() as Float32Array);
  const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (data.set(p, at), at + p.length), 0);
  tf.dispose([...outs, ...Object.values(inputs)]);
  return { data, heapBefore, heapAfter };
}

/** The WASM heap's size now (0 before the backend starts). */
const heapBytes = () => wasmBackendMemory(tf.findBackend('wasm'))?.buffer.byteLength ?? 0;

/**
 * Allocates 64 KiB tensors until the heap grows once, then more until about `leave` bytes are
 * free at its top: the next allocation larger than that must grow the heap again. Emscripten
 * grows by at least 20 %, so just after a growth the free space is the new pages less one chunk.
 */
function fillHeap(leave: number): tf.Tensor[] {
  const memory = wasmBackendMemory(tf.findBackend('wasm'));
  if (!memory) throw new Error('no WASM heap');
  const chunk = 1 << 16;
  const ballast: tf.Tensor[] = [];
  const start = memory.buffer.byteLength;
  while (memory.buffer.byteLength === start) ballast.push(tf.zeros([chunk / 4]));
  const free = memory.buffer.byteLength - start - chunk;
  for (let left = free - leave; left > chunk; left -= chunk) ballast.push(tf.zeros([chunk / 4]));
  return ballast;
}

async function values(c: Case): Promise<{ shape: number[]; data: Float32Array }> {
  const r = tf.tidy(c.run);
  const data = (await r.data()) as Float32Array;
  const shape = r.shape;
  r.dispose();
  return { shape, data };
}

async function wasmKernelsCheck(wasmUrl: string): Promise<WasmKernelsReport> {
  const init = await initBackend('wasm', { wasmUrl });
  if (init.backend !== 'wasm') throw new Error(`wasm did not start: ${init.fallbackReason}`);
  const patched = patchedWasmKernels();
  ensureFusedAdamKernels();
  const base = tf.memory().numTensors;
  const before = heapBytes();
  const all = cases();
  const got: { shape: number[]; data: Float32Array }[] = [];
  for (const c of all) got.push(await values(c));
  const grown = GROWTH.map((g) => runKernel(g, true));
  const leakedWasm = tf.memory().numTensors - base;
  const after = heapBytes();
  // The reference: the same inputs on the cpu backend (with the project's cpu Conv2DBackpropFilter, as in Node).
  const cpu = await initBackend('cpu', { wasmUrl });
  if (cpu.backend !== 'cpu') throw new Error(`cpu did not start: ${cpu.fallbackReason}`);
  const diffs: KernelDiff[] = [];
  for (const [i, c] of all.entries()) {
    const ref = await values(c);
    const mine = got[i]!;
    if (ref.shape.join() !== mine.shape.join()) throw new Error(`${c.name}: shape [${mine.shape.join()}] on wasm, [${ref.shape.join()}] on cpu`);
    let abs = 0, elementRel = 0, scale = 0;
    ref.data.forEach((v, k) => {
      const d = Math.abs(v - mine.data[k]!);
      // NaN on either side counts as an infinite difference.
      abs = Math.max(abs, Number.isNaN(d) ? Infinity : d);
      elementRel = Math.max(elementRel, Number.isNaN(d) ? Infinity : d / Math.max(1, Math.abs(v)));
      scale = Math.max(scale, Math.abs(v));
    });
    diffs.push({ name: c.name, kernel: c.kernel, shape: ref.shape, abs, rel: abs / Math.max(1, scale), elementRel, scale });
  }
  const growth = GROWTH.map((g, i) => {
    const want = runKernel(g).data;
    const mine = grown[i]!;
    const wb = new Uint32Array(want.buffer, want.byteOffset, want.length);
    const mb = new Uint32Array(mine.data.buffer, mine.data.byteOffset, mine.data.length);
    let mismatches = wb.length === mb.length ? 0 : Infinity;
    for (let k = 0; k < wb.length; k++) if (wb[k] !== mb[k]) mismatches++;
    return { name: g.name, heapBefore: mine.heapBefore, heapAfter: mine.heapAfter, mismatches, values: wb.length };
  });
  return { backend: init.backend, patched, diffs, growth, leakedWasm, leaked: tf.memory().numTensors - base, heapBytes: { before, after } };
}

(globalThis as { wasmKernelsCheck?: typeof wasmKernelsCheck }).wasmKernelsCheck = wasmKernelsCheck;
