// The fastest TF.js backend Node has here: WASM (SIMD), plus the kernel TF.js lacks
// for CNN training (backends/node.ts) and faster gradient kernels (wasm-speed.ts).
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../src/lib/backends/node.ts';
import { patchedWasmKernels } from '../src/lib/backends/wasm-speed.ts';

/** Starts 'wasm' or 'cpu' and returns a description of what runs. */
export async function initReferenceBackend(name: string, patch = true): Promise<string> {
  if (name !== 'wasm' && name !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${name}`);
  await initNodeBackend(name, { speedPatches: patch });
  if (name !== 'wasm') return name;
  const patched = patchedWasmKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (simd ${String(simd)}, threads ${String(threads)}${patched.length > 0 ? `, faster ${patched.join('/')}` : ''})`;
}
