import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nodeWasmDir } from '../backends/node';
import { initBackend } from '../backends/select';
import { WorkerCore } from './worker-core';
import { diskFetch, memoryStore, setup, trainReq } from './worker-test-helpers';
import type { StartBackend } from './worker-backend';
import type { WorkerEvent, WorkerRequest } from './protocol';

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

  it('stops during the evaluation: stopped, no evaluation, nothing saved', async () => {
    const events: WorkerEvent[] = [];
    // Stop arrives as the evaluation starts (the page's 'stop' message, answered in between).
    const core: WorkerCore = new WorkerCore({
      post: (e) => {
        events.push(e);
        if (e.type === 'phase' && e.phase === 'evaluating') void core.handle({ type: 'stop', id: 'v' });
      },
      fetch: diskFetch, store: memoryStore(), batchEventMs: 0,
    });
    await core.handle(trainReq('v', 'cnn', 'wasm', {}, await nodeWasmDir()));
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', id: 'v', result: { stopped: true, evaluation: null } });
    expect(done.result.history).toHaveLength(1); // the finished epoch is kept
    expect(events.some((e) => e.type === 'phase' && e.phase === 'saving')).toBe(false);
  });

  it('times the backend start apart from the data (backendSeconds)', async () => {
    const slowStart: StartBackend = async (choice, options) => {
      await new Promise((r) => setTimeout(r, 1000));
      return initBackend(choice, options);
    };
    const { core, events } = setup({ startBackend: slowStart });
    const t0 = performance.now();
    await core.handle(trainReq('t', 'lstm', 'cpu', { trainSize: 16, testSize: 8 }));
    const wall = (performance.now() - t0) / 1000;
    const { result } = events.at(-1) as Extract<WorkerEvent, { type: 'done' }>;
    expect(result.backendSeconds).toBeGreaterThanOrEqual(0.95);
    // Each part is timed once: a second start-up counted in dataSeconds would exceed the wall time.
    expect(result.backendSeconds! + result.dataSeconds + result.buildSeconds + result.fitSeconds).toBeLessThanOrEqual(wall);
  });
});
