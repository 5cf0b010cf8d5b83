// Bundled ahead of a *-page.ts entry by runInIsolatedWorker (run-in-page.ts), into the same
// bundle, so that it shares that entry's copy of TF.js: tells the spec how the backend really ran
// (isolation, threads, shared memory, the f32x4 Adam path). The threads are the site's own choice:
// the entries start the backend with select.ts's initBackend, as the course's worker does.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { wasmBackendMemory } from '../../../src/lib/backends/fused-adam-kernels';
import { simdAdamFor } from '../../../src/lib/backends/fused-adam-simd';
import { wasmThreadPlan } from '../../../src/lib/backends/select';

/** How the WASM backend ran in the isolated worker. */
export interface WasmThreading {
  crossOriginIsolated: boolean;
  /** The worker's real navigator.hardwareConcurrency. */
  hardwareConcurrency: number;
  /** What select.ts asked for: min(cores, 8) when isolated (wasmThreadPlan). */
  requestedThreads: number;
  /** getThreadsCount() once the backend ran (null if it never started). */
  threads: number | null;
  /** Whether the backend's heap is a SharedArrayBuffer (the threaded build's). */
  sharedMemory: boolean;
  /** Whether the f32x4 Adam module bound to that heap (simdAdamFor, found as the kernel finds it). */
  simdAdam: boolean;
  /** .wasm files this worker fetched (resource timing). */
  wasmFiles: string[];
}

const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
const cores = navigator.hardwareConcurrency;
const requestedThreads = wasmThreadPlan({ crossOriginIsolated: isolated, hardwareConcurrency: cores }).threads;

function wasmThreading(): WasmThreading {
  // The entry may have switched to cpu (for reference values): look the wasm backend up by name.
  const backend = tf.findBackend('wasm');
  const memory = wasmBackendMemory(backend);
  let threads: number | null = null;
  try {
    threads = getThreadsCount();
  } catch {
    // "WASM backend not initialized": threads stays null and the spec says so.
  }
  return {
    crossOriginIsolated: isolated,
    hardwareConcurrency: cores,
    requestedThreads,
    threads,
    sharedMemory: memory !== null && typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer,
    simdAdam: memory !== null && simdAdamFor(memory) !== null,
    wasmFiles: performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm')),
  };
}

(globalThis as { __wasmThreading?: typeof wasmThreading }).__wasmThreading = wasmThreading;
