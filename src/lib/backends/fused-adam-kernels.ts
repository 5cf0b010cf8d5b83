import * as tf from '@tensorflow/tfjs';
import { FUSED_ADAM, fusedAdamInput as input } from './fused-adam-input';
import type { CpuBackendData, WasmHeapBackend } from './kernel-memory';
import { simdAdamFor } from './fused-adam-simd';
import { webglFusedAdam } from './fused-adam-webgl';
import { webgpuFusedAdam } from './fused-adam-webgpu';

// Callers take the kernel's name from here, with the kernels; it lives in fused-adam-input.ts.
export { FUSED_ADAM };

/**
 * Attributes of {@link FUSED_ADAM}. Its inputs are `value`, `m`, `v`, `gradient`
 * (float32, one shape) and the scalars `oneMinusAccBeta1`, `oneMinusAccBeta2`:
 * tensors, not attributes, so that the step's bias correction never leaves the
 * device (a WebGL read-back would stall every step). Outputs: [value', m', v'].
 */
export interface FusedAdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The step's float32 constants, as TF.js's scalar tensors hold them. */
interface Consts {
  b1: number;
  b2: number;
  a1: number;
  a2: number;
  c1: number;
  c2: number;
  eps: number;
  negLr: number;
}

/** Float32 views of one call's inputs and outputs. */
type Views = Record<'x' | 'm' | 'v' | 'g' | 'outX' | 'outM' | 'outV', Float32Array>;

function consts(attrs: FusedAdamAttrs, c1: Float32Array, c2: Float32Array): Consts {
  const f = Math.fround;
  // JS numbers become float32 tensors in TF.js: 1 - beta is computed in float64 first.
  return { b1: f(attrs.beta1), b2: f(attrs.beta2), a1: f(1 - attrs.beta1), a2: f(1 - attrs.beta2), c1: c1[0]!, c2: c2[0]!, eps: f(attrs.epsilon), negLr: f(-attrs.learningRate) };
}

/**
 * TF.js's Adam arithmetic from index `from` on, in its order and with a float32 rounding
 * after every operation as each of its separate kernels does, so results match the stock
 * optimizer bit for bit on cpu and wasm (IEEE float32 there: +, ·, /, sqrt round alike).
 */
function adamLoop({ x, m, v, g, outX, outM, outV }: Views, k: Consts, from = 0): void {
  const f = Math.fround;
  const { b1, b2, a1, a2, c1, c2, eps, negLr } = k;
  for (let i = from; i < x.length; i++) {
    const gi = g[i]!;
    const mi = f(f(m[i]! * b1) + f(gi * a1));
    const vi = f(f(v[i]! * b2) + f(f(gi * gi) * a2));
    outM[i] = mi;
    outV[i] = vi;
    const step = f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps));
    outX[i] = f(step * negLr) + x[i]!;
  }
}

const cpuKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as CpuBackendData;
  const read = (k: string) => b.data.get(input(inputs, k).dataId).values as Float32Array;
  const x = read('value');
  const [outX, outM, outV] = [0, 1, 2].map(() => new Float32Array(x.length)) as [Float32Array, Float32Array, Float32Array];
  adamLoop({ x, m: read('m'), v: read('v'), g: read('gradient'), outX, outM, outV }, consts(attrs as unknown as FusedAdamAttrs, read('oneMinusAccBeta1'), read('oneMinusAccBeta2')));
  const shape = input(inputs, 'value').shape;
  return [outX, outM, outV].map((o) => b.makeTensorInfo(shape, 'float32', o));
};

interface WasmBackend extends WasmHeapBackend {
  wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown };
}

/**
 * The WASM backend's heap memory, or null: the single-threaded builds export it
 * (`wasm.asm.memory`), the threaded SIMD build imports a shared one it keeps as `wasm.wasmMemory`.
 */
export function wasmBackendMemory(backend: unknown): WebAssembly.Memory | null {
  const wasm = (backend as WasmBackend | null | undefined)?.wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}

const wasmKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackend;
  const outs = [0, 1, 2].map(() => b.makeOutput(input(inputs, 'value').shape, 'float32'));
  // Views are taken only now: makeOutput may grow the WASM heap, detaching older views (or, on
  // the threaded build's shared heap, leaving them at the old length).
  const read = (k: string) => b.typedArrayFromHeap(input(inputs, k));
  const [outX, outM, outV] = outs.map((t) => b.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
  const views: Views = { x: read('value'), m: read('m'), v: read('v'), g: read('gradient'), outX, outM, outV };
  const k = consts(attrs as unknown as FusedAdamAttrs, read('oneMinusAccBeta1'), read('oneMinusAccBeta2'));
  const memory = wasmBackendMemory(b);
  const simd = memory ? simdAdamFor(memory) : null;
  // f32x4 for whole groups of four, the JS loop for the last 0-3 values.
  const quads = simd ? views.x.length - (views.x.length % 4) : 0;
  if (simd && quads > 0) {
    const { x, m, v, g } = views;
    simd(x.byteOffset, m.byteOffset, v.byteOffset, g.byteOffset, outX.byteOffset, outM.byteOffset, outV.byteOffset, quads * 4,
      k.b1, k.b2, k.a1, k.a2, k.c1, k.c2, k.eps, k.negLr);
  }
  adamLoop(views, k, quads);
  return outs;
};

const KERNELS: Record<string, tf.KernelFunc> = { cpu: cpuKernel, wasm: wasmKernel, webgl: webglFusedAdam, webgpu: webgpuFusedAdam };

/** Registers {@link FUSED_ADAM} for cpu, wasm, webgl and webgpu (idempotent; the backends need not exist yet). */
export function ensureFusedAdamKernels(): void {
  for (const [backendName, kernelFunc] of Object.entries(KERNELS)) {
    if (tf.getKernel(FUSED_ADAM, backendName) === undefined) tf.registerKernel({ kernelName: FUSED_ADAM, backendName, kernelFunc });
  }
}

/** Whether `backend` (default: the current one) has a {@link FUSED_ADAM} kernel. */
export function hasFusedAdam(backend: string = tf.getBackend()): boolean {
  return tf.getKernel(FUSED_ADAM, backend) !== undefined;
}
