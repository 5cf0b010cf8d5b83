import { describe, expect, it, vi } from 'vitest';
import { LOSS_GRACE_MS, watchDeviceLoss, WorkerBackend, type StartBackend } from './worker-backend';

describe('watchDeviceLoss', () => {
  it('calls back once per lost WebGL context, however often the canvas is watched', () => {
    const canvas = new EventTarget();
    const seen = new WeakSet<object>();
    let lost = 0;
    const backend = { gpgpu: { gl: { canvas } } };
    watchDeviceLoss(backend, seen, () => lost++);
    watchDeviceLoss(backend, seen, () => lost++);
    const event = new Event('webglcontextlost', { cancelable: true });
    canvas.dispatchEvent(event);
    expect(lost).toBe(1);
    // Prevented, so that the browser may restore the context.
    expect(event.defaultPrevented).toBe(true);
  });

  it('calls back when a WebGPU device is lost or destroyed under a live backend, not after TF.js disposed it', async () => {
    let lost = 0;
    const seen = new WeakSet<object>();
    const device = { lost: Promise.resolve({ reason: 'unknown', message: 'GPU reset' }) };
    watchDeviceLoss({ device }, seen, () => lost++);
    watchDeviceLoss({ device }, seen, () => lost++); // watched once
    // device.destroy() (tests/e2e/faults-webgpu-lost.spec.ts does it mid-training) is a loss too.
    watchDeviceLoss({ device: { lost: Promise.resolve({ reason: 'destroyed', message: '' }) } }, seen, () => lost++);
    // A backend removed with tf.removeBackend is disposed: its device may go quietly.
    watchDeviceLoss({ device: { lost: Promise.resolve({ reason: 'destroyed', message: '' }) }, disposed: true }, seen, () => lost++);
    watchDeviceLoss({}, seen, () => lost++); // CPU or WASM: nothing to watch
    await new Promise((r) => setTimeout(r, 0));
    expect(lost).toBe(2);
  });
});

describe('watchDeviceLoss on a read-back that fails', () => {
  it('reports the loss before the read rejects when the device goes during the read', async () => {
    const events: string[] = [];
    let lose = (_: unknown) => {};
    const device = { lost: new Promise((resolve) => (lose = resolve)) };
    const backend = {
      device,
      read: async (dataId: object) => {
        // The device is destroyed: the pending map is aborted before device.lost resolves.
        setTimeout(() => lose({ reason: 'destroyed', message: '' }), 5);
        throw new Error(`mapAsync of ${String((dataId as { id: number }).id)}: Buffer was unmapped before mapping was resolved.`);
      },
    };
    watchDeviceLoss(backend, new WeakSet(), () => events.push('lost'));
    await backend.read({ id: 1 }).catch((e: Error) => events.push(e.message));
    expect(events).toEqual(['lost', 'mapAsync of 1: Buffer was unmapped before mapping was resolved.']);
  });

  it('lets other read failures through, after a short wait, and successful reads at once', async () => {
    vi.useFakeTimers();
    try {
      let lost = 0;
      const backend = { device: { lost: new Promise(() => {}) }, read: async (dataId: object) => {
        if ((dataId as { ok?: boolean }).ok) return 'values';
        throw new Error('a bug');
      } };
      watchDeviceLoss(backend, new WeakSet(), () => lost++);
      await expect(backend.read({ ok: true })).resolves.toBe('values');
      const failing = expect(backend.read({})).rejects.toThrow('a bug');
      await vi.advanceTimersByTimeAsync(LOSS_GRACE_MS);
      await failing;
      expect(lost).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('WorkerBackend', () => {
  it('starts one backend at a time: a prediction during a training\'s start reuses it', async () => {
    const started: string[] = [];
    const start: StartBackend = async (choice) => {
      started.push(choice);
      await new Promise((r) => setTimeout(r, 20));
      return { backend: 'cpu', fallbackReason: null };
    };
    const backend = new WorkerBackend(() => {}, start);
    const [training, prediction] = await Promise.all([backend.ensure('cpu', 'u', true), backend.ensure('auto', 'u', false)]);
    expect(started).toEqual(['cpu']);
    expect(training).toEqual(prediction);
    // A training asking for another backend switches; a failed start is a 'backend' error.
    await backend.ensure('wasm', 'u', true);
    expect(started).toEqual(['cpu', 'wasm']);
    const failing = new WorkerBackend(() => {}, async () => Promise.reject(new Error('no GPU')));
    await expect(failing.ensure('webgl', 'u', true)).rejects.toMatchObject({ name: 'TrainingError', code: 'backend', message: 'no GPU' });
  });
});
