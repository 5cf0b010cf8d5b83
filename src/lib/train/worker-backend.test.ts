import { describe, expect, it } from 'vitest';
import { watchDeviceLoss, WorkerBackend, type StartBackend } from './worker-backend';

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

  it('calls back when a WebGPU device is lost, not when TF.js destroys it', async () => {
    let lost = 0;
    const seen = new WeakSet<object>();
    watchDeviceLoss({ device: { lost: Promise.resolve({ reason: 'unknown', message: 'GPU reset' }) } }, seen, () => lost++);
    watchDeviceLoss({ device: { lost: Promise.resolve({ reason: 'destroyed', message: '' }) } }, seen, () => lost++);
    watchDeviceLoss({}, seen, () => lost++); // CPU or WASM: nothing to watch
    await new Promise((r) => setTimeout(r, 0));
    expect(lost).toBe(1);
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
