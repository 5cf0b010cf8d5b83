import type { BackendChoiceEntry } from '../store/backend-choice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTrainingClient, TrainingError, type ClientOptions, type WorkerLike } from './client';
import type { TrainResult, WorkerEvent, WorkerRequest } from './protocol';
import { NOTEBOOK_OPTIONS } from '../models/options';

/** A stand-in worker: records requests, lets the test send events back. */
class FakeWorker implements WorkerLike {
  sent: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  postMessage(message: WorkerRequest): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(event: WorkerEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }
}

/** A client on fake workers; `options` adds or overrides client options (deadlines). */
function setup(options: ClientOptions = {}) {
  const workers: FakeWorker[] = [];
  const page = new EventTarget();
  const client = createTrainingClient({
    dataUrl: 'http://x/data/mnist/', wasmUrl: 'http://x/tfjs-wasm/', page, ...options,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  return { client, workers, page };
}

const request = { model: 'cnn' as const, options: { ...NOTEBOOK_OPTIONS }, backend: 'auto' as const, save: false };
/** A batch report at the given rate (the notebook's batch of 32). */
const batchLog = (examplesPerSecond: number) => ({ epoch: 0, batch: 1, batchesPerEpoch: 10, loss: 1, accuracy: 0, examplesPerSecond, elapsedSeconds: 1, etaSeconds: 1 });
const result = (stopped: boolean): TrainResult => ({
  model: 'cnn', backend: 'wasm', options: { ...NOTEBOOK_OPTIONS }, history: [], fitSeconds: 1, dataSeconds: 0, buildSeconds: 0, stopped, evaluation: null,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createTrainingClient', () => {
  it('starts the worker lazily, routes events to the handlers and resolves done', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    const seen: string[] = [];
    const run = client.train(request, {
      onPhase: (p) => seen.push(`phase:${p}`),
      onBackend: (b, why) => seen.push(`backend:${b}:${why}`),
      onBatch: (l) => seen.push(`batch:${l.batch}`),
      onEpoch: (l) => seen.push(`epoch:${l.epoch}`),
      onDataProgress: (p) => seen.push(`data:${p.loadedBytes}/${p.totalBytes}`),
    });
    const w = workers[0]!;
    const sent = w.sent[0] as Extract<WorkerRequest, { type: 'train' }>;
    expect(sent).toMatchObject({ type: 'train', model: 'cnn', dataUrl: 'http://x/data/mnist/', wasmUrl: 'http://x/tfjs-wasm/' });
    const id = sent.id;
    w.emit({ type: 'phase', id, phase: 'loading-data' });
    w.emit({ type: 'data-progress', id, loadedBytes: 5, totalBytes: 10, file: 'f' });
    w.emit({ type: 'backend', id, backend: 'wasm', fallbackReason: 'WebGL unavailable' });
    w.emit({ type: 'batch', id, log: { epoch: 0, batch: 1, batchesPerEpoch: 2, loss: 1, accuracy: 0, examplesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 1 } });
    w.emit({ type: 'epoch', id, log: { epoch: 0, loss: 1, accuracy: 0, val_loss: 1, val_accuracy: 0, seconds: 1 } });
    w.emit({ type: 'batch', id: 'someone-else', log: {} as never });
    w.emit({ type: 'done', id, result: result(false) });
    await expect(run.done).resolves.toMatchObject({ stopped: false });
    expect(seen).toEqual(['phase:loading-data', 'data:5/10', 'backend:wasm:WebGL unavailable', 'batch:1', 'epoch:0']);
  });

  it('says nothing of a stored auto choice for a run refused as busy', async () => {
    const entry = { version: 1, model: 'cnn', backend: 'wasm', rates: [], date: '2026-12-04T00:00:00Z' } as unknown as BackendChoiceEntry;
    const autoChoices = { read: () => entry, write: () => entry };
    const a = setup({ autoChoices });
    const b = setup({ autoChoices });
    const told: string[] = [];
    const first = a.client.train({ ...request, backend: 'auto' }, { onAuto: () => told.push('first') });
    const second = b.client.train({ ...request, backend: 'auto' }, { onAuto: () => told.push('second') });
    await expect(second.done).rejects.toMatchObject({ code: 'busy' });
    expect(told).toEqual(['first']);
    const w = a.workers[0]!;
    w.emit({ type: 'done', id: w.sent[0]!.id, result: result(false) });
    await first.done;
  });

  it('allows one training at a time on the page (busy), then another after it ends', async () => {
    const a = setup();
    const b = setup();
    const first = a.client.train(request);
    const second = b.client.train(request);
    await expect(second.done).rejects.toMatchObject({ code: 'busy' });
    const w = a.workers[0]!;
    first.stop();
    const id = w.sent[0]!.id;
    expect(w.sent[1]).toEqual({ type: 'stop', id });
    w.emit({ type: 'done', id, result: result(true) });
    await expect(first.done).resolves.toMatchObject({ stopped: true });
    const third = b.client.train(request);
    const w2 = b.workers[0]!;
    w2.emit({ type: 'error', id: w2.sent[0]!.id, code: 'data', message: 'train-images-00.u8.gz: 404' });
    const err = await third.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect(err).toMatchObject({ code: 'data', message: 'train-images-00.u8.gz: 404' });
  });

  it('predicts through the same worker and maps worker errors', async () => {
    const { client, workers } = setup();
    const p = client.predict({ model: 'lstm', pixels: new Float32Array(784) });
    const w = workers[0]!;
    const sent = w.sent[0] as Extract<WorkerRequest, { type: 'predict' }>;
    expect(sent).toMatchObject({ type: 'predict', model: 'lstm', backend: 'auto', wasmUrl: 'http://x/tfjs-wasm/' });
    w.emit({ type: 'prediction', id: sent.id, model: 'lstm', probabilities: [0.5, 0.5] });
    await expect(p).resolves.toEqual([0.5, 0.5]);
    const q = client.predict({ model: 'cnn', pixels: new Float32Array(784) });
    w.emit({ type: 'error', id: w.sent[1]!.id, code: 'no-model', message: 'train it first' });
    await expect(q).rejects.toMatchObject({ code: 'no-model' });
  });

  it('terminates the worker on pagehide and on context loss; the next request starts a new one', async () => {
    const { client, workers, page } = setup();
    const run = client.train(request);
    page.dispatchEvent(new Event('pagehide'));
    expect(workers[0]!.terminated).toBe(true);
    // 'left': the cell words it as a run ended by leaving the page (faults-navigation.spec.ts).
    await expect(run.done).rejects.toMatchObject({ code: 'left' });
    const again = client.train(request); // not busy: the terminated run released the page
    const w = workers[1]!;
    w.emit({ type: 'error', id: w.sent[0]!.id, code: 'context-lost', message: 'lost' });
    await expect(again.done).rejects.toMatchObject({ code: 'context-lost' });
    expect(w.terminated).toBe(true);
    client.predict({ model: 'cnn', pixels: new Float32Array(784) }).catch(() => {});
    expect(workers).toHaveLength(3);
    client.terminate();
  });

  it('ends a worker that does not answer Stop in time: done rejects, the next run gets a new worker', async () => {
    vi.useFakeTimers();
    const { client, workers } = setup();
    const run = client.train(request);
    const pending = client.predict({ model: 'cnn', pixels: new Float32Array(784) });
    const outcomes = Promise.all([
      expect(run.done).rejects.toMatchObject({ name: 'TrainingError', code: 'stopped-unresponsive' }),
      expect(pending).rejects.toMatchObject({ code: 'internal' }),
    ]);
    const w = workers[0]!;
    // Batches of 32 at 320 examples/s: three batches take 0.3 s, so the 10 s default applies.
    w.emit({ type: 'batch', id: w.sent[0]!.id, log: batchLog(320) });
    run.stop();
    vi.advanceTimersByTime(5_000);
    run.stop(); // a second click does not push the deadline back
    vi.advanceTimersByTime(4_999);
    expect(w.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.terminated).toBe(true);
    await outcomes;
    client.train(request).done.catch(() => {}); // not busy, and on a fresh worker
    expect(workers).toHaveLength(2);
    client.terminate();
  });

  it('keeps the worker when the stopped run answers in time (the deadline is configurable)', async () => {
    vi.useFakeTimers();
    const { client, workers } = setup({ stopTimeoutMs: 50, firstBatchStopTimeoutMs: 50 });
    const run = client.train(request);
    const w = workers[0]!;
    run.stop();
    vi.advanceTimersByTime(49);
    w.emit({ type: 'done', id: w.sent[0]!.id, result: result(true) });
    await expect(run.done).resolves.toMatchObject({ stopped: true });
    vi.advanceTimersByTime(1_000);
    expect(w.terminated).toBe(false);
    // The deadline is the option's: a second run that stays silent is ended after 50 ms.
    const silent = client.train(request);
    silent.stop();
    vi.advanceTimersByTime(50);
    expect(w.terminated).toBe(true);
    await expect(silent.done).rejects.toMatchObject({ code: 'stopped-unresponsive' });
  });

  it('waits longer for Stop before the first batch (shader compilation) and when batches are slow', async () => {
    vi.useFakeTimers();
    const { client, workers } = setup({ stopTimeoutMs: 100, firstBatchStopTimeoutMs: 1_000 });
    // No batch yet: the first-batch deadline.
    const first = client.train(request);
    first.stop();
    vi.advanceTimersByTime(999);
    expect(workers[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(workers[0]!.terminated).toBe(true);
    await expect(first.done).rejects.toMatchObject({ code: 'stopped-unresponsive' });
    // Batches of 32 at 16 examples/s (2 s each): three batches, 6 s, exceed both options.
    const slow = client.train(request);
    const w = workers[1]!;
    w.emit({ type: 'batch', id: w.sent[0]!.id, log: batchLog(16) });
    slow.stop();
    vi.advanceTimersByTime(5_999);
    expect(w.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.terminated).toBe(true);
    await expect(slow.done).rejects.toMatchObject({ code: 'stopped-unresponsive' });
  });

  it('does not load TF.js: the module graph of client.ts has no @tensorflow import', async () => {
    const { readFile } = await import('node:fs/promises');
    const seen = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(new URL(file, import.meta.url), 'utf8');
      expect(text).not.toMatch(/from '@tensorflow/);
      // Value imports only: `import type` is erased and loads nothing.
      for (const m of text.matchAll(/^(?:import|export) (?!type )[^;]*? from '(\.[^']+)'/gm)) {
        const spec = m[1]!;
        const url = new URL(spec.endsWith('.ts') ? spec : `${spec}.ts`, new URL(file, import.meta.url));
        await visit(url.href);
      }
    };
    await visit(new URL('./client.ts', import.meta.url).href);
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('experiments through the client', () => {
  const expRequest = { experiment: 'order' as const, options: { ...NOTEBOOK_OPTIONS }, backend: 'wasm' as const };
  it('posts the experiment, routes arm events, resolves with the arms, and frees the page', async () => {
    const { client, workers } = setup();
    const seen: string[] = [];
    const run = client.experiment(expRequest, {
      onArmStart: (arm, i, n) => seen.push(`start:${arm}:${i}/${n}`),
      onArm: (r) => seen.push(`arm:${r.arm}`),
      onBatch: (l) => seen.push(`batch:${l.batch}`),
    });
    const sent = workers[0]!.sent[0]!;
    expect(sent).toMatchObject({ type: 'experiment', experiment: 'order', backend: 'wasm', dataUrl: 'http://x/data/mnist/' });
    const id = sent.id;
    workers[0]!.emit({ type: 'arm-start', id, arm: 'lstm-none', index: 0, total: 3 });
    workers[0]!.emit({ type: 'batch', id, log: batchLog(100) });
    workers[0]!.emit({ type: 'arm', id, result: { arm: 'lstm-none', seed: 42, accuracy: 0.8, loss: 0.5, fitSeconds: 3 } });
    const result = { experiment: 'order' as const, options: { ...NOTEBOOK_OPTIONS }, backend: 'wasm' as const, results: [], arms: 3, stopped: true, seconds: 3 };
    workers[0]!.emit({ type: 'experiment-done', id, result });
    await expect(run.done).resolves.toEqual(result);
    expect(seen).toEqual(['start:lstm-none:0/3', 'batch:1', 'arm:lstm-none']);
    // The page is free again: a training may start.
    const next = client.train(request);
    expect(workers[0]!.sent.at(-1)).toMatchObject({ type: 'train' });
    next.stop();
  });
  it('refuses an experiment while a training holds the page, and a training while an experiment does', async () => {
    const { client } = setup();
    const training = client.train(request);
    await expect(client.experiment(expRequest).done).rejects.toMatchObject({ code: 'busy' });
    client.terminate();
    await expect(training.done).rejects.toBeInstanceOf(TrainingError);
    const exp = client.experiment(expRequest);
    await expect(client.train(request).done).rejects.toMatchObject({ code: 'busy' });
    client.terminate();
    await expect(exp.done).rejects.toBeInstanceOf(TrainingError);
  });
});
