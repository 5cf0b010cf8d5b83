// The one place the cells meet the engine's page-side client (src/lib/train/client.ts).
// Type-only imports here: the client module itself is loaded on first use.
import type { ExperimentHandle, ExperimentHandlers, ExperimentRequest, InspectRequest, TrainHandle, TrainHandlers, TrainRequest } from '../../train/client';
import type { BackendChoice, Inspection, ModelKind } from '../../train/protocol';
import type { Measurement } from '../../backends/measure';
import { CellError } from '../types';

export type { ExperimentHandle, ExperimentHandlers, TrainHandle, TrainHandlers } from '../../train/client';

/** The page's trainer: one training at a time, prediction from the saved models. */
export interface Trainer {
  train(request: TrainRequest, handlers: TrainHandlers): TrainHandle;
  predict(model: ModelKind, pixels: Float32Array, backend?: BackendChoice): Promise<number[]>;
  experiment(request: ExperimentRequest, handlers: ExperimentHandlers): ExperimentHandle;
  inspect(request: InspectRequest): Promise<Inspection>;
  benchmark(handlers?: { onMeasured?(m: Measurement): void }): { stop(): void; done: Promise<Measurement[]> };
}

let shared: Promise<Trainer> | null = null;

/** The page-wide trainer (one client, one worker), created on first use. */
export function getTrainer(): Promise<Trainer> {
  shared ??= import('../../train/client').then(({ createTrainingClient }) => {
    const client = createTrainingClient();
    return {
      train: (request, handlers) => client.train(request, handlers),
      predict: (model, pixels, backend = 'auto') => client.predict({ model, pixels, backend }),
      experiment: (request, handlers) => client.experiment(request, handlers),
      inspect: (request) => client.inspect(request),
      benchmark: (handlers) => client.benchmark(handlers),
    } satisfies Trainer;
  });
  shared.catch(() => (shared = null)); // a failed chunk load may succeed next time
  return shared;
}

/** Maps the client's errors to the shell's families: a second training on the page is 'busy'. */
export function asCellError(error: unknown): unknown {
  if (error instanceof CellError) return error;
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'busy') return new CellError('busy', typeof e.message === 'string' ? e.message : 'busy');
  return error;
}

/** Waits for a run's result; the cell's Stop (its abort signal) stops the run meanwhile. */
export async function untilDone<R>(handle: { stop(): void; done: Promise<R> }, signal: AbortSignal): Promise<R> {
  const onAbort = () => handle.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await handle.done;
  } catch (error) {
    throw asCellError(error);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
