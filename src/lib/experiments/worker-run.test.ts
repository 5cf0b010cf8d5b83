import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nodeWasmDir } from '../backends/node';
import { dataUrl, setup, until } from '../train/worker-test-helpers';
import type { TrainOptions, WorkerEvent, WorkerRequest } from '../train/protocol';
import { EXPERIMENTS } from './spec';

// 64 training images per 10,000 of the reference (0.64 %), 32 test images: seconds, not minutes.
const tiny: TrainOptions = { epochs: 1, batchSize: 16, trainSize: 64, testSize: 32, learningRate: 0.001, seed: 42 };
const req = (id: string, experiment: 'shift' | 'order' | 'size' | 'shuffle', wasmUrl: string, options: Partial<TrainOptions> = {}): WorkerRequest =>
  ({ type: 'experiment', id, experiment, options: { ...tiny, ...options }, backend: 'wasm', dataUrl, wasmUrl });

describe('experiment in the worker', () => {
  it('trains and evaluates every arm of the shift experiment on real MNIST, reports each, frees every tensor', { timeout: 120_000 }, async () => {
    const { core, events } = setup();
    const base = tf.memory().numTensors;
    await core.handle(req('e1', 'shift', await nodeWasmDir()));
    expect(events.find((e) => e.type === 'error')).toBeUndefined();
    const starts = events.filter((e) => e.type === 'arm-start') as Extract<WorkerEvent, { type: 'arm-start' }>[];
    expect(starts.map((s) => [s.arm, s.index, s.total])).toEqual([['cnn', 0, 3], ['lstm', 1, 3], ['mlp', 2, 3]]);
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'experiment-done' }>;
    expect(done.type).toBe('experiment-done');
    expect(done.result.stopped).toBe(false);
    expect(done.result.results.map((r) => r.arm)).toEqual(['cnn', 'lstm', 'mlp']);
    for (const r of done.result.results) {
      expect(r.shifts).toHaveLength(EXPERIMENTS.shift.shifts!.length);
      expect(r.seed).toBe(42);
    }
    expect(tf.memory().numTensors).toBe(base);
    expect(done.result.memory?.numTensors).toBe(base);
  });

  it('scales the size experiment with the form (1 : 4 : 20, equal example passes)', { timeout: 120_000 }, async () => {
    const { core, events } = setup();
    await core.handle(req('e2', 'size', await nodeWasmDir(), { trainSize: 200 }));
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'experiment-done' }>;
    expect(done.result.results).toHaveLength(9);
    // 500 / 10,000 of 200 is 10 images seen 20 times: 13 batches of 16 (the last partial) per... epoch count:
    const batches = events.filter((e) => e.type === 'batch').map((e) => (e as Extract<WorkerEvent, { type: 'batch' }>).log);
    expect(batches.some((b) => b.batchesPerEpoch === 1)).toBe(true); // 10 images: one batch per epoch
    expect(batches.some((b) => b.batchesPerEpoch === 13)).toBe(true); // 200 images: 13 batches
  });

  it('Stop keeps the arms finished so far and says it stopped; a bad option is refused with the options code', { timeout: 120_000 }, async () => {
    const { core, events } = setup();
    const base = tf.memory().numTensors;
    const running = core.handle(req('e3', 'order', await nodeWasmDir(), { trainSize: 320 }));
    await until(() => events.some((e) => e.type === 'arm'));
    await until(() => events.filter((e) => e.type === 'batch').length > 0 && (events.at(-1)!.type === 'batch' || events.at(-1)!.type === 'arm-start'));
    await core.handle({ type: 'stop', id: 'e3' });
    await running;
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'experiment-done' }>;
    expect(done.type).toBe('experiment-done');
    expect(done.result.stopped).toBe(true);
    expect(done.result.results.length).toBeGreaterThanOrEqual(1);
    expect(done.result.results.length).toBeLessThan(3);
    expect(tf.memory().numTensors).toBe(base);

    await core.handle(req('e4', 'order', 'unused', { trainSize: 0 }));
    expect(events.at(-1)).toMatchObject({ type: 'error', id: 'e4', code: 'options' });
  });
});
