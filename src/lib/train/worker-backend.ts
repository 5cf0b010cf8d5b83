import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInit, type InitBackendOptions } from '../backends/select';
import { wrapError } from './errors';
import type { BackendChoice } from './protocol';

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
  const b = backend as { gpgpu?: { gl?: { canvas?: EventTarget } }; device?: { lost?: Promise<unknown> } } | null;
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
    // 'destroyed' is TF.js releasing the device on purpose, not a loss.
    void device.lost.then((info) => {
      if ((info as { reason?: string } | null)?.reason !== 'destroyed') onLost();
    }, () => undefined);
  }
}
