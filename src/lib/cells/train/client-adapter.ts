// The one place the training cells meet the engine's page-side client (src/lib/train/client.ts).
import { CellError } from '../types';
import type { BackendChoice, BackendName, BatchLog, EpochLog, ModelKind, TrainOptions, TrainResult, WorkerEvent } from '../../train/protocol';

/** Phases the worker reports. */
export type Phase = Extract<WorkerEvent, { type: 'phase' }>['phase'];

/** What a training cell listens to. */
export interface TrainHandlers {
  onPhase?(phase: Phase): void;
  onDataProgress?(p: { loadedBytes: number; totalBytes: number; file: string }): void;
  onBackend?(backend: BackendName, fallbackReason: string | null): void;
  onBatch?(log: BatchLog): void;
  onEpoch?(log: EpochLog): void;
}

/** A running training. */
export interface TrainHandle {
  stop(): void;
  done: Promise<TrainResult>;
}

/** The page's trainer: one training at a time, prediction from the saved models. */
export interface Trainer {
  train(request: { model: ModelKind; options: TrainOptions; backend: BackendChoice; save: boolean }, handlers: TrainHandlers): TrainHandle;
  predict(model: ModelKind, pixels: Float32Array, backend?: BackendChoice): Promise<number[]>;
}

let shared: Promise<Trainer> | null = null;

/** The page-wide trainer, created on first use (this is when the worker and TF.js start loading). */
export function getTrainer(): Promise<Trainer> {
  shared ??= import('../../train/client').then(({ createTrainingClient }) => {
    const client = createTrainingClient();
    return {
      train: (request, handlers) => client.train(request, handlers),
      predict: (model, pixels, backend = 'auto') => client.predict({ model, pixels, backend }),
    } satisfies Trainer;
  });
  return shared;
}

/** Maps the client's errors to the shell's families: a second training on the page is 'busy'. */
export function asCellError(error: unknown): unknown {
  if (error instanceof CellError) return error;
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (e && (e.code === 'busy' || e.name === 'BusyError' || e.name === 'TrainingBusyError')) {
    return new CellError('busy', typeof e.message === 'string' ? e.message : 'busy');
  }
  return error;
}
