// "Auto" by measurement: a few training steps of the real model on each backend that starts,
// timed, so the site trains on the fastest backend of this machine rather than on a guess.
import * as tf from '@tensorflow/tfjs';
import { compileModel, createModel } from '../models/index';
import { forwardFor } from '../train/forward';
import { crossEntropy } from '../train/metrics';
import type { BackendName, ModelKind } from '../train/protocol';

/** One backend's measured training speed, or why it has none. */
export interface BackendRate {
  backend: BackendName;
  /** Training examples per second (batch 32, the site's trainer step); null when it did not start. */
  examplesPerSecond: number | null;
  /** Why it did not start, or why the figure is only an upper bound (a first step over the cap). */
  reason: string | null;
  /** Wall time this backend's measurement took. */
  seconds: number;
}

/** What the measurement found for one model. */
export interface Measurement {
  model: ModelKind;
  rates: BackendRate[];
  /** The fastest backend that started. */
  picked: BackendName;
  seconds: number;
}

/** How long each backend may take: the first step (shader compilation…) and the timed steps. */
export interface MeasureBudget {
  /** A first step slower than this ends the backend's measurement (its rate is then 32 examples over this time, an upper bound). Default 1,500 ms. */
  firstStepMs?: number;
  /** Timed steps run until this much time has passed (at least one). Default 400 ms. */
  timedMs?: number;
  /** At most this many timed steps. Default 8. */
  maxSteps?: number;
  /**
   * Skip GPU backends that run in software (SwiftShader, llvmpipe…): they compute on the processor,
   * behind WASM's SIMD, and compiling their shaders alone takes seconds. Auto skips them; the
   * "Measure my machine" cell measures them anyway, to show the student how slow they are.
   */
  skipSoftware?: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

/** Why the current GPU backend runs in software, or null (not a GPU backend, or a real GPU). */
export function softwareRenderer(name: BackendName): string | null {
  const b = tf.backend() as unknown as {
    gpgpu?: { gl?: WebGLRenderingContext };
    adapterInfo?: { vendor?: string; architecture?: string };
  };
  if (name === 'webgl') {
    const gl = b.gpgpu?.gl;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    return SOFTWARE.test(renderer) ? `software renderer (${renderer.slice(0, 60)})` : null;
  }
  if (name === 'webgpu') {
    const info = `${b.adapterInfo?.vendor ?? ''} ${b.adapterInfo?.architecture ?? ''}`.trim();
    return SOFTWARE.test(info) ? `software adapter (${info.slice(0, 60)})` : null;
  }
  return null;
}

const BATCH = 32;
const now = () => performance.now();

/**
 * Times the site's training step (forward, cross-entropy, Adam) of `kind` on the current backend,
 * on random data: one untimed first step, then steps until the budget is spent. Frees what it made.
 */
export async function timeTrainingSteps(kind: ModelKind, budget: MeasureBudget = {}): Promise<{ examplesPerSecond: number; capped: boolean }> {
  const firstCap = budget.firstStepMs ?? 1_500;
  const timedMs = budget.timedMs ?? 400;
  const maxSteps = budget.maxSteps ?? 8;
  const model = createModel(kind, 1);
  compileModel(model, { learningRate: 0.001 });
  const optimizer = model.optimizer;
  const forward = forwardFor(model);
  const varList = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const [x, y] = tf.tidy(() => [
    tf.randomUniform(kind === 'cnn' ? [BATCH, 28, 28, 1] : [BATCH, 28, 28], 0, 1, 'float32', 7),
    tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10).toFloat(),
  ]);
  const step = async () => {
    const cost = optimizer.minimize(() => crossEntropy(y, forward(x, true)).mean() as tf.Scalar, true, varList)!;
    try {
      await cost.data(); // a real sync: GPU backends queue work, the read waits for it
    } finally {
      cost.dispose();
    }
  };
  const cleanup = () => {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  };
  const t0 = now();
  const first = step();
  // A first step over the cap (shader compilation on a software GPU takes seconds) is not waited
  // for: the backend is slower than that bound, and its step finishes (then is freed) in the background.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = await Promise.race([first.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), firstCap)))]);
  clearTimeout(timer);
  if (late) {
    void first.catch(() => undefined).finally(cleanup);
    return { examplesPerSecond: BATCH / (firstCap / 1000), capped: true };
  }
  try {
    const firstMs = now() - t0;
    let steps = 0;
    const t1 = now();
    while (steps < maxSteps && (steps === 0 || now() - t1 < timedMs)) {
      await step();
      steps++;
    }
    // The first step is compile time more than training: counted only if it was the only one.
    return { examplesPerSecond: (steps * BATCH) / ((now() - t1 || firstMs) / 1000), capped: false };
  } finally {
    cleanup();
  }
}

/**
 * Measures each candidate backend in turn (`start` switches to it exactly, or says why it
 * cannot), then picks the fastest; CPU is tried only when nothing else started.
 */
export async function measureBackends(
  kind: ModelKind,
  candidates: readonly BackendName[],
  start: (name: BackendName) => Promise<string | null>,
  budget: MeasureBudget = {},
): Promise<Measurement> {
  const t0 = now();
  const rates: BackendRate[] = [];
  const measure = async (backend: BackendName): Promise<void> => {
    const t = now();
    const why = await start(backend);
    if (why !== null) {
      rates.push({ backend, examplesPerSecond: null, reason: why, seconds: (now() - t) / 1000 });
      return;
    }
    const software = budget.skipSoftware ? softwareRenderer(backend) : null;
    if (software !== null) {
      rates.push({ backend, examplesPerSecond: null, reason: `${software}: not measured, it computes on the processor behind WASM`, seconds: (now() - t) / 1000 });
      return;
    }
    try {
      const r = await timeTrainingSteps(kind, budget);
      rates.push({ backend, examplesPerSecond: r.examplesPerSecond, reason: r.capped ? `its first step took longer than ${(budget.firstStepMs ?? 1_500) / 1000} s: the rate is an upper bound` : null, seconds: (now() - t) / 1000 });
    } catch (error) {
      rates.push({ backend, examplesPerSecond: null, reason: error instanceof Error ? error.message : String(error), seconds: (now() - t) / 1000 });
    }
  };
  // WASM first: it starts in a fraction of a second and sets the pace the GPUs have to beat.
  const order = [...candidates.filter((b) => b === 'wasm'), ...candidates.filter((b) => b !== 'wasm' && b !== 'cpu')];
  for (const backend of order) await measure(backend);
  if (!rates.some((r) => r.examplesPerSecond !== null)) await measure('cpu');
  const started = rates.filter((r) => r.examplesPerSecond !== null).sort((a, b) => b.examplesPerSecond! - a.examplesPerSecond!);
  if (started.length === 0) throw new Error(`No TF.js backend could start. ${rates.map((r) => `${r.backend}: ${r.reason}`).join('; ')}`);
  return { model: kind, rates, picked: started[0]!.backend, seconds: (now() - t0) / 1000 };
}
