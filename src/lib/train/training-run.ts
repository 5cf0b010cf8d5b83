// One training inside the worker, from its request to its result: backend, data, model,
// fit, evaluation, save. WorkerCore (worker-core.ts) runs one at a time and posts the result.
import * as tf from '@tensorflow/tfjs';
import type { FetchLike, MnistSet } from '../data/mnist';
import { toCnnTensors, toLstmTensors } from '../data/preprocess';
import { compileModel, createModel, validateOptions } from '../models/index';
import { train } from './trainer';
import { evaluate } from './evaluate';
import { errorMessage, TrainingError, wrapError } from './errors';
import { throttle } from './throttle';
import { loadRunData } from './run-data';
import type { ModelStore } from './store';
import type { BackendName, Evaluation, ModelKind, TrainResult, WorkerEvent, WorkerRequest } from './protocol';

/** A 'train' request. */
export type TrainMessage = Extract<WorkerRequest, { type: 'train' }>;

/** What one run needs from the worker around it. */
export interface RunContext {
  /** Posts for this run; silent once the run was answered with an error. */
  post(event: WorkerEvent): void;
  /** Starts (or reuses) the backend the run asked for and posts the 'backend' event. */
  backend(): Promise<BackendName>;
  fetch?: FetchLike | undefined;
  store: ModelStore;
  /** Minimum milliseconds between two 'batch' events (the last of an epoch always goes). */
  batchEventMs: number;
  /** Aborted by Stop (or when the run was failed): a download ends at once. */
  signal: AbortSignal;
  /** Stop was asked, or the GPU is gone. */
  shouldStop(): boolean;
  contextLost(): boolean;
  /** Seconds spent measuring the backends before this run chose one (0 when it did not measure). */
  measureSeconds?(): number;
  /** The model was saved: a cached copy for predictions is stale. */
  onSaved(): void;
}

type SetTensors = { xs: tf.Tensor; ys: tf.Tensor };

const since = (t: number) => (performance.now() - t) / 1000;

/** Preprocesses both sets; the training tensors are freed if the test ones cannot be made. */
export function runTensors(kind: ModelKind, trainSet: MnistSet, testSet: MnistSet): { tr: SetTensors; te: SetTensors } {
  const toTensors: (set: MnistSet) => SetTensors = kind === 'cnn' ? toCnnTensors : toLstmTensors;
  const tr = toTensors(trainSet);
  try {
    return { tr, te: toTensors(testSet) };
  } catch (error) {
    tf.dispose([tr.xs, tr.ys]);
    throw error;
  }
}

/**
 * Runs one training. Stop while loading data, training or evaluating ends it early with
 * `stopped: true` (and nothing saved). Every tensor and the model it made are disposed,
 * whether it returns or throws.
 */
export async function runTraining(req: TrainMessage, ctx: RunContext): Promise<TrainResult> {
  let options;
  try {
    options = validateOptions(req.options);
  } catch (error) {
    throw wrapError('options', error);
  }
  const { id } = req;
  ctx.post({ type: 'phase', id, phase: 'loading-data' });
  const t0 = performance.now();
  let sets: [MnistSet, MnistSet] | null = null;
  try {
    sets = await loadRunData(req, options.trainSize, options.testSize, (e) => ctx.post(e), ctx.fetch, ctx.signal);
  } catch (error) {
    if (!ctx.signal.aborted) throw error; // aborted: Stop, answered below with a stopped result
  }
  const downloadSeconds = since(t0);
  // The backend after the data (faults-context-lost.spec.ts instruments the worker during the
  // download, before the WebGL context exists), and timed apart from them. A run stopped while
  // downloading starts it too: its result names the backend it would have trained on.
  const t1 = performance.now();
  const backend = await ctx.backend();
  // The measurement is reported on its own: it is neither the backend's start nor the training.
  const measureSeconds = ctx.measureSeconds?.() ?? 0;
  const backendSeconds = Math.max(0, since(t1) - measureSeconds);
  const measured = measureSeconds > 0 ? { measureSeconds } : {};
  if (sets === null) {
    return {
      model: req.model, backend, options, history: [], fitSeconds: 0,
      dataSeconds: downloadSeconds, buildSeconds: 0, backendSeconds, ...measured, stopped: true, evaluation: null,
    };
  }
  const t2 = performance.now();
  const { tr, te } = runTensors(req.model, ...sets);
  let model: tf.LayersModel | null = null;
  try {
    const dataSeconds = downloadSeconds + since(t2);
    ctx.post({ type: 'phase', id, phase: 'building' });
    const t3 = performance.now();
    model = createModel(req.model, options.seed);
    compileModel(model, { learningRate: options.learningRate });
    const buildSeconds = since(t3);

    ctx.post({ type: 'phase', id, phase: 'training' });
    const batchEvent = throttle(ctx.batchEventMs);
    const fit = await train(model, { xTrain: tr.xs, yTrain: tr.ys, xTest: te.xs, yTest: te.ys }, options, {
      onBatch: (log) => {
        if (batchEvent(log.batch === log.batchesPerEpoch)) ctx.post({ type: 'batch', id, log });
      },
      onEpoch: (log) => ctx.post({ type: 'epoch', id, log }),
      shouldStop: () => ctx.shouldStop(),
    });
    if (ctx.contextLost()) throw new TrainingError('context-lost', 'The GPU context was lost during training.');

    let evaluation: Evaluation | null = null;
    if (!fit.stopped) {
      ctx.post({ type: 'phase', id, phase: 'evaluating' });
      evaluation = await evaluate(model, te.xs, te.ys, { shouldStop: () => ctx.shouldStop() });
    }
    const stopped = evaluation === null;
    const result: TrainResult = {
      model: req.model, backend, options, history: fit.history, fitSeconds: fit.fitSeconds,
      dataSeconds, buildSeconds, backendSeconds, ...measured, stopped, evaluation,
    };
    if (req.save && !stopped) {
      ctx.post({ type: 'phase', id, phase: 'saving' });
      try {
        await ctx.store.save(req.model, model);
        ctx.onSaved();
      } catch (error) {
        result.saveError = errorMessage(error);
      }
    }
    return result;
  } finally {
    tf.dispose([tr.xs, tr.ys, te.xs, te.ys]);
    if (model) {
      const optimizer = model.optimizer;
      model.dispose();
      optimizer?.dispose();
    }
  }
}
