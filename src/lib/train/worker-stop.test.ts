import { describe, expect, it } from 'vitest';
import { WorkerCore } from './worker-core';
import { serveWorker, type WorkerScope } from './worker-scope';
import { diskFetch, setup, stalledFetch, trainReq, until, within } from './worker-test-helpers';
import type { FetchLike } from '../data/mnist';
import type { ModelStore } from './store';
import type { WorkerEvent, WorkerRequest } from './protocol';

/** A worker scope whose events the test fires itself. */
function fakeScope() {
  const listeners = new Map<string, (event: never) => void>();
  const scope = {
    postMessage() {},
    addEventListener(type: string, listener: (event: never) => void) {
      listeners.set(type, listener);
    },
  } as unknown as WorkerScope;
  const emit = (type: string, event: object) => listeners.get(type)!(event as never);
  return { scope, emit };
}

/** A stray failure event; remembers whether the worker kept it from the console. */
const strayEvent = (reason: unknown) => ({ reason, error: reason, prevented: false, preventDefault() { this.prevented = true; } });

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('WorkerCore: stop and stray failures', () => {
  it('Stop during the download aborts it and ends the run as stopped, with its backend', async () => {
    const held = stalledFetch();
    const { core, events } = setup({ fetch: held.fetch });
    const running = core.handle(trainReq('s', 'cnn', 'cpu'));
    await until(() => held.signals.length > 0);
    await core.handle({ type: 'stop', id: 's' });
    await within(running, 5000);
    expect(held.signals.length).toBeGreaterThan(0);
    expect(held.signals.every((s) => s.aborted)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'done', id: 's', result: { stopped: true, history: [], evaluation: null, backend: 'cpu', fitSeconds: 0 },
    });
    expect(events.filter((e) => e.type === 'phase').map((e) => (e as { phase: string }).phase)).toEqual(['loading-data']);
  });

  it('Stop while the manifest loads (one that ignores the signal) ends the run before any shard download', async () => {
    const held = stalledFetch();
    let release = () => {};
    const manifestHeld = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    // The manifest comes late and ignores the signal (as a cached copy would); the shards never come.
    const fetch: FetchLike = async (input, init) => {
      if (!input.endsWith('manifest.json')) return held.fetch(input, init);
      asked = true;
      await manifestHeld;
      return diskFetch(input);
    };
    const { core, events } = setup({ fetch });
    const running = core.handle(trainReq('m', 'cnn', 'cpu'));
    await until(() => asked);
    await core.handle({ type: 'stop', id: 'm' });
    release();
    await within(running, 5000);
    expect(events.at(-1)).toMatchObject({ type: 'done', id: 'm', result: { stopped: true, history: [] } });
    await settle();
    expect(events.filter((e) => e.type === 'data-progress')).toEqual([]);
  });

  it('answers a stray failure on the running training and on a pending prediction, then stops the training', async () => {
    const held = stalledFetch();
    let loading = false;
    let release = () => {};
    // A prediction that waits on its model while the training waits on its download.
    const store: ModelStore = {
      save: async () => {},
      load: () => {
        loading = true;
        return new Promise((resolve) => {
          release = () => resolve(null);
        });
      },
    };
    const events: WorkerEvent[] = [];
    const core = new WorkerCore({ post: (e) => events.push(e), fetch: held.fetch, store, batchEventMs: 0 });
    const { scope, emit } = fakeScope();
    serveWorker(scope, core);
    emit('message', { data: trainReq('t', 'cnn', 'cpu') });
    await until(() => held.signals.length > 0);
    const predict: WorkerRequest = { type: 'predict', id: 'p', model: 'cnn', backend: 'cpu', wasmUrl: 'unused', pixels: new Float32Array(784) };
    emit('message', { data: predict });
    await until(() => loading);

    const stray = strayEvent(new Error('boom'));
    emit('unhandledrejection', stray);
    expect(stray.prevented).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toEqual([
      { type: 'error', id: 't', code: 'internal', message: 'boom' },
      { type: 'error', id: 'p', code: 'internal', message: 'boom' },
    ]);
    // The failed training was told to stop (its download is aborted); neither request posts again.
    expect(held.signals.every((s) => s.aborted)).toBe(true);
    const at = events.length;
    release();
    await settle();
    expect(events.length).toBe(at);
    // Nothing pending any more: a later stray error is left to the console.
    const later = strayEvent(new Error('later'));
    emit('error', later);
    expect(later.prevented).toBe(false);
    expect(events.length).toBe(at);
  });

  it('a failed run posts nothing more: no backend, progress or done event after its error', async () => {
    const { core, events } = setup();
    const running = core.handle(trainReq('f', 'cnn', 'cpu'));
    // Failed while its backend starts, as a stray error would fail it.
    expect(core.failPending(new Error('stray'))).toBe(true);
    await within(running, 20_000);
    const at = events.findIndex((e) => e.type === 'error');
    expect(events[at]).toMatchObject({ type: 'error', id: 'f', message: 'stray' });
    expect(events.slice(at + 1)).toEqual([]);
  });

  it('a new training right after a stray failure waits for the failed run to wind down, then starts', async () => {
    const held = stalledFetch();
    const { core, events } = setup({ fetch: held.fetch });
    const first = core.handle(trainReq('a', 'cnn', 'cpu'));
    await until(() => held.signals.length > 0);
    expect(core.failPending(new Error('stray'))).toBe(true);
    // At once, while 'a' is still unwinding its aborted download.
    const second = core.handle(trainReq('b', 'cnn', 'cpu'));
    await until(() => events.some((e) => e.id === 'b'));
    expect(events.filter((e) => e.type === 'error')).toEqual([{ type: 'error', id: 'a', code: 'internal', message: 'stray' }]);
    await core.handle({ type: 'stop', id: 'b' });
    await within(Promise.all([first, second]), 10_000);
    expect(events.at(-1)).toMatchObject({ type: 'done', id: 'b', result: { stopped: true } });
  });
});
