import * as tf from '@tensorflow/tfjs';
import type { FetchLike } from '../data/mnist';
import { toCnnTensors, toLstmTensors } from '../data/preprocess';
import { compileModel, createModel, validateOptions } from '../models/index';
import { initBackend } from '../backends/select';
import { train } from './trainer';
import { evaluate, predictOne } from './evaluate';
import { classify, TrainingError } from './errors';
import { throttle } from './throttle';
import { loadRunData } from './run-data';
import { indexedDbStore, type ModelStore } from './store';
import type { BackendChoice, BackendName, Evaluation, ModelKind, TrainResult, WorkerEvent, WorkerRequest } from './protocol';

/** What the worker needs from its host; tests pass Node versions. */
export interface WorkerDeps {
  post(event: WorkerEvent): void;
  fetch?: FetchLike;
  store?: ModelStore;
  /** Minimum milliseconds between two 'batch' events (the last of an epoch always goes). */
  batchEventMs?: number;
}

/** Handles protocol requests; one instance per worker. */
export class WorkerCore {
  private running: { id: string; stop: boolean } | null = null;
  private backend: BackendName | null = null;
  private choice: BackendChoice | null = null;
  private fallbackReason: string | null = null;
  private contextLost = false;
  /** Requests already answered with an error: nothing more is posted for them. */
  private readonly finished = new Set<string>();
  private readonly watched = new WeakSet<EventTarget>();
  private readonly predictModels = new Map<ModelKind, tf.LayersModel>();

  constructor(private readonly deps: WorkerDeps) {}

  /** Dispatches one page message; never throws (failures become 'error' events). */
  async handle(request: WorkerRequest): Promise<void> {
    try {
      if (request.type === 'stop') {
        if (this.running?.id === request.id) this.running.stop = true;
      } else if (request.type === 'train') {
        await this.train(request);
      } else if (request.type === 'predict') {
        const probabilities = await this.predict(request.model, request.backend, request.wasmUrl, request.pixels);
        this.deps.post({ type: 'prediction', id: request.id, model: request.model, probabilities });
      }
    } catch (error) {
      this.fail(request.id, error);
    }
  }

  /** Reports an error for `id` (also used for errors caught globally in the worker). */
  fail(id: string, error: unknown): void {
    if (this.finished.has(id)) return;
    this.finished.add(id);
    const { code, message } = this.contextLost
      ? { code: 'context-lost' as const, message: error instanceof Error ? error.message : String(error) }
      : classify(error);
    this.deps.post({ type: 'error', id, code, message });
  }

  /**
   * The GPU context is gone: the running training is answered at once with
   * 'context-lost' (a read-back may never resolve on a lost context, so the
   * loop is not waited for); the client then terminates this worker.
   */
  loseContext(): void {
    this.contextLost = true;
    if (this.running) this.fail(this.running.id, new TrainingError('context-lost', 'The WebGL context was lost during training.'));
  }

  /**
   * A training starts the backend it asks for (switching if another one runs);
   * a prediction uses whatever runs, so it never switches under a training.
   */
  private async ensureBackend(choice: BackendChoice, wasmUrl: string, id: string | null): Promise<BackendName> {
    if (this.backend === null || (id !== null && choice !== this.choice)) await this.startBackend(choice, wasmUrl);
    if (id !== null) this.deps.post({ type: 'backend', id, backend: this.backend!, fallbackReason: this.fallbackReason });
    return this.backend!;
  }

  private async startBackend(choice: BackendChoice, wasmUrl: string): Promise<void> {
    let init;
    try {
      init = await initBackend(choice, { wasmUrl });
    } catch (error) {
      throw new TrainingError('backend', error instanceof Error ? error.message : String(error), { cause: error });
    }
    this.backend = init.backend;
    this.choice = choice;
    this.fallbackReason = init.fallbackReason;
    this.watchContext();
  }

  /** WebGL runs on an OffscreenCanvas in a worker; losing its context ends the run with 'context-lost'. */
  private watchContext(): void {
    const canvas = (tf.backend() as { gpgpu?: { gl?: { canvas?: EventTarget } } }).gpgpu?.gl?.canvas;
    if (!canvas?.addEventListener || this.watched.has(canvas)) return;
    this.watched.add(canvas);
    canvas.addEventListener('webglcontextlost', (event) => {
      event.preventDefault();
      this.loseContext();
    });
  }

  private async train(req: Extract<WorkerRequest, { type: 'train' }>): Promise<void> {
    if (this.running !== null) throw new TrainingError('internal', 'a training is already running in this worker');
    const run = { id: req.id, stop: false };
    this.running = run;
    // After an error was reported for this run (context loss), it stays silent.
    const post = (event: WorkerEvent) => {
      if (!this.finished.has(req.id)) this.deps.post(event);
    };
    const tensors: tf.Tensor[] = [];
    let model: tf.LayersModel | null = null;
    let result: TrainResult;
    try {
      let options;
      try {
        options = validateOptions(req.options);
      } catch (error) {
        throw new TrainingError('options', error instanceof Error ? error.message : String(error), { cause: error });
      }
      const t0 = performance.now();
      post({ type: 'phase', id: req.id, phase: 'loading-data' });
      const [train_, test_] = await loadRunData(req, options.trainSize, options.testSize, this.deps.post, this.deps.fetch);
      const backend = await this.ensureBackend(req.backend, req.wasmUrl, req.id);
      const toTensors = req.model === 'cnn' ? toCnnTensors : toLstmTensors;
      const tr = toTensors(train_);
      const te = toTensors(test_);
      tensors.push(tr.xs, tr.ys, te.xs, te.ys);
      const dataSeconds = (performance.now() - t0) / 1000;

      post({ type: 'phase', id: req.id, phase: 'building' });
      const t1 = performance.now();
      model = createModel(req.model, options.seed);
      compileModel(model, { learningRate: options.learningRate });
      const buildSeconds = (performance.now() - t1) / 1000;

      post({ type: 'phase', id: req.id, phase: 'training' });
      const batchEvent = throttle(this.deps.batchEventMs ?? 100);
      const fit = await train(model, { xTrain: tr.xs, yTrain: tr.ys, xTest: te.xs, yTest: te.ys }, options, {
        onBatch: (log) => {
          if (batchEvent(log.batch === log.batchesPerEpoch)) post({ type: 'batch', id: req.id, log });
        },
        onEpoch: (log) => post({ type: 'epoch', id: req.id, log }),
        shouldStop: () => run.stop || this.contextLost,
      });
      if (this.contextLost) throw new TrainingError('context-lost', 'The WebGL context was lost during training.');

      let evaluation: Evaluation | null = null;
      if (!fit.stopped) {
        post({ type: 'phase', id: req.id, phase: 'evaluating' });
        evaluation = await evaluate(model, te.xs, te.ys);
      }
      result = {
        model: req.model, backend, options, history: fit.history, fitSeconds: fit.fitSeconds,
        dataSeconds, buildSeconds, stopped: fit.stopped, evaluation,
      };
      if (req.save && !fit.stopped) {
        post({ type: 'phase', id: req.id, phase: 'saving' });
        try {
          await (this.deps.store ?? indexedDbStore).save(req.model, model);
          this.predictModels.get(req.model)?.dispose();
          this.predictModels.delete(req.model);
        } catch (error) {
          result.saveError = error instanceof Error ? error.message : String(error);
        }
      }
    } finally {
      tf.dispose(tensors);
      if (model) {
        const optimizer = model.optimizer;
        model.dispose();
        optimizer?.dispose();
      }
      this.running = null;
    }
    // Posted after the cleanup, with what it left: the page can check runs leak nothing.
    const { numTensors, numBytes } = tf.memory();
    post({ type: 'done', id: req.id, result: { ...result, memory: { numTensors, numBytes } } });
  }

  private async predict(kind: ModelKind, choice: BackendChoice, wasmUrl: string, pixels: Float32Array): Promise<number[]> {
    await this.ensureBackend(choice, wasmUrl, null);
    let model = this.predictModels.get(kind) ?? null;
    if (!model) {
      try {
        model = await (this.deps.store ?? indexedDbStore).load(kind);
      } catch (error) {
        throw new TrainingError('storage', error instanceof Error ? error.message : String(error), { cause: error });
      }
      if (!model) throw new TrainingError('no-model', `No trained ${kind.toUpperCase()} is saved in this browser yet: train it first.`);
      this.predictModels.set(kind, model);
    }
    return predictOne(model, pixels);
  }
}
