import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './node';
import { ensureLstmCellKernels, hasLstmCellKernels, LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD } from './lstm-cell-kernels';

const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number> = {}) =>
  tf.engine().runKernel(name, inputs, attrs) as tf.Tensor2D[];

/** The step written with TF.js operations, gate by gate (Keras's i, f, g, o order). */
function referenceStep(zh: tf.Tensor2D, zx: tf.Tensor2D, bias: tf.Tensor1D, cPrev: tf.Tensor2D, step: number) {
  return tf.tidy(() => {
    const [u, B] = cPrev.shape;
    const z = tf.add(tf.add(zh, tf.slice(zx, [0, step * B], [4 * u, B])), bias.reshape([4 * u, 1]));
    const [zi, zf, zg, zo] = tf.split(z, 4, 0);
    const [i, f, g, o] = [tf.sigmoid(zi!), tf.sigmoid(zf!), tf.tanh(zg!), tf.sigmoid(zo!)];
    const c = tf.add(tf.mul(f, cPrev), tf.mul(i, g));
    const tc = tf.tanh(c);
    const ds = (a: tf.Tensor) => tf.mul(a, tf.sub(1, a));
    const kept = tf.concat([f, tf.mul(o, tf.sub(1, tf.square(tc))), tf.mul(g, ds(i)), tf.mul(cPrev, ds(f)), tf.mul(i, tf.sub(1, tf.square(g))), tf.mul(tc, ds(o))], 0);
    return [c, tf.mul(o, tc), kept] as tf.Tensor2D[];
  });
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe.each(['cpu', 'wasm'] as const)('fused LSTM cell kernels on %s', (backend) => {
  beforeAll(async () => {
    await initNodeBackend(backend);
    ensureLstmCellKernels();
  });

  it('are registered for this backend and not for the GPU ones', () => {
    expect(hasLstmCellKernels(backend)).toBe(true);
    expect(hasLstmCellKernels('webgl')).toBe(false);
    expect(hasLstmCellKernels('webgpu')).toBe(false);
  });

  it.each([[5, 3, 4, 2], [128, 32, 28, 27], [1, 1, 1, 0]])('forward step equals the tensor-op step (units %i, batch %i, steps %i, step %i)', (u, B, S, step) => {
    const zh = tf.randomNormal([4 * u, B], 0, 2, 'float32', 1) as tf.Tensor2D;
    const zx = tf.randomNormal([4 * u, S * B], 0, 2, 'float32', 2) as tf.Tensor2D;
    const bias = tf.randomNormal([4 * u], 0, 1, 'float32', 3) as tf.Tensor1D;
    const cPrev = tf.randomNormal([u, B], 0, 1, 'float32', 4) as tf.Tensor2D;
    const before = { tensors: tf.memory().numTensors, data: tf.engine().backend.numDataIds() };
    const got = run(LSTM_CELL_FORWARD, { zh, zx, bias, cPrev }, { step });
    const want = referenceStep(zh, zx, bias, cPrev, step);
    expect(got.map((t) => t.shape)).toEqual([[u, B], [u, B], [6 * u, B]]);
    // wasm's tanh is 2σ(2x) − 1 on the vectorised sigmoid: an absolute error near 1e-7.
    for (let k = 0; k < 3; k++) expect(maxDiff(got[k]!, want[k]!)).toBeLessThan(1e-6);
    // Values are real: h is not all zeros.
    expect(tf.tidy(() => tf.max(tf.abs(got[1]!)).dataSync()[0]!)).toBeGreaterThan(0.05);
    tf.dispose([...got, ...want]);
    // The kernel's temporary buffers (wasm) are freed, not only the tensors.
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.engine().backend.numDataIds()).toBe(before.data);
    tf.dispose([zh, zx, bias, cPrev]);
  });

  it.runIf(backend === 'wasm')('frees its buffers, outputs included, when the step fails half-way', () => {
    const stock = tf.getKernel('Sigmoid', 'wasm')!;
    let calls = 0;
    tf.unregisterKernel('Sigmoid', 'wasm');
    // The second sigmoid (of 2c) fails: after the outputs were allocated.
    tf.registerKernel({ ...stock, kernelFunc: (args) => (++calls === 2 ? (() => { throw new Error('injected failure'); })() : stock.kernelFunc(args)) });
    const [u, B, S] = [4, 3, 2];
    const inputs = { zh: tf.ones([4 * u, B]), zx: tf.ones([4 * u, S * B]), bias: tf.zeros([4 * u]), cPrev: tf.zeros([u, B]) };
    try {
      const before = tf.engine().backend.numDataIds();
      expect(() => run(LSTM_CELL_FORWARD, inputs, { step: 1 })).toThrow(/injected failure/);
      expect(calls).toBe(2);
      expect(tf.engine().backend.numDataIds()).toBe(before);
    } finally {
      tf.unregisterKernel('Sigmoid', 'wasm');
      tf.registerKernel(stock);
      tf.dispose(Object.values(inputs));
    }
  });

  it('backward step gives dz = [dc; dc; dc; dh] ⊙ P with dc = dh·e + dcNext, and dc·f', () => {
    const [u, B] = [6, 3];
    const dh = tf.randomNormal([u, B], 0, 1, 'float32', 5) as tf.Tensor2D;
    const dcNext = tf.randomNormal([u, B], 0, 1, 'float32', 6) as tf.Tensor2D;
    const kept = tf.randomNormal([6 * u, B], 0, 1, 'float32', 7) as tf.Tensor2D;
    const [dz, dcOut] = run(LSTM_CELL_BACKWARD, { dh, dcNext, kept });
    const [f, e, pi, pf, pg, po] = tf.split(kept, 6, 0) as tf.Tensor2D[];
    const dc = tf.add(tf.mul(dh, e!), dcNext);
    const want = tf.concat([tf.mul(dc, pi!), tf.mul(dc, pf!), tf.mul(dc, pg!), tf.mul(dh, po!)], 0);
    expect(maxDiff(dz!, want)).toBeLessThan(1e-6);
    expect(maxDiff(dcOut!, tf.mul(dc, f!))).toBeLessThan(1e-6);
    tf.dispose([dh, dcNext, kept, dz!, dcOut!, f!, e!, pi!, pf!, pg!, po!, dc, want]);
  });

  it('refuses shapes that do not fit and non-float32 inputs with a message naming them', () => {
    const a = tf.zeros([8, 2]) as tf.Tensor2D;
    const c = tf.zeros([2, 2]) as tf.Tensor2D;
    const bias = tf.zeros([8]);
    const odd = tf.zeros([8, 3]);
    expect(() => run(LSTM_CELL_FORWARD, { zh: a, zx: a, bias, cPrev: c }, { step: 1 })).toThrow(/LstmCellForward: shapes do not fit.*step 1/);
    expect(() => run(LSTM_CELL_FORWARD, { zh: a, zx: odd, bias, cPrev: c }, { step: 0 })).toThrow(/shapes do not fit/);
    const ints = tf.zeros([2, 2], 'int32');
    expect(() => run(LSTM_CELL_FORWARD, { zh: a, zx: a, bias, cPrev: ints }, { step: 0 })).toThrow(/input cPrev must be float32, got int32/);
    expect(() => run(LSTM_CELL_BACKWARD, { dh: c, dcNext: c, kept: a })).toThrow(/LstmCellBackward: shapes do not fit/);
    tf.dispose([a, c, bias, odd, ints]);
  });
});
