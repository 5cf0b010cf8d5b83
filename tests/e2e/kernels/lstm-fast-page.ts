// Browser side of tests/e2e/lstm-fast.spec.ts, bundled by esbuild in the spec and loaded
// into a page of the built site (or a worker it starts): the trainer's hand-written LSTM
// (src/lib/train/lstm-fast.ts) against tfjs-layers' own LSTM on the real backend, started as
// the course's worker starts it.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/lib/backends/select';
import { createLstm } from '../../../src/lib/models/lstm';
import { forwardFor } from '../../../src/lib/train/forward';
import { lstmCellPath } from '../../../src/lib/train/lstm-fast';
import { maxAbs, relErrorAsync } from '../../../src/lib/train/test-helpers';

/** What one check reports back to the spec. */
export interface LstmFastReport {
  backend: string;
  path: string;
  /** How the cell's arithmetic ran (lstmCellPath): fused kernels on wasm and cpu, tensor ops on the GPU backends. */
  cells: string;
  /** Relative errors (max |a − b| / max |b|): inference and training forward, then each gradient. */
  forward: number[];
  gradients: { name: string; rel: number }[];
  /** Largest |value| of tfjs-layers' outputs and gradients: a backend that returned zeros would compare equal. */
  scales: number[];
  leaked: number;
}


async function check(backend: 'webgl' | 'webgpu' | 'wasm' | 'cpu', wasmUrl: string): Promise<LstmFastReport> {
  const init = await initBackend(backend, { wasmUrl });
  if (init.backend !== backend) throw new Error(`${backend} did not start: ${init.fallbackReason}`);
  const before = tf.memory().numTensors;
  // Dropout off on both sides (inference for the whole model), so values are comparable.
  const model = createLstm({ seed: 7 });
  const lstm = model.layers[0]!;
  const forward = forwardFor(model);
  const x = tf.randomUniform([6, 28, 28], 0, 1, 'float32', 3);
  const r = tf.randomNormal([6, 128], 0, 1, 'float32', 4);
  const stock = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
  const fast = tf.tidy(() => forward(x, false));
  const stockH = tf.tidy(() => lstm.apply(x, { training: true }) as tf.Tensor);
  // The LSTM layer alone (no dropout), through the same fast code the trainer runs.
  const alone = tf.sequential({ layers: [lstm] });
  const fastAlone = forwardFor(alone);
  const fastH = tf.tidy(() => fastAlone(x, true));
  const vars = lstm.trainableWeights.map((w) => w.read() as tf.Variable);
  const grads = (run: () => tf.Tensor) => {
    const { value, grads: g } = tf.variableGrads(() => tf.sum(tf.mul(run(), r)) as tf.Scalar, vars);
    value.dispose();
    return vars.map((v) => g[v.name]!);
  };
  const g0 = grads(() => lstm.apply(x, { training: true }) as tf.Tensor);
  const g1 = grads(() => fastAlone(x, true));
  // Read back asynchronously: a synchronous read is wrong on software WebGPU (see relErrorAsync).
  const gradients: { name: string; rel: number }[] = [];
  for (const [i, v] of vars.entries()) gradients.push({ name: v.name, rel: await relErrorAsync(g1[i]!, g0[i]!) });
  const scales: number[] = [];
  for (const t of [stock, stockH, ...g0]) scales.push(await maxAbs(t));
  const report: LstmFastReport = {
    backend: tf.getBackend(), path: `${forward.path}/${fastAlone.path}`, cells: lstmCellPath(),
    forward: [await relErrorAsync(fast, stock), await relErrorAsync(fastH, stockH)],
    gradients, scales, leaked: 0,
  };
  tf.dispose([x, r, stock, fast, stockH, fastH, ...g0, ...g1]);
  model.dispose();
  report.leaked = tf.memory().numTensors - before;
  return report;
}

(globalThis as unknown as { lstmFastCheck: typeof check }).lstmFastCheck = check;
