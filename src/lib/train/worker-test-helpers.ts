// Shared by the worker tests (Node only: reads the MNIST shards from disk).
import * as tf from '@tensorflow/tfjs';
import { fileFetch } from '../data/node-fetch';
import type { FetchLike } from '../data/mnist';
import { WorkerCore, type WorkerDeps } from './worker-core';
import type { ModelStore } from './store';
import type { ModelKind, TrainOptions, WorkerEvent, WorkerRequest } from './protocol';

/** Real MNIST shards (npm run data), read from disk through a fetch look-alike. */
export const diskFetch = fileFetch('public');
export const dataUrl = 'http://local/data/mnist/';

/** A model store in memory, as IndexedDB would keep the artifacts. */
export function memoryStore(): ModelStore {
  const saved = new Map<ModelKind, tf.io.ModelArtifacts>();
  return {
    async save(kind, model) {
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        saved.set(kind, artifacts);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
    },
    async load(kind) {
      const a = saved.get(kind);
      return a ? tf.loadLayersModel(tf.io.fromMemory(a)) : null;
    },
  };
}

/** A core on disk data and a memory store, recording what it posts. */
export function setup(deps: Partial<WorkerDeps> = {}) {
  const events: WorkerEvent[] = [];
  const core = new WorkerCore({ post: (e) => events.push(e), fetch: diskFetch, store: memoryStore(), batchEventMs: 0, ...deps });
  return { core, events };
}

const small: TrainOptions = { epochs: 1, batchSize: 16, trainSize: 48, testSize: 32, learningRate: 0.001, seed: 42 };

/** A small 'train' request (48 training, 32 test images, one epoch, saved). */
export const trainReq = (id: string, model: ModelKind, backend: 'cpu' | 'wasm', options: Partial<TrainOptions> = {}, wasmUrl = 'unused'): WorkerRequest =>
  ({ type: 'train', id, model, options: { ...small, ...options }, backend, dataUrl, wasmUrl, save: true });

/**
 * Serves the manifest from disk but holds every shard until the request's signal aborts,
 * as a stalled network would; `signals` are those of the held requests.
 */
export function stalledFetch(): { fetch: FetchLike; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  const fetch: FetchLike = (input, init) => {
    if (!input.endsWith('.gz')) return diskFetch(input, init);
    const signal = init?.signal ?? new AbortController().signal;
    signals.push(signal);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  };
  return { fetch, signals };
}

/** Polls `test` every 5 ms until true. */
export async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 5));
}

/** Rejects if `promise` has not settled within `ms`, so a hang fails the test quickly. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);
}
