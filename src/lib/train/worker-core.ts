import * as tf from '@tensorflow/tfjs';
import type { FetchLike } from '../data/mnist';
import { predictOne } from './evaluate';
import { cnnInside, lstmTrace } from '../models/inside';
import { buildReferenceModel, fetchReferenceWeights } from '../models/reference';
import { classify, errorMessage, TrainingError, wrapError } from './errors';
import { indexedDbStore, type ModelStore } from './store';
import { runTraining, type RunContext, type TrainMessage } from './training-run';
import { runExperiment, type ExperimentMessage } from '../experiments/worker-run';
import { WorkerBackend, type StartBackend } from './worker-backend';
import type { BackendChoice, Inspection, ModelKind, WorkerEvent, WorkerRequest } from './protocol';
import type { Measurement } from '../backends/measure';

/** What the worker needs from its host; tests pass Node versions. */
export interface WorkerDeps {
  post(event: WorkerEvent): void;
  fetch?: FetchLike;
  store?: ModelStore;
  /** Minimum milliseconds between two 'batch' events (the last of an epoch always goes). */
  batchEventMs?: number;
  /** Starts a TF.js backend (default: initBackend); tests pass a slow one to time it. */
  startBackend?: StartBackend;
  /** Fetch of the reference weights (default: the global fetch); Node tests read public/. */
  modelsFetch?: FetchLike;
}

/** What a run in the slot gets from the worker (RunContext minus what only trainings use). */
type SlotContext = Omit<RunContext, 'store' | 'onSaved'>;

interface Run {
  id: string;
  stop: boolean;
  abort: AbortController;
  /** Resolves once the run's loop has returned and its tensors are freed. */
  settled: Promise<void>;
}

/** Handles protocol requests; one instance per worker. */
export class WorkerCore {
  private running: Run | null = null;
  private contextLost = false;
  /** Requests already answered with an error: nothing more is posted for them. */
  private readonly finished = new Set<string>();
  /** Predictions not answered yet, so that a stray failure reaches them too. */
  private readonly predicting = new Set<string>();
  private readonly predictModels = new Map<ModelKind, tf.LayersModel>();
  /** The reference models, loaded on the first request that needs them; a failed load is forgotten so a retry fetches again. */
  private readonly referenceModels = new Map<ModelKind, Promise<tf.LayersModel>>();
  private readonly backend: WorkerBackend;

  constructor(private readonly deps: WorkerDeps) {
    this.backend = new WorkerBackend(() => this.loseContext(), deps.startBackend);
  }

  /** Dispatches one page message; never throws (failures become 'error' events). */
  async handle(request: WorkerRequest): Promise<void> {
    try {
      if (request.type === 'stop') {
        if (this.running?.id === request.id) halt(this.running);
      } else if (request.type === 'train') {
        await this.train(request);
      } else if (request.type === 'experiment') {
        await this.experiment(request);
      } else if (request.type === 'benchmark') {
        await this.benchmark(request);
      } else if (request.type === 'inspect') {
        this.predicting.add(request.id);
        try {
          const result = await this.inspect(request);
          if (!this.finished.has(request.id)) this.deps.post({ type: 'inspection', id: request.id, result });
        } finally {
          this.predicting.delete(request.id);
        }
      } else if (request.type === 'predict') {
        this.predicting.add(request.id);
        try {
          const probabilities = await this.predict(request.model, request.backend, request.wasmUrl, request.pixels);
          if (!this.finished.has(request.id)) this.deps.post({ type: 'prediction', id: request.id, model: request.model, probabilities });
        } finally {
          this.predicting.delete(request.id);
        }
      }
    } catch (error) {
      this.fail(request.id, error);
    }
  }

  /** Reports an error for `id`, once (later errors and events for it are dropped). */
  fail(id: string, error: unknown): void {
    if (this.finished.has(id)) return;
    this.finished.add(id);
    const { code, message } = this.contextLost
      ? { code: 'context-lost' as const, message: errorMessage(error) }
      : classify(error);
    this.deps.post({ type: 'error', id, code, message });
  }

  /**
   * A failure no request caught (the worker's 'error' and 'unhandledrejection'): it answers
   * every pending request, the running training first (which is also told to stop), so
   * none waits forever. Returns false when nothing was pending.
   */
  failPending(error: unknown): boolean {
    const ids = [...(this.running ? [this.running.id] : []), ...this.predicting].filter((id) => !this.finished.has(id));
    for (const id of ids) this.fail(id, error);
    if (this.running) halt(this.running);
    return ids.length > 0;
  }

  /**
   * The GPU context is gone: the running training is answered at once with
   * 'context-lost' (a read-back may never resolve on a lost context, so the
   * loop is not waited for); the client then terminates this worker.
   */
  loseContext(): void {
    this.contextLost = true;
    if (!this.running) return;
    this.fail(this.running.id, new TrainingError('context-lost', 'The GPU context was lost during training.'));
    halt(this.running);
  }

  /**
   * Holds the worker's one run slot for `id` while `body` runs (a training or an experiment):
   * Stop, stray errors and a lost context reach it the same way. Returns what body returned
   * and the post function that stays silent once an error was reported for the run.
   */
  private async occupy<T>(req: { id: string; backend: BackendChoice; wasmUrl: string; model?: ModelKind; measure?: boolean }, body: (ctx: SlotContext) => Promise<T>): Promise<{ value: T; post: (e: WorkerEvent) => void; threads: number | null }> {
    // A run already answered (failed by a stray error, then halted) is only winding down:
    // a new Run waits for it instead of being told the worker is busy.
    const previous = this.running;
    if (previous !== null && this.finished.has(previous.id)) await previous.settled;
    if (this.running !== null) throw new TrainingError('internal', 'a training is already running in this worker');
    let settle = () => {};
    const run: Run = { id: req.id, stop: false, abort: new AbortController(), settled: new Promise((resolve) => (settle = resolve)) };
    this.running = run;
    // Every event of the run goes through this: after an error was reported for it, it stays silent.
    const post = (event: WorkerEvent) => {
      if (!this.finished.has(req.id)) this.deps.post(event);
    };
    let measureSeconds = 0;
    let threads: number | null = null;
    try {
      const value = await body({
        post,
        backend: async () => {
          let choice = req.backend;
          if (req.measure && req.backend === 'auto' && req.model) {
            const m = await this.backend.measure(req.model, req.wasmUrl, { skipSoftware: true });
            measureSeconds = m.seconds;
            post({ type: 'measured', id: req.id, measurement: m });
            choice = m.picked;
          }
          const init = await this.backend.ensure(choice, req.wasmUrl, true);
          threads = init.threads ?? null;
          post({ type: 'backend', id: req.id, backend: init.backend, fallbackReason: init.fallbackReason, threads, threadsReason: init.threadsReason ?? null });
          return init.backend;
        },
        fetch: this.deps.fetch,
        batchEventMs: this.deps.batchEventMs ?? 100,
        signal: run.abort.signal,
        shouldStop: () => run.stop || this.contextLost,
        contextLost: () => this.contextLost,
        measureSeconds: () => measureSeconds,
      });
      return { value, post, threads };
    } finally {
      this.running = null;
      settle();
    }
  }

  private async train(req: TrainMessage): Promise<void> {
    const { value: result, post, threads } = await this.occupy(req, (ctx) => runTraining(req, {
      ...ctx,
      store: this.deps.store ?? indexedDbStore,
      onSaved: () => {
        this.predictModels.get(req.model)?.dispose();
        this.predictModels.delete(req.model);
      },
    }));
    // Posted after the cleanup, with what it left: the page can check runs leak nothing.
    const { numTensors, numBytes } = tf.memory();
    post({ type: 'done', id: req.id, result: { ...result, ...(threads !== null && result.backend === 'wasm' ? { threads } : {}), memory: { numTensors, numBytes } } });
  }

  /**
   * "Measure my machine": both models' training step timed on every backend that starts, with a
   * longer budget than auto's quick look. Holds the run slot, so it never runs beside a training.
   */
  private async benchmark(req: Extract<WorkerRequest, { type: 'benchmark' }>): Promise<void> {
    const { value, post } = await this.occupy({ ...req, backend: 'auto' }, async (ctx) => {
      const out: Measurement[] = [];
      for (const model of ['cnn', 'lstm'] as const) {
        if (ctx.shouldStop()) break;
        const m = await this.backend.measure(model, req.wasmUrl, { firstStepMs: 4_000, timedMs: 1_500, maxSteps: 40 });
        ctx.post({ type: 'measured', id: req.id, measurement: m });
        out.push(m);
      }
      return out;
    });
    post({ type: 'benchmark-done', id: req.id, measurements: value });
  }

  private async experiment(req: ExperimentMessage): Promise<void> {
    const { value: result, post } = await this.occupy(req, async (ctx) => {
      const r = await runExperiment(req, ctx);
      if (ctx.contextLost()) throw new TrainingError('context-lost', 'The GPU context was lost during the experiment.');
      return r;
    });
    const { numTensors, numBytes } = tf.memory();
    post({ type: 'experiment-done', id: req.id, result: { ...result, memory: { numTensors, numBytes } } });
  }

  /** Probabilities, CNN maps or LSTM trace of one image, from the reference model or the student's own. */
  private async inspect(req: Extract<WorkerRequest, { type: 'inspect' }>): Promise<Inspection> {
    await this.backend.ensure(req.backend, req.wasmUrl, false);
    const model = req.source === 'reference' ? await this.referenceModel(req.model, req.modelsUrl) : await this.savedModel(req.model);
    if (req.view === 'cnn') {
      if (req.model !== 'cnn') throw new TrainingError('options', 'the feature-map view needs the CNN');
      return { view: 'cnn', inside: await cnnInside(model, req.pixels) };
    }
    if (req.view === 'lstm') {
      if (req.model !== 'lstm') throw new TrainingError('options', 'the row-by-row trace needs the LSTM');
      return { view: 'lstm', trace: await lstmTrace(model, req.pixels) };
    }
    return { view: 'predict', probabilities: await predictOne(model, req.pixels) };
  }

  private referenceModel(kind: ModelKind, modelsUrl: string): Promise<tf.LayersModel> {
    let pending = this.referenceModels.get(kind);
    if (!pending) {
      pending = fetchReferenceWeights(kind, { baseUrl: modelsUrl, ...(this.deps.modelsFetch ? { fetch: this.deps.modelsFetch } : {}) })
        .then(({ entry, weights }) => buildReferenceModel(kind, weights, entry.file));
      this.referenceModels.set(kind, pending);
      pending.catch(() => this.referenceModels.delete(kind));
    }
    return pending;
  }

  /** A prediction uses whatever backend runs, so it never switches under a training. */
  private async predict(kind: ModelKind, choice: BackendChoice, wasmUrl: string, pixels: Float32Array): Promise<number[]> {
    await this.backend.ensure(choice, wasmUrl, false);
    return predictOne(await this.savedModel(kind), pixels);
  }

  /** The student's model saved by a training cell (kept in memory after the first load). */
  private async savedModel(kind: ModelKind): Promise<tf.LayersModel> {
    let model = this.predictModels.get(kind) ?? null;
    if (!model) {
      try {
        model = await (this.deps.store ?? indexedDbStore).load(kind);
      } catch (error) {
        throw wrapError('storage', error);
      }
      if (!model) throw new TrainingError('no-model', `No trained ${kind.toUpperCase()} is saved in this browser yet: train it first.`);
      this.predictModels.set(kind, model);
    }
    return model;
  }
}

/** Tells a run to stop: its loop reads the flag between batches, its download is aborted. */
function halt(run: Run): void {
  run.stop = true;
  run.abort.abort(new DOMException('The training was stopped.', 'AbortError'));
}
