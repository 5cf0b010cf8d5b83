import * as tf from '@tensorflow/tfjs';
import { initBackend, threadInfo, tryBackend, type BackendInit, type InitBackendOptions } from '../backends/select';
import { measureBackends, type MeasureBudget, type Measurement } from '../backends/measure';
import { wrapError } from './errors';
import type { BackendChoice, BackendName, ModelKind } from './protocol';

/** Starts a backend; the worker passes initBackend, tests may pass a slower or failing one. */
export type StartBackend = (choice: BackendChoice, options: InitBackendOptions) => Promise<BackendInit>;

/**
 * The worker's TF.js backend: started on first use, one start at a time (a prediction
 * sent during a training's start must not start a second backend beside it), its GPU
 * watched for loss.
 */
export class WorkerBackend {
  private current: BackendInit | null = null;
  private choice: BackendChoice | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly watched = new WeakSet<object>();

  constructor(
    private readonly onContextLost: () => void,
    private readonly start: StartBackend = initBackend,
  ) {}

  /**
   * The running backend, started first if none runs. A training (`maySwitch`) gets the one
   * it asks for, switching if another runs; a prediction keeps whatever runs, so it never
   * switches under a training.
   */
  ensure(choice: BackendChoice, wasmUrl: string, maySwitch: boolean): Promise<BackendInit> {
    const next = this.queue.then(async () => {
      if (this.current === null || (maySwitch && choice !== this.choice)) await this.startNow(choice, wasmUrl);
      return this.current!;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * "Auto" by measurement: times the model's training step on WebGPU, WebGL and WASM (CPU only
   * if none starts), then runs the fastest, which later trainings asking for it reuse.
   */
  measure(kind: ModelKind, wasmUrl: string, budget?: MeasureBudget): Promise<Measurement> {
    const next = this.queue.then(async () => {
      const start = (name: BackendName) => (this.startTry ?? tryBackend)(name, wasmUrl);
      const m = await measureBackends(kind, ['webgpu', 'webgl', 'wasm'], start, budget);
      const why = await start(m.picked);
      if (why !== null) throw wrapError('backend', new Error(`${m.picked} was measured fastest but did not start again: ${why}`));
      this.current = { backend: m.picked, fallbackReason: null, ...(await threadInfo(m.picked)) };
      this.choice = m.picked;
      this.watchContext();
      return m;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Tests replace the exact start of one backend (default: select.ts's tryBackend). */
  startTry: ((name: BackendName, wasmUrl: string) => Promise<string | null>) | null = null;

  private async startNow(choice: BackendChoice, wasmUrl: string): Promise<void> {
    try {
      this.current = await this.start(choice, { wasmUrl });
    } catch (error) {
      throw wrapError('backend', error);
    }
    this.choice = choice;
    this.watchContext();
  }

  private watchContext(): void {
    watchDeviceLoss(tf.backend(), this.watched, this.onContextLost);
  }
}

/**
 * Calls `onLost` when the GPU behind a TF.js backend goes: WebGL's OffscreenCanvas
 * fires 'webglcontextlost', WebGPU's device.lost resolves. On a lost device a read-back
 * may never resolve, so the run must not wait for its loop to notice. Each canvas or
 * device is watched once (`seen`); CPU and WASM have neither.
 */
export function watchDeviceLoss(backend: unknown, seen: WeakSet<object>, onLost: () => void): void {
  const b = backend as {
    gpgpu?: { gl?: { canvas?: EventTarget } };
    device?: { lost?: Promise<unknown> };
    disposed?: boolean;
    read?: (dataId: object) => Promise<unknown>;
  } | null;
  const canvas = b?.gpgpu?.gl?.canvas;
  if (canvas?.addEventListener && !seen.has(canvas)) {
    seen.add(canvas);
    canvas.addEventListener('webglcontextlost', (event) => {
      event.preventDefault();
      onLost();
    });
  }
  const device = b?.device;
  if (device?.lost instanceof Promise && !seen.has(device)) {
    seen.add(device);
    // Any end of the device is a loss while its backend is in use, whatever the reason:
    // 'unknown' (GPU reset, driver crash) or 'destroyed' (device.destroy(): TF.js 4.22
    // never calls it, so someone else took the device away). Only a backend TF.js has
    // disposed (tf.removeBackend) may lose its device quietly.
    const lost = device.lost;
    void lost.then(() => {
      if (b?.disposed !== true) onLost();
    }, () => undefined);
    // A read-back pending when the device goes rejects before device.lost resolves ("mapAsync:
    // Buffer was unmapped before mapping was resolved"), which would reach the run as an
    // unexplained error. A failed read therefore waits a moment for the loss to be reported
    // (onLost answers the run first), then fails as it would have.
    const read = b?.read;
    if (b && typeof read === 'function') {
      b.read = async (dataId: object) => {
        try {
          return await read.call(b, dataId);
        } catch (error) {
          await Promise.race([lost, new Promise((resolve) => setTimeout(resolve, LOSS_GRACE_MS))]);
          throw error;
        }
      };
    }
  }
}

/** How long a failed WebGPU read-back waits for device.lost before it fails as it is. */
export const LOSS_GRACE_MS = 1000;
