// Page side of the training worker. Imports no TF.js: a page downloads TF.js (in
// the worker) only when a training or a prediction starts.
import { withBase } from '../url';
import { noteTrainerStarted } from '../offline/activity';
import { TrainingError } from './errors';
import type { AutoChoices, ClientOptions, ExperimentHandlers, TrainHandlers, TrainingClient, WorkerLike } from './client-types';
import { browserAutoChoices } from '../store/backend-choice';
import type { ExperimentRunResult, Inspection, TrainResult, WorkerEvent, WorkerRequest } from './protocol';
import type { Measurement } from '../backends/measure';

export { TrainingError } from './errors';

export type { AutoChoices, ClientOptions, ExperimentHandle, ExperimentHandlers, ExperimentRequest, InspectRequest, PredictRequest, TrainHandle, TrainHandlers, TrainingClient, TrainRequest, WorkerLike } from './client-types';

type Pending =
  | { kind: 'train'; handlers: TrainHandlers; batchSize: number; secondsPerBatch?: number; auto: AutoChoices | null; resolve(r: TrainResult): void; reject(e: Error): void }
  | { kind: 'predict'; resolve(p: number[]): void; reject(e: Error): void }
  | { kind: 'inspect'; resolve(r: Inspection): void; reject(e: Error): void }
  | { kind: 'benchmark'; onMeasured?: (m: Measurement) => void; auto: AutoChoices | null; resolve(r: Measurement[]): void; reject(e: Error): void }
  | { kind: 'experiment'; handlers: ExperimentHandlers; batchSize: number; secondsPerBatch?: number; resolve(r: ExperimentRunResult): void; reject(e: Error): void };

// Page-wide, shared by every client: one training at a time on a page.
let activeTraining: string | null = null;
let counter = 0;

const absolute = (path: string) => new URL(withBase(path), globalThis.location?.href ?? 'http://localhost/').href;

/** Creates the page's training client; its worker starts on the first request. */
export function createTrainingClient(options: ClientOptions = {}): TrainingClient {
  const pending = new Map<string, Pending>();
  let worker: WorkerLike | null = null;
  const page = options.page ?? (globalThis as unknown as EventTarget);
  let listening = false;
  const watchdogs = new Map<string, ReturnType<typeof setTimeout>>();

  const finish = (id: string) => {
    pending.delete(id);
    clearTimeout(watchdogs.get(id));
    watchdogs.delete(id);
    if (activeTraining === id) activeTraining = null;
  };
  const rejectAll = (error: TrainingError) => {
    for (const [id, p] of [...pending]) {
      finish(id);
      p.reject(error);
    }
  };
  const terminate = (reason = 'The training worker was stopped.', code: 'internal' | 'left' = 'internal') => {
    worker?.terminate();
    worker = null;
    rejectAll(new TrainingError(code, reason));
  };
  // Stop is only a message: a run that cannot read it (hung read-back, lost device) would
  // never settle, so past the deadline its worker is ended and done rejects. The run reads
  // Stop after each batch, so the deadline covers a few batches: before the first one
  // (shader compilation on a slow GPU can take long) a longer default applies.
  const stopDeadlineMs = (p: Pending | undefined): number => {
    const base = options.stopTimeoutMs ?? 10_000;
    if (p?.kind !== 'train' && p?.kind !== 'experiment') return base;
    if (p.secondsPerBatch === undefined) return Math.max(base, options.firstBatchStopTimeoutMs ?? 60_000);
    return Math.max(base, Math.ceil(3 * p.secondsPerBatch * 1000));
  };
  const watchStop = (id: string) => {
    if (watchdogs.has(id)) return;
    const ms = stopDeadlineMs(pending.get(id));
    watchdogs.set(id, setTimeout(() => {
      const p = pending.get(id);
      if (!p) return;
      finish(id);
      p.reject(new TrainingError('stopped-unresponsive', `The training did not answer Stop within ${ms / 1000} s; its worker was ended.`));
      terminate('The training worker was ended after a training did not answer Stop.');
    }, ms));
  };

  const onEvent = (event: WorkerEvent) => {
    const p = pending.get(event.id);
    if (!p) return;
    if (event.type === 'error') {
      finish(event.id);
      p.reject(new TrainingError(event.code, event.message));
      // A lost GPU context cannot be revived in that worker: start afresh next time.
      if (event.code === 'context-lost') terminate('The GPU context was lost.');
    } else if (p.kind === 'predict') {
      if (event.type === 'prediction') {
        finish(event.id);
        p.resolve(event.probabilities);
      }
    } else if (p.kind === 'benchmark') {
      if (event.type === 'measured') {
        p.auto?.write(event.measurement);
        p.onMeasured?.(event.measurement);
      } else if (event.type === 'benchmark-done') {
        finish(event.id);
        p.resolve(event.measurements);
      }
    } else if (p.kind === 'inspect') {
      if (event.type === 'inspection') {
        finish(event.id);
        p.resolve(event.result);
      }
    } else if (p.kind === 'experiment') {
      if (event.type === 'experiment-done') {
        finish(event.id);
        p.resolve(event.result);
      } else if (event.type === 'arm-start') p.handlers.onArmStart?.(event.arm, event.index, event.total);
      else if (event.type === 'arm') p.handlers.onArm?.(event.result);
      else if (event.type === 'phase') p.handlers.onPhase?.(event.phase);
      else if (event.type === 'data-progress') p.handlers.onDataProgress?.(event);
      else if (event.type === 'backend') p.handlers.onBackend?.(event.backend, event.fallbackReason, { threads: event.threads ?? null, threadsReason: event.threadsReason ?? null });
      else if (event.type === 'batch') {
        if (event.log.examplesPerSecond > 0) p.secondsPerBatch = p.batchSize / event.log.examplesPerSecond;
        p.handlers.onBatch?.(event.log);
      }
    } else if (event.type === 'done') {
      finish(event.id);
      p.resolve(event.result);
    } else if (event.type === 'measured') {
      const entry = p.auto?.write(event.measurement);
      if (entry) p.handlers.onAuto?.({ source: 'measured', entry });
    } else if (event.type === 'phase') p.handlers.onPhase?.(event.phase);
    else if (event.type === 'data-progress') p.handlers.onDataProgress?.(event);
    else if (event.type === 'backend') p.handlers.onBackend?.(event.backend, event.fallbackReason, { threads: event.threads ?? null, threadsReason: event.threadsReason ?? null });
    else if (event.type === 'batch') {
      if (event.log.examplesPerSecond > 0) p.secondsPerBatch = p.batchSize / event.log.examplesPerSecond;
      p.handlers.onBatch?.(event.log);
    }
    else if (event.type === 'epoch') p.handlers.onEpoch?.(event.log);
  };

  const getWorker = (): WorkerLike => {
    if (worker) return worker;
    const w = options.createWorker?.() ?? (new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike);
    w.onmessage = (e) => onEvent(e.data);
    // The service-worker registration must not reload the page under a run (src/lib/offline/register.ts).
    noteTrainerStarted(() => [...pending.values()].some((p) => p.kind === 'train' || p.kind === 'experiment' || p.kind === 'benchmark'));
    w.onerror = (e) => {
      e.preventDefault?.();
      terminate(`The training worker failed: ${e.message || 'it could not start'}`);
    };
    w.onmessageerror = () => terminate('A message from the training worker could not be read.');
    if (!listening) {
      // No worker may keep training after the page is left (bfcache included).
      // 'left', not 'internal': a page restored from that cache says why its run ended.
      page.addEventListener('pagehide', () => terminate('The page was left.', 'left'));
      listening = true;
    }
    worker = w;
    return w;
  };

  /**
   * Starts a training or an experiment: refused ('busy') while another holds the page, else
   * `register` files it as pending and returns the message to post. Stop is a message, with
   * the watchdog behind it.
   */
  const startRun = <R>(kind: 'train' | 'experiment' | 'benchmark', register: (id: string, resolve: (r: R) => void, reject: (e: Error) => void) => WorkerRequest) => {
    const id = `${kind}-${++counter}`;
    if (activeTraining !== null) {
      return { stop() {}, done: Promise.reject<R>(new TrainingError('busy', 'Another training is already running on this page.')) };
    }
    activeTraining = id;
    let message: WorkerRequest | null = null;
    const done = new Promise<R>((resolve, reject) => (message = register(id, resolve, reject)));
    try {
      getWorker().postMessage(message!);
    } catch (error) {
      finish(id);
      return { stop() {}, done: Promise.reject<R>(new TrainingError('internal', String(error))) };
    }
    return {
      stop: () => {
        if (!pending.has(id)) return;
        worker?.postMessage({ type: 'stop', id });
        watchStop(id);
      },
      done,
    };
  };

  const urls = () => ({ dataUrl: options.dataUrl ?? absolute('/data/mnist/'), wasmUrl: options.wasmUrl ?? absolute('/tfjs-wasm/') });
  /** Posts a one-shot request (prediction, inspection) whose answer `register` waits for. */
  const ask = <R>(prefix: string, register: (id: string, resolve: (r: R) => void, reject: (e: Error) => void) => WorkerRequest): Promise<R> => {
    const id = `${prefix}-${++counter}`;
    let message: WorkerRequest | null = null;
    const result = new Promise<R>((resolve, reject) => (message = register(id, resolve, reject)));
    try {
      getWorker().postMessage(message!);
    } catch (error) {
      finish(id);
      return Promise.reject(new TrainingError('internal', String(error)));
    }
    return result;
  };

  return {
    train(request, handlers = {}) {
      // 'auto': the backend this browser measured fastest for this model, else measure now.
      const auto = request.backend === 'auto' ? (options.autoChoices === undefined ? browserAutoChoices() : options.autoChoices) : null;
      const stored = auto?.read(request.model) ?? null;
      let started = false;
      const run = startRun<TrainResult>('train', (id, resolve, reject) => {
        started = true;
        pending.set(id, { kind: 'train', handlers, batchSize: request.options.batchSize, auto, resolve, reject });
        return { type: 'train', id, ...request, ...(stored ? { backend: stored.backend } : {}), ...(auto && !stored ? { measure: true } : {}), ...urls() };
      });
      // Only for a run that started: a refused one ('busy') trains on nothing, so it says nothing of a backend.
      if (stored && started) handlers.onAuto?.({ source: 'stored', entry: stored });
      return run;
    },
    experiment(request, handlers = {}) {
      return startRun<ExperimentRunResult>('experiment', (id, resolve, reject) => {
        pending.set(id, { kind: 'experiment', handlers, batchSize: request.options.batchSize, resolve, reject });
        return { type: 'experiment', id, ...request, ...urls() };
      });
    },
    predict({ model, pixels, backend = 'auto' }) {
      return ask<number[]>('predict', (id, resolve, reject) => {
        pending.set(id, { kind: 'predict', resolve, reject });
        return { type: 'predict', id, model, backend, wasmUrl: urls().wasmUrl, pixels };
      });
    },
    benchmark(handlers = {}) {
      const auto = options.autoChoices === undefined ? browserAutoChoices() : options.autoChoices;
      return startRun<Measurement[]>('benchmark', (id, resolve, reject) => {
        pending.set(id, { kind: 'benchmark', ...(handlers.onMeasured ? { onMeasured: handlers.onMeasured } : {}), auto, resolve, reject });
        return { type: 'benchmark', id, wasmUrl: urls().wasmUrl };
      });
    },
    // One image at a time: WASM starts in a fraction of a second and predicts in milliseconds,
    // where a software GPU would first compile shaders for seconds. A backend already running
    // (a training's) is kept, since a prediction never switches it.
    inspect({ source, model, view, pixels, backend = 'wasm' }) {
      return ask<Inspection>('inspect', (id, resolve, reject) => {
        pending.set(id, { kind: 'inspect', resolve, reject });
        return { type: 'inspect', id, source, model, view, pixels, backend, wasmUrl: urls().wasmUrl, modelsUrl: options.modelsUrl ?? absolute('/data/models/') };
      });
    },
    terminate: () => terminate(),
  };
}
