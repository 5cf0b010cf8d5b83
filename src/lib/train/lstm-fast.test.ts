import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLstmCellKernels, LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD } from '../backends/lstm-cell-kernels';
import { initNodeBackend } from '../backends/node';
import { createCnn } from '../models/cnn';
import { createLstm } from '../models/lstm';
import { forwardFor } from './forward';
import { lstmCellPath } from './lstm-fast';
import { relError } from './test-helpers';


/** An LSTM alone, configured as the notebook's (createLstm's first layer). */
function lstmOnly(steps: number, features: number, units: number, seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.lstm({
    units, inputShape: [steps, features], recurrentActivation: 'sigmoid', unitForgetBias: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    // Non-zero biases, so that a mistake in the bias gradient shows.
    biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed + 2 }),
  }));
  return model;
}

/** Gradients of sum(out ⊙ r) for every trainable variable, with the given forward. */
function grads(model: tf.LayersModel, run: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, r: tf.Tensor): tf.Tensor[] {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(run(x), r)) as tf.Scalar, vars);
  value.dispose();
  return vars.map((v) => grads[v.name]!);
}

// Both ways of running the cell: the fused kernels cpu and wasm have, and the tensor operations
// WebGL and WebGPU run (made to run here by unregistering the kernels).
describe.each([
  ['cpu', 'fused-kernels'], ['wasm', 'fused-kernels'], ['cpu', 'tensor-ops'], ['wasm', 'tensor-ops'],
] as const)('fast LSTM path on %s, cell as %s', (backend, cells) => {
  beforeAll(async () => {
    await initNodeBackend(backend);
    expect(lstmCellPath()).toBe('fused-kernels');
    if (cells === 'tensor-ops') for (const k of [LSTM_CELL_FORWARD, LSTM_CELL_BACKWARD]) tf.unregisterKernel(k, backend);
    expect(lstmCellPath()).toBe(cells);
  });
  afterAll(() => {
    ensureLstmCellKernels();
  });

  it.each([[28, 28, 128, 4], [5, 3, 7, 2], [1, 4, 6, 3]])('forward and gradients equal model.apply (steps %i, features %i, units %i, batch %i)', (steps, features, units, batch) => {
    const model = lstmOnly(steps, features, units, 11);
    const before = tf.memory().numTensors;
    const forward = forwardFor(model);
    expect(forward.path).toBe('fast-lstm');
    const x = tf.randomUniform([batch, steps, features], 0, 1, 'float32', 5);
    const r = tf.randomNormal([batch, units], 0, 1, 'float32', 6);
    const stock = tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor);
    const fastInfer = tf.tidy(() => forward(x, false));
    const fastTrain = tf.tidy(() => forward(x, true));
    expect(relError(fastInfer, stock)).toBeLessThan(1e-5);
    expect(relError(fastTrain, stock)).toBeLessThan(1e-5);
    const g0 = grads(model, (t) => model.apply(t, { training: true }) as tf.Tensor, x, r);
    const g1 = grads(model, (t) => forward(t, true), x, r);
    for (let k = 0; k < g0.length; k++) {
      expect(g1[k]!.shape).toEqual(g0[k]!.shape);
      expect(relError(g1[k]!, g0[k]!)).toBeLessThan(1e-5);
    }
    // The input's gradient too (nothing in the course asks for it, but the layer must not lie about it).
    // Not at one step: there tfjs-layers' own LSTM cannot give it (TF.js's Unpack gradient throws).
    if (steps > 1) {
      const dx = (run: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(run(t), r)))(x);
      const dx0 = dx((t) => model.apply(t, { training: true }) as tf.Tensor);
      const dx1 = dx((t) => forward(t, true));
      expect(dx1.shape).toEqual([batch, steps, features]);
      expect(relError(dx1, dx0)).toBeLessThan(1e-5);
      tf.dispose([dx0, dx1]);
    }
    tf.dispose([x, r, stock, fastInfer, fastTrain, ...g0, ...g1]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('runs the whole notebook LSTM (dropout, dense) with the same predictions and a leak-free training step', () => {
    const model = createLstm({ seed: 3 });
    const forward = forwardFor(model);
    expect(forward.path).toBe('fast-lstm');
    const x = tf.randomUniform([8, 28, 28], 0, 1, 'float32', 9);
    const stock = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
    const fast = tf.tidy(() => forward(x, false));
    expect(relError(fast, stock)).toBeLessThan(1e-5);
    const before = tf.memory().numTensors;
    const opt = tf.train.adam(0.001);
    tf.tidy(() => {
      opt.minimize(() => tf.mean(forward(x, true)) as tf.Scalar, false, model.trainableWeights.map((w) => w.read() as tf.Variable));
    });
    // Adam's two moments per variable (5 variables) are the only tensors left after the step.
    expect(tf.memory().numTensors).toBe(before + 2 + 2 * 5);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, stock, fast]);
    model.dispose();
  });

  it('keeps model.apply for the CNN and for an LSTM the fast path does not implement', () => {
    const cnn = createCnn();
    expect(forwardFor(cnn).path).toBe('model.apply');
    const hard = tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [3, 2], recurrentActivation: 'hardSigmoid' })] });
    expect(forwardFor(hard).path).toBe('model.apply');
    const seq = tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [3, 2], recurrentActivation: 'sigmoid', returnSequences: true })] });
    expect(forwardFor(seq).path).toBe('model.apply');
    const drop = tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [3, 2], recurrentActivation: 'sigmoid', recurrentDropout: 0.2 })] });
    expect(forwardFor(drop).path).toBe('model.apply');
    // Checked on WebGPU in Chromium (tests/e2e/lstm-fast.spec.ts); on a backend never
    // checked (here tfjs-node's) the layer's own code runs.
    const lstm = createLstm();
    expect(forwardFor(lstm).path).toBe('fast-lstm');
    expect(forwardFor(lstm, 'webgpu').path).toBe('fast-lstm');
    expect(forwardFor(lstm, 'tensorflow').path).toBe('model.apply');
    for (const m of [cnn, hard, seq, drop, lstm]) m.dispose();
  });

  it('rejects inputs that are not [batch, steps, features]', () => {
    const model = lstmOnly(3, 2, 4, 1);
    const x = tf.zeros([2, 6]);
    expect(() => forwardFor(model)(x, false)).toThrow(/\[batch, steps, features\].*\[2, 6\]/);
    x.dispose();
    model.dispose();
  });
});
