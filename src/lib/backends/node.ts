import * as tf from '@tensorflow/tfjs';
import { registerKernelsFor } from './register-kernels';
import { patchWasmTraining } from './wasm-speed';

/** Folder of the TF.js .wasm binaries inside node_modules, with a trailing slash. */
export async function nodeWasmDir(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  // "main" of the package is dist/tf-backend-wasm.node.js, next to the .wasm files.
  return `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

/**
 * Node only (tests, reference runs, benchmarks): selects TF.js's 'wasm' or
 * 'cpu' backend, loading the .wasm files from node_modules and registering
 * this project's Conv2DBackpropFilter kernel (see register-kernels.ts) and,
 * on wasm, the faster gradient kernels (wasm-speed.ts; `speedPatches: false`
 * keeps TF.js's own, for kernel tests). Resolves once the backend is ready.
 */
export async function initNodeBackend(name: 'wasm' | 'cpu', { speedPatches = true }: { speedPatches?: boolean } = {}): Promise<'wasm' | 'cpu'> {
  if (name !== 'wasm' && name !== 'cpu') throw new TypeError(`initNodeBackend: expected 'wasm' or 'cpu', got ${JSON.stringify(name)}`);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Harmless once initialised; it only throws after a failed initialisation.
    wasm.setWasmPaths(await nodeWasmDir());
  }
  registerKernelsFor(name);
  if (!(await tf.setBackend(name))) throw new Error(`initNodeBackend: the ${name} backend failed to initialise`);
  await tf.ready();
  if (name === 'wasm' && speedPatches) patchWasmTraining();
  return name;
}
