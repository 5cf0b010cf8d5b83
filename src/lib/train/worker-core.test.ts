import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fileFetch } from '../data/node-fetch';
import { nodeWasmDir } from '../backends/node';
import { WorkerCore } from './worker-core';
import type { ModelStore } from './store';
import type { ModelKind, TrainOptions, WorkerEvent, WorkerRequest } from './protocol';

// Real MNIST shards (npm run data), read from disk through a fetch look-alike.
const fetch = fileFetch('public');
const dataUrl = 'http://local/data/mnist/';

function memoryStore(): ModelStore {
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

function setup() {
  const events: WorkerEvent[] = [];
  const core = new WorkerCore({ post: (e) => events.push(e), fetch, store: memoryStore(), batchEventMs: 0 });
  return { core, events };
}

const small: TrainOptions = { epochs: 1, batchSize: 16, trainSize: 48, testSize: 32, learningRate: 0.001, seed: 42 };

const trainReq = (id: string, model: ModelKind, backend: 'cpu' | 'wasm', options: Partial<TrainOptions> = {}, wasmUrl = 'unused'): WorkerRequest =>
  ({ type: 'train', id, model, options: { ...small, ...options }, backend, dataUrl, wasmUrl, save: true });

describe('WorkerCore', () => {
  it('trains the real CNN on real MNIST (wasm), saves it, predicts, and frees its tensors', async () => {
    const { core, events } = setup();
    const base = tf.memory().numTensors;
    await core.handle(trainReq('a', 'cnn', 'wasm', {}, await nodeWasmDir()));
    const types = events.map((e) => e.type);
    expect(events.find((e) => e.type === 'error')).toBeUndefined();
    expect(types[0]).toBe('phase');
    expect(types).toContain('data-progress');
    expect(events.filter((e) => e.type === 'phase').map((e) => (e as { phase: string }).phase))
      .toEqual(['loading-data', 'building', 'training', 'evaluating', 'saving']);
    const batches = events.filter((e) => e.type === 'batch').map((e) => (e as { log: { batch: number } }).log.batch);
    expect(batches.at(-1)).toBe(3); // 48 / 16: the epoch's last batch is always reported
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.result.backend).toBe('wasm');
    expect(done.result.history).toHaveLength(1);
    expect(done.result.stopped).toBe(false);
    const ev = done.result.evaluation!;
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(32);
    expect(ev.accuracy).toBeCloseTo(done.result.history[0]!.val_accuracy, 6);
    expect(tf.memory().numTensors).toBe(base);
    // The figures the worker reports are taken after its cleanup (faults-memory.spec.ts relies on them).
    expect(done.result.memory).toEqual({ numTensors: base, numBytes: tf.memory().numBytes });

    const pixels = new Float32Array(784).fill(0.5);
    await core.handle({ type: 'predict', id: 'p', model: 'cnn', backend: 'wasm', wasmUrl: 'unused', pixels });
    const pred = events.at(-1) as Extract<WorkerEvent, { type: 'prediction' }>;
    expect(pred.type).toBe('prediction');
    expect(pred.probabilities).toHaveLength(10);
    expect(pred.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const afterFirst = tf.memory().numTensors; // the loaded model stays cached
    await core.handle({ type: 'predict', id: 'q', model: 'cnn', backend: 'wasm', wasmUrl: 'unused', pixels });
    expect(tf.memory().numTensors).toBe(afterFirst);
  });

  it('trains the real LSTM on the CPU backend', async () => {
    const { core, events } = setup();
    await core.handle(trainReq('b', 'lstm', 'cpu', { trainSize: 16, testSize: 8 }));
    expect(events.find((e) => e.type === 'error')).toBeUndefined();
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ backend: 'cpu', fallbackReason: null });
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'done' }>;
    expect(done.result.history[0]!.loss).toBeGreaterThan(0);
    expect(Number.isFinite(done.result.history[0]!.val_loss)).toBe(true);
  });

  it('stops within a batch: partial history, no evaluation, nothing saved', async () => {
    const { core, events } = setup();
    const running = core.handle(trainReq('c', 'cnn', 'wasm', { epochs: 3, trainSize: 320, testSize: 16 }, await nodeWasmDir()));
    // Wait for the first batch event, then send 'stop' as the page would.
    while (!events.some((e) => e.type === 'batch')) await new Promise((r) => setTimeout(r, 5));
    const batchesBefore = events.filter((e) => e.type === 'batch').length;
    await core.handle({ type: 'stop', id: 'c' });
    await running;
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'done' }>;
    expect(done.result.stopped).toBe(true);
    expect(done.result.evaluation).toBeNull();
    expect(done.result.history.length).toBeLessThan(3);
    expect(events.filter((e) => e.type === 'batch').length - batchesBefore).toBeLessThanOrEqual(1);
    expect(events.some((e) => e.type === 'phase' && e.phase === 'saving')).toBe(false);
    await core.handle({ type: 'predict', id: 'p', model: 'cnn', backend: 'wasm', wasmUrl: 'unused', pixels: new Float32Array(784) });
    expect(events.at(-1)).toMatchObject({ type: 'error', id: 'p', code: 'no-model' });
  });

  it('answers a context loss at once with context-lost and posts nothing after it', async () => {
    const { core, events } = setup();
    const running = core.handle(trainReq('g', 'cnn', 'wasm', { epochs: 2, trainSize: 320, testSize: 16 }, await nodeWasmDir()));
    while (!events.some((e) => e.type === 'batch')) await new Promise((r) => setTimeout(r, 5));
    core.loseContext();
    const at = events.length;
    expect(events.at(-1)).toMatchObject({ type: 'error', id: 'g', code: 'context-lost' });
    await running;
    expect(events.length).toBe(at);
  });

  it('reports bad options, missing data and a bad pixel count with their codes', async () => {
    const { core, events } = setup();
    await core.handle(trainReq('d', 'cnn', 'cpu', { batchSize: 0 }));
    expect(events.at(-1)).toMatchObject({ type: 'error', id: 'd', code: 'options' });
    await core.handle({ ...trainReq('e', 'cnn', 'cpu'), dataUrl: 'http://local/data/nowhere/' } as WorkerRequest);
    expect(events.at(-1)).toMatchObject({ type: 'error', id: 'e', code: 'data' });
    expect((events.at(-1) as { message: string }).message).toMatch(/manifest\.json/);
  });
});
