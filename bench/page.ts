// The browser side of scripts/bench.mjs, bundled by esbuild into a static page.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/lib/backends/select';
import { createTrainingClient } from '../src/lib/train/client';
import { NOTEBOOK_OPTIONS } from '../src/lib/models/options';
import type { BackendName, ModelKind } from '../src/lib/train/protocol';
import { measureSpeed, type SpeedRow } from './measure';
import type { Measurement } from '../src/lib/backends/measure';
import { setWasmMode, wasmInfo, wasmModeOf, wasmModeProblem, type WasmInfo } from './wasm-mode';

const dataUrl = new URL('/data/mnist/', location.href).href;
const wasmUrl = new URL('/tfjs-wasm/', location.href).href;

/** A bench row's backend: a TF.js backend, or 'wasm-threads' / 'wasm-threads-uncapped' (the wasm backend on its threaded binary; 'wasm' is then single-threaded; see wasm-mode.ts). */
type BenchBackend = BackendName | 'wasm-threads' | 'wasm-threads-uncapped';

/** Trainer vs model.fit on the page's main thread. */
async function benchSpeed(kind: ModelKind, row: BenchBackend, n: number, rounds: number): Promise<SpeedRow & Partial<WasmInfo>> {
  const mode = wasmModeOf(row);
  const backend: BackendName = mode === null ? (row as BackendName) : 'wasm';
  // Before the backend initialises: one fresh page per row, so the setting holds for this row only.
  if (mode !== null) setWasmMode(mode);
  const init = await initBackend(backend, { wasmUrl });
  if (init.backend !== backend) throw new Error(`${backend} did not start: ${init.fallbackReason}`);
  const info = mode === null ? null : wasmInfo(mode);
  const problem = info && wasmModeProblem(info);
  if (problem) throw new Error(problem);
  // Exposed by scripts/bench.mjs: CPU ms of all the browser's processes, read in Node.
  const cpu = (globalThis as { benchCpuMs?: () => Promise<number> }).benchCpuMs;
  const result = await measureSpeed(kind, n, dataUrl, { rounds, ...(cpu ? { cpuClock: cpu } : {}) });
  return info ? { ...result, ...info, backend: row } : result;
}

/** The bench's worker (WASM mode set before the site's worker code) or the site's plain one. */
function workerUrl(row: BenchBackend): string {
  const mode = wasmModeOf(row);
  return mode === null ? '/worker.js' : `/bench-worker.js?wasm=${mode}`;
}

/** Asks the bench worker what its WASM backend runs on (a MessagePort, unseen by the training client). */
function askWasmInfo(worker: Worker): Promise<WasmInfo | { error: string }> {
  const channel = new MessageChannel();
  const reply = new Promise<WasmInfo | { error: string }>((resolve) => (channel.port1.onmessage = (e) => resolve(e.data)));
  worker.postMessage({ type: 'bench-wasm-info', port: channel.port2 }, [channel.port2]);
  return Promise.race([reply, new Promise<{ error: string }>((resolve) => setTimeout(() => resolve({ error: 'no answer from the bench worker' }), 5000))]);
}

/** A real run through the client and the module worker, as a course page does it. */
async function benchWorker(kind: ModelKind, row: BenchBackend, n: number) {
  const mode = wasmModeOf(row);
  const backend: BackendName = mode === null ? (row as BackendName) : 'wasm';
  const made: { worker: Worker | null } = { worker: null };
  let longestTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const client = createTrainingClient({ dataUrl, wasmUrl, createWorker: () => (made.worker = new Worker(workerUrl(row), { type: 'module' })) as never });
  const t0 = performance.now();
  let firstBatchMs: number | null = null;
  let usedBackend = '';
  const run = client.train(
    { model: kind, backend, save: false, options: { ...NOTEBOOK_OPTIONS, epochs: 1, trainSize: n, testSize: 32 } },
    {
      onBatch: () => (firstBatchMs ??= performance.now() - t0),
      onBackend: (b) => (usedBackend = b),
    },
  );
  const result = await run.done;
  observer.disconnect();
  const info = mode !== null && made.worker ? await askWasmInfo(made.worker) : null;
  client.terminate();
  if (info && 'error' in info) throw new Error(info.error);
  const problem = info && wasmModeProblem(info);
  if (problem) throw new Error(problem);
  const epoch = result.history[0]!;
  // longestTaskMs stays 0 when no task reached 50 ms (the Long Tasks API threshold).
  const longtaskSupported = PerformanceObserver.supportedEntryTypes.includes('longtask');
  const row0 = { model: kind, backend: usedBackend, examples: n, firstBatchMs, workerExPerSec: n / epoch.seconds, longestTaskMs, longtaskSupported };
  return info ? { ...row0, ...info, backend: row } : row0;
}

/** Smoke check of the worker's IndexedDB round trip: train briefly with save, then predict. */
async function checkSavePredict(kind: ModelKind, backend: BackendName) {
  const client = createTrainingClient({ dataUrl, wasmUrl, createWorker: () => new Worker('/worker.js', { type: 'module' }) as never });
  try {
    const before = await client.predict({ model: kind, pixels: new Float32Array(784), backend }).then(() => 'model found', (e: { code?: string }) => e.code);
    const result = await client.train({ model: kind, backend, save: true, options: { ...NOTEBOOK_OPTIONS, epochs: 1, trainSize: 64, testSize: 32 } }).done;
    const probabilities = await client.predict({ model: kind, pixels: new Float32Array(784).fill(0.2), backend });
    return { model: kind, backend: result.backend, beforeSave: before, saveError: result.saveError ?? null, probabilities };
  } finally {
    client.terminate();
  }
}

/** A WebGL training whose context scripts/bench.mjs loses on purpose: how is it answered? */
async function checkContextLost() {
  const state = { firstBatch: false, lostAt: 0 };
  Object.assign(globalThis, { contextState: state });
  const client = createTrainingClient({ dataUrl, wasmUrl, createWorker: () => new Worker('/worker.js', { type: 'module' }) as never });
  const run = client.train(
    { model: 'cnn', backend: 'webgl', save: false, options: { ...NOTEBOOK_OPTIONS, epochs: 1, trainSize: 640, testSize: 32 } },
    { onBatch: () => (state.firstBatch = true) },
  );
  try {
    const result = await run.done;
    return { code: null, stopped: result.stopped };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { code: err.code, message: err.message, msAfterLoss: performance.now() - state.lostAt };
  } finally {
    client.terminate();
  }
}

/**
 * What "auto" costs: a first training with backend 'auto' and no stored choice, through the real
 * client and worker; the worker times each backend that starts before training on the fastest.
 */
async function benchAuto(kind: ModelKind) {
  let measured: Measurement | null = null;
  const memory = { read: () => null, write: (m: Measurement) => ((measured = m), { version: 1, model: m.model, backend: m.picked, rates: m.rates, browser: '', site: '', date: '' }) };
  const client = createTrainingClient({ dataUrl, wasmUrl, autoChoices: memory, createWorker: () => new Worker('/worker.js', { type: 'module' }) as never });
  try {
    const result = await client.train({ model: kind, backend: 'auto', save: false, options: { ...NOTEBOOK_OPTIONS, epochs: 1, trainSize: 64, testSize: 32 } }).done;
    const m = measured as Measurement | null;
    return { model: kind, picked: result.backend, measureSeconds: result.measureSeconds ?? null, rates: m?.rates ?? [] };
  } finally {
    client.terminate();
  }
}

Object.assign(globalThis, { benchSpeed, benchWorker, checkSavePredict, checkContextLost, benchAuto, tf });
