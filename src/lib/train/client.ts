// Page side of the training worker. Imports no TF.js: a page downloads TF.js (in
// the worker) only when a training or a prediction starts.
import { withBase } from '../url';
import { TrainingError } from './errors';
import type { BackendChoice, BackendName, BatchLog, EpochLog, ModelKind, TrainOptions, TrainResult, WorkerEvent, WorkerRequest } from './protocol';

export { TrainingError } from './errors';

/** What a training cell asks for; the client adds the data and wasm URLs. */
export interface TrainRequest {
  model: ModelKind;
  options: TrainOptions;
  backend: BackendChoice;
  save: boolean;
}

/** Progress callbacks of one training (all optional). */
export interface TrainHandlers {
  onPhase?(phase: Extract<WorkerEvent, { type: 'phase' }>['phase']): void;
  onDataProgress?(p: { loadedBytes: number; totalBytes: number; file: string }): void;
  onBackend?(backend: BackendName, fallbackReason: string | null): void;
  onBatch?(log: BatchLog): void;
  onEpoch?(log: EpochLog): void;
}

/** A running training: stop() ends it within a batch; done resolves with the (partial) result. */
export interface TrainHandle {
  stop(): void;
  done: Promise<TrainResult>;
}

/** A digit to classify with a saved model (784 pixels in [0, 1], row-major). */
export interface PredictRequest {
  model: ModelKind;
  pixels: Float32Array;
  backend?: BackendChoice;
}

/** The page's handle on the worker. */
export interface TrainingClient {
  train(request: TrainRequest, handlers?: TrainHandlers): TrainHandle;
  predict(request: PredictRequest): Promise<number[]>;
  /** Ends the worker now; pending requests reject. The next request starts a new one. */
  terminate(): void;
}

/** The part of Worker the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

/** Overrides for tests; the defaults are the site's URLs and the real module worker. */
export interface ClientOptions {
  dataUrl?: string;
  wasmUrl?: string;
  createWorker?: () => WorkerLike;
  /** Where 'pagehide' is listened for (default: globalThis). */
  page?: EventTarget;
}

type Pending =
  | { kind: 'train'; handlers: TrainHandlers; resolve(r: TrainResult): void; reject(e: Error): void }
  | { kind: 'predict'; resolve(p: number[]): void; reject(e: Error): void };

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

  const finish = (id: string) => {
    pending.delete(id);
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
    } else if (event.type === 'done') {
      finish(event.id);
      p.resolve(event.result);
    } else if (event.type === 'phase') p.handlers.onPhase?.(event.phase);
    else if (event.type === 'data-progress') p.handlers.onDataProgress?.(event);
    else if (event.type === 'backend') p.handlers.onBackend?.(event.backend, event.fallbackReason);
    else if (event.type === 'batch') p.handlers.onBatch?.(event.log);
    else if (event.type === 'epoch') p.handlers.onEpoch?.(event.log);
  };

  const getWorker = (): WorkerLike => {
    if (worker) return worker;
    const w = options.createWorker?.() ?? (new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike);
    w.onmessage = (e) => onEvent(e.data);
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

  const urls = () => ({ dataUrl: options.dataUrl ?? absolute('/data/mnist/'), wasmUrl: options.wasmUrl ?? absolute('/tfjs-wasm/') });

  return {
    train(request, handlers = {}) {
      const id = `train-${++counter}`;
      if (activeTraining !== null) {
        const done = Promise.reject(new TrainingError('busy', 'Another training is already running on this page.'));
        return { stop() {}, done };
      }
      activeTraining = id;
      const done = new Promise<TrainResult>((resolve, reject) => pending.set(id, { kind: 'train', handlers, resolve, reject }));
      try {
        getWorker().postMessage({ type: 'train', id, ...request, ...urls() });
      } catch (error) {
        finish(id);
        return { stop() {}, done: Promise.reject(new TrainingError('internal', String(error))) };
      }
      return {
        stop: () => {
          if (pending.has(id)) worker?.postMessage({ type: 'stop', id });
        },
        done,
      };
    },
    predict({ model, pixels, backend = 'auto' }) {
      const id = `predict-${++counter}`;
      const result = new Promise<number[]>((resolve, reject) => pending.set(id, { kind: 'predict', resolve, reject }));
      try {
        getWorker().postMessage({ type: 'predict', id, model, backend, wasmUrl: urls().wasmUrl, pixels });
      } catch (error) {
        finish(id);
        return Promise.reject(new TrainingError('internal', String(error)));
      }
      return result;
    },
    terminate: () => terminate(),
  };
}
