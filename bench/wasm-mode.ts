// Single-threaded or threaded WASM, side by side in one cross-origin-isolated bench page
// (scripts/bench.mjs serves every response with COOP/COEP). TF.js 4.22 takes its threaded
// SIMD binary on its own wherever SharedArrayBuffer works, so the single-threaded rows turn
// the flag off and the threaded ones ask for their thread count, both before the backend
// initialises; each row then checks which binary was fetched and how many threads run.
//
// TF.js 4.22 caps the threads at the logical cores it reads / 2 (its backend.cc: "many x86-64
// processors have 2 threads per core"): on a 2-core machine its threaded binary would run XNNPACK on
// one thread. The site lifts the cap (integrations/tfjs-wasm-threads.mjs, bundled here too, lets
// select.ts set the count TF.js reads): 'threads' does the same, so it measures what the site runs.
// 'threads-uncapped' (opt-in, `--wasm-uncapped`) instead overrides navigator.hardwareConcurrency,
// the way this was first measured; it now gives the same threads as 'threads'.
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/**
 * 'single': the SIMD binary, one thread (what a page that is not isolated gets); 'threads': the threaded
 * SIMD binary, setThreadsCount(min(cores, 8)) as the site asks; 'threads-uncapped': the same with TF.js's
 * cores ÷ 2 cap lifted (see above).
 */
export type WasmMode = 'single' | 'threads' | 'threads-uncapped';

const MODES: Record<string, WasmMode> = { wasm: 'single', 'wasm-threads': 'threads', 'wasm-threads-uncapped': 'threads-uncapped' };

/** The bench's row names: 'wasm' is single-threaded, 'wasm-threads' and 'wasm-threads-uncapped' threaded. */
export const wasmModeOf = (backend: string): WasmMode | null => MODES[backend] ?? null;

/** The context's own core count, read before any override. */
const realCores = Math.max(1, Math.floor(navigator.hardwareConcurrency || 1));

/** Threads asked for, as the site does (src/lib/backends/select.ts): one per core, 8 at most. */
export const threadsWanted = (): number => Math.min(realCores, 8);

/** Call before the WASM backend initialises (before initBackend / tf.setBackend('wasm')). */
export function setWasmMode(mode: WasmMode): void {
  if (mode === 'single') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return;
  }
  if (globalThis.crossOriginIsolated !== true) throw new Error(`wasm ${mode}: this context is not cross-origin isolated (COOP/COEP headers missing), so TF.js cannot run its threaded binary`);
  if (mode === 'threads-uncapped') {
    // Read by the threaded module's C++ start-up (emscripten_num_logical_cores) when it is instantiated here.
    Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => realCores * 2 });
  }
  else (globalThis as { __tfjsWasmLogicalCores?: number }).__tfjsWasmLogicalCores = threadsWanted() * 2; // as select.ts does
  tfWasm.setThreadsCount(threadsWanted());
}

/** What the WASM backend runs on, after it initialised. */
export interface WasmInfo {
  mode: WasmMode;
  /** e.g. "wasm, 2 threads". */
  label: string;
  /** getThreadsCount() of @tensorflow/tfjs-backend-wasm. */
  threads: number;
  /** Threads asked for with setThreadsCount (min(cores, 8)); null on the single-threaded row. */
  threadsAsked: number | null;
  crossOriginIsolated: boolean;
  /** The context's real navigator.hardwareConcurrency, and what TF.js read ('threads-uncapped': twice it). */
  hardwareConcurrency: number;
  hardwareConcurrencySeenByTfjs: number;
  /** The .wasm files this context fetched (resource timing), e.g. ["tfjs-backend-wasm-simd.wasm"]. */
  binaries: string[];
}

export function wasmInfo(mode: WasmMode): WasmInfo {
  const threads = tfWasm.getThreadsCount();
  const binaries = performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()!.split('?')[0]!).filter((n) => n.endsWith('.wasm'));
  const suffix = mode === 'single' ? '' : mode === 'threads' ? ', threaded binary' : ', threaded binary, cap lifted';
  return {
    mode, label: `wasm, ${threads} thread${threads === 1 ? '' : 's'}${suffix}`, threads, threadsAsked: mode === 'single' ? null : threadsWanted(),
    crossOriginIsolated: globalThis.crossOriginIsolated === true, hardwareConcurrency: realCores, hardwareConcurrencySeenByTfjs: navigator.hardwareConcurrency,
    binaries: [...new Set(binaries)],
  };
}

/**
 * Why a row did not run as its mode says (null when it did): the rows must not silently swap. A
 * threaded row on fewer threads than asked is kept (TF.js's cap; the row records its count), but
 * not one that fell back to the single-threaded binary.
 */
export function wasmModeProblem(info: WasmInfo): string | null {
  const threaded = info.binaries.some((b) => b.includes('threaded'));
  const on = `${info.threads} thread(s) on ${info.binaries.join(', ') || 'no fetched binary'}`;
  if (info.mode === 'single' && (info.threads !== 1 || threaded)) return `single-threaded row ran ${on}`;
  if (info.mode !== 'single' && (!threaded || info.binaries.length !== 1)) return `threaded row (${info.mode}) ran ${on} (crossOriginIsolated ${info.crossOriginIsolated})`;
  if (info.mode === 'threads-uncapped' && info.threads < (info.threadsAsked ?? 2)) return `threaded row (cap lifted) still ran ${on}`;
  return null;
}

/**
 * In the bench's worker: answers {type: 'bench-wasm-info', port} on that port with
 * wasmInfo(), out of the training protocol's sight. A capturing listener runs before the
 * site's own (non-capturing) one at the worker scope, whatever order the bundle evaluates
 * them in, and stops the message there (the site's worker would ignore it anyway).
 */
export function serveWasmInfo(mode: WasmMode): void {
  self.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as { type?: unknown; port?: MessagePort } | null;
    if (m?.type !== 'bench-wasm-info' || !m.port) return;
    event.stopImmediatePropagation();
    let reply: WasmInfo | { error: string };
    try {
      reply = wasmInfo(mode);
    } catch (e) {
      reply = { error: String(e) };
    }
    m.port.postMessage(reply);
  }, { capture: true });
}
