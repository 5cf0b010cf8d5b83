import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../train/protocol';
import { registerKernelsFor } from './register-kernels';
import { patchWasmTraining } from './wasm-speed';

/** Which backend runs, and why the ones tried before it did not (null if none failed). */
export interface BackendInit {
  backend: BackendName;
  fallbackReason: string | null;
  /** WASM only: the threads its kernels run on (1 on the single-threaded build); null on other backends. */
  threads?: number | null;
  /** WASM with one thread: why not more; else null. */
  threadsReason?: SingleThreadReason | null;
}

/** Why WASM runs on one thread: the page is not cross-origin isolated, the machine has one core, or the threaded build failed here. */
export type SingleThreadReason = 'not-isolated' | 'single-core' | 'threaded-failed';

/** Most threads the WASM backend is given: past 8, XNNPACK's gains on these small models vanish and each thread costs a worker. */
export const MAX_WASM_THREADS = 8;

/**
 * How many threads to ask the WASM backend for, or why one only: TF.js's threaded build
 * needs SharedArrayBuffer, which browsers give only to cross-origin-isolated pages
 * (the site's service worker adds the COOP/COEP headers that make a page isolated).
 */
export function wasmThreadPlan(scope: { crossOriginIsolated?: boolean | undefined; hardwareConcurrency?: number | undefined }): { threads: number; reason: SingleThreadReason | null } {
  if (scope.crossOriginIsolated !== true) return { threads: 1, reason: 'not-isolated' };
  const cores = Math.floor(scope.hardwareConcurrency ?? 1);
  if (!(cores > 1)) return { threads: 1, reason: 'single-core' };
  return { threads: Math.min(cores, MAX_WASM_THREADS), reason: null };
}

/** The worker's (or page's) own view of isolation and cores. */
function scopeInfo(): { crossOriginIsolated?: boolean | undefined; hardwareConcurrency?: number | undefined } {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  return { crossOriginIsolated: g.crossOriginIsolated, hardwareConcurrency: g.navigator?.hardwareConcurrency };
}

/** How long the threaded WASM build may take to start (about 1 s on this project's 2-core machine). */
export const THREADED_START_MS = 15_000;

/** `p`'s value, or false once `ms` have passed (p is left to settle, ignored). */
function withDeadline(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Set when the threaded build failed to start here: later starts go straight to the single-threaded one. */
let threadedFailure = false;

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Folder (URL) holding the TF.js .wasm binaries; a trailing slash is added if missing. */
  wasmUrl: string;
}

const LABEL: Record<BackendName, string> = { webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' };
const FALLBACKS: BackendName[] = ['webgl', 'wasm', 'cpu'];
const CHOICES: readonly BackendChoice[] = ['auto', 'webgl', 'webgpu', 'wasm', 'cpu'];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Loads and registers a backend's code (only when it is chosen); returns why it cannot run, or null. */
async function prepare(name: BackendName, wasmUrl: string): Promise<string | null> {
  if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
    if (tf.findBackendFactory('webgl') === null) return 'not available in this environment';
    if (tf.env().getNumber('WEBGL_VERSION') === 0) return 'no WebGL context could be created';
    // Half-float textures make Adam's tiny epsilon round to 0 and training diverge.
    if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) return 'this GPU cannot render float32 textures';
  } else if (name === 'webgpu') {
    const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
    if (gpu === undefined) return 'navigator.gpu is missing';
    if ((await gpu.requestAdapter()) === null) return 'no GPU adapter';
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // TF.js picks the SIMD (or threaded SIMD) binary itself when the browser supports it.
    try {
      wasm.setWasmPaths(wasmUrl.endsWith('/') ? wasmUrl : `${wasmUrl}/`);
    } catch {
      // Refused after an aborted initialisation (the threaded build's): the paths set before stay.
    }
    const plan = wasmThreadPlan(scopeInfo());
    // Without isolation TF.js already takes the single-threaded binary; after a failure, force it.
    if (threadedFailure) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else if (plan.threads > 1) {
      wasm.setThreadsCount(plan.threads);
      // TF.js caps its pool at half the logical cores it reads (integrations/tfjs-wasm-threads.mjs):
      // it reads this instead, so the cap is the threads asked for.
      (globalThis as { __tfjsWasmLogicalCores?: number }).__tfjsWasmLogicalCores = plan.threads * 2;
    }
  }
  registerKernelsFor(name);
  return null;
}

/** Switches to `name` and proves it computes; returns why not, or null on success. */
export async function tryBackend(name: BackendName, wasmUrl: string): Promise<string | null> {
  try {
    const why = await prepare(name, wasmUrl);
    if (why !== null) return why;
    const threaded = name === 'wasm' && !threadedFailure && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
    // The threaded build waits for its helper workers; one that cannot start them (blocked, out of
    // memory) never settles, so it gets a deadline instead of a frozen training.
    const started = threaded ? await withDeadline(tf.setBackend(name), THREADED_START_MS) : await tf.setBackend(name);
    if (!started) {
      if (threaded) {
        // Once more, single-threaded (prepare() forces it from now on), and the run line says why.
        threadedFailure = true;
        return tryBackend(name, wasmUrl);
      }
      return name === 'wasm' ? `initialisation failed (are the .wasm files at ${wasmUrl}?)` : 'initialisation failed';
    }
    await tf.ready();
    if (name === 'wasm') patchWasmTraining();
    // A tiny op read back: a backend can initialise and still fail to compute (shaders, context loss).
    const t = tf.tidy(() => tf.add(tf.tensor1d([1, 2, 3]), tf.scalar(1)));
    let values;
    try {
      values = await t.data();
    } finally {
      t.dispose(); // also when the read-back rejects, as it may on a broken GPU
    }
    if (values.join() !== '2,3,4') return `a test computation gave ${Array.from(values).join(',')} instead of 2,3,4`;
    // And a small matrix product, the operation training is made of: a backend whose shaders
    // compile but compute garbage (a driver bug, a half-float texture) is caught here, not after an epoch.
    const p = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
    let product;
    try {
      product = await p.data();
    } finally {
      p.dispose();
    }
    if (Array.from(product).join() !== '19,22,43,50') return `a test matrix product gave ${Array.from(product).join(',')} instead of 19,22,43,50`;
    return null;
  } catch (e) {
    return message(e);
  }
}

/** The running backend's thread count and, for a single-threaded WASM, why (null fields off WASM). */
export async function threadInfo(name: BackendName): Promise<{ threads: number | null; threadsReason: SingleThreadReason | null }> {
  if (name !== 'wasm') return { threads: null, threadsReason: null };
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const threads = wasm.getThreadsCount();
  if (threads > 1) return { threads, threadsReason: null };
  return { threads, threadsReason: threadedFailure ? 'threaded-failed' : (wasmThreadPlan(scopeInfo()).reason ?? 'single-core') };
}

/**
 * Browser and worker: starts the requested TF.js backend. 'auto' (or a
 * backend that fails) falls back through WebGL, WASM, then CPU; the result
 * names the backend that runs and why the earlier ones were skipped.
 */
export async function initBackend(choice: BackendChoice, { wasmUrl }: InitBackendOptions): Promise<BackendInit> {
  if (!CHOICES.includes(choice)) throw new TypeError(`initBackend: unknown backend ${JSON.stringify(choice)} (expected one of ${CHOICES.join(', ')})`);
  if (typeof wasmUrl !== 'string' || wasmUrl === '') throw new TypeError('initBackend: wasmUrl must be a non-empty string');
  const order = choice === 'auto' ? FALLBACKS : [choice, ...FALLBACKS.filter((b) => b !== choice)];
  const reasons: string[] = [];
  for (const name of order) {
    const why = await tryBackend(name, wasmUrl);
    if (why === null) return { backend: name, fallbackReason: reasons.length > 0 ? reasons.join('; ') : null, ...(await threadInfo(name)) };
    reasons.push(`${LABEL[name]} unavailable: ${why}`);
  }
  throw new Error(`No TF.js backend could start. ${reasons.join('; ')}`);
}
