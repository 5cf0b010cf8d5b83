import * as tf from '@tensorflow/tfjs';
import { ensureLstmCellKernels, hasLstmCellKernels, LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD } from '../backends/lstm-cell-kernels';

/** An LSTM layer's weights, in Keras's layout: gates i, f, c, o side by side. */
export interface LstmWeights {
  /** [features, 4·units] */
  kernel: tf.Tensor2D;
  /** [units, 4·units] */
  recurrentKernel: tf.Tensor2D;
  /** [4·units] */
  bias: tf.Tensor1D;
}

/**
 * z = Mᵀ·[x; h₋₁; 1]: kernel, recurrent kernel and bias in one matrix product per
 * step. The inner size is padded to an even number with a zero row: WebGL's packed
 * matrix product (2×2 texels) is ~3× slower on an odd one (157 for the notebook's LSTM).
 */
function stackedWeights(w: LstmWeights): { m: tf.Tensor2D; mt: tf.Tensor2D; pad: number } {
  const [features, four] = w.kernel.shape;
  const units = w.recurrentKernel.shape[0];
  const pad = (features + units + 1) % 2;
  const rows = [w.kernel, w.recurrentKernel, w.bias.reshape([1, four])];
  if (pad) rows.push(tf.zeros([pad, four]));
  const m = tf.concat(rows, 0) as tf.Tensor2D;
  return { m, mt: m.transpose() as tf.Tensor2D, pad };
}

/** What every step needs: Mᵀ (and M), the inputs as one [features, batch] column block per step, the ones (and padding) rows. */
function prepare(x: tf.Tensor3D, w: LstmWeights) {
  const batch = x.shape[0];
  const { m, mt, pad } = stackedWeights(w);
  const xs = tf.unstack(x.transpose([1, 2, 0])) as tf.Tensor2D[];
  const ones: tf.Tensor2D = pad ? tf.concat([tf.ones([1, batch]), tf.zeros([pad, batch])], 0) : tf.ones([1, batch]);
  return { m, mt, pad, xs, ones };
}

/** One step of the cell on the input column [x; h₋₁; 1 (; 0)]: gates, new memory c and hidden state h. */
function cellStep(mt: tf.Tensor2D, input: tf.Tensor2D, cPrev: tf.Tensor2D) {
  const units = cPrev.shape[0];
  const z = tf.matMul(mt, input);
  const [i, f, , o] = tf.split(tf.sigmoid(z), 4, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const g = tf.tanh(tf.slice(z, [2 * units, 0], [units, cPrev.shape[1]]));
  const c = tf.add<tf.Tensor2D>(tf.mul(f, cPrev), tf.mul(i, g));
  const tc = tf.tanh(c);
  return { i, f, g, o, c, tc, h: tf.mul<tf.Tensor2D>(o, tc) };
}

/**
 * Last hidden state of a Keras LSTM (sigmoid gates, tanh activation, zero
 * initial states, no dropout), forward only: the same arithmetic as
 * tfjs-layers' LSTMCell, with states kept as columns (see below).
 */
export function lstmLastHidden(x: tf.Tensor3D, w: LstmWeights): tf.Tensor2D {
  if (fused()) return tf.tidy(() => fusedForward(x, w, false).h.transpose());
  return tf.tidy(() => {
    const [batch, steps] = x.shape;
    const units = w.recurrentKernel.shape[0];
    const { mt, xs, ones } = prepare(x, w);
    let h: tf.Tensor2D = tf.zeros([units, batch]);
    let c: tf.Tensor2D = tf.zeros([units, batch]);
    for (let t = 0; t < steps; t++) ({ c, h } = cellStep(mt, tf.concat([xs[t]!, h, ones], 0), c));
    return h.transpose();
  });
}

/**
 * Same value as lstmLastHidden, with a hand-written backpropagation through
 * time: TF.js's automatic one records ~100 small operations per step (splits,
 * reshapes, casts, one gradient per elementwise op); this one needs 10 per step.
 * States are kept as columns ([units, batch]) so that every split and concat
 * is along the first axis, a plain copy on every backend (splitting the last
 * axis is a strided gather, slow on cpu and wasm).
 * Each step keeps, for the backward pass, f, e = o·(1 − tanh²c), its input
 * column [x; h₋₁; 1] and P = [g; c₋₁; i; tanh c] ⊙ act′(z), so that
 * dz = [dc; dc; dc; dh] ⊙ P, dc = dh·e + dc₊₁·f₊₁, [dx; dh₋₁] = M·dz and
 * dM = Σ [x; h₋₁; 1]·dzᵀ. On cpu and wasm the fused path below runs instead
 * (2 kernels per step each way: lstmCellPath says which path a backend takes).
 */
export function lstmLastHiddenTrainable(x: tf.Tensor3D, w: LstmWeights): tf.Tensor2D {
  if (fused()) return trainableFused(x, w.kernel, w.recurrentKernel, w.bias) as tf.Tensor2D;
  return trainable(x, w.kernel, w.recurrentKernel, w.bias) as tf.Tensor2D;
}

const trainable = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, kernel, recurrentKernel, bias] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[4] as tf.GradSaveFunc;
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const { m, mt, pad, xs, ones } = prepare(x, { kernel, recurrentKernel, bias });
  // act′(z) = (1 − a)(a + q): a(1 − a) for the sigmoid gates, 1 − a² for tanh (q = 1 on the c block).
  const q = tf.concat([tf.zeros([2 * units, 1]), tf.ones([units, 1]), tf.zeros([units, 1])]);
  // One tensor for the constant 1, not a new scalar (a texture upload on WebGL) per use.
  const one = tf.scalar(1);
  const kept: tf.Tensor[] = [];
  let h: tf.Tensor2D = tf.zeros([units, batch]);
  let c: tf.Tensor2D = tf.zeros([units, batch]);
  for (let t = 0; t < steps; t++) {
    const input = tf.concat([xs[t]!, h, ones], 0);
    const cPrev = c;
    const { i, f, g, o, tc, ...next } = cellStep(mt, input, cPrev);
    ({ c, h } = next);
    const act = tf.concat([i, f, g, o], 0);
    const p = tf.mul(tf.concat([g, cPrev, i, tc], 0), tf.mul(tf.sub(one, act), tf.add(act, q)));
    kept.push(f, tf.mul(o, tf.sub(one, tf.square(tc))), p, input);
  }
  // M itself, for dx and dh₋₁ (anything not saved is freed when the forward pass ends).
  kept.push(m);
  save(kept);
  return {
    value: h.transpose(),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const at = (t: number, k: number) => saved[4 * t + k] as tf.Tensor2D;
      const mSaved = saved[4 * steps] as tf.Tensor2D;
      const dxs: tf.Tensor2D[] = new Array(steps);
      let dm: tf.Tensor2D | null = null;
      let dh = dy.transpose() as tf.Tensor2D;
      let dcNext: tf.Tensor2D | null = null;
      // Per step rather than once over all steps: joining 28 tensors costs more than the
      // products themselves on WebGL (a 28-way concat took 35 to 130 ms on SwiftShader).
      for (let t = steps - 1; t >= 0; t--) {
        const dcOwn = tf.mul<tf.Tensor2D>(dh, at(t, 1));
        const dc: tf.Tensor2D = dcNext ? tf.add<tf.Tensor2D>(dcOwn, dcNext) : dcOwn;
        const dz = tf.mul<tf.Tensor2D>(tf.concat([dc, dc, dc, dh], 0), at(t, 2));
        const dmStep = tf.matMul<tf.Tensor2D>(at(t, 3), dz, false, true);
        dm = dm ? tf.add<tf.Tensor2D>(dm, dmStep) : dmStep;
        // [dx; dh₋₁; (bias and padding rows, unused)] in one product.
        const dInput = tf.matMul(mSaved, dz);
        dxs[t] = tf.slice(dInput, [0, 0], [features, batch]) as tf.Tensor2D;
        if (t > 0) {
          dcNext = tf.mul(dc, at(t, 0));
          dh = tf.slice(dInput, [features, 0], [units, batch]) as tf.Tensor2D;
        }
      }
      const [dKernel, dRecurrent, dBias] = tf.split(dm!, [features, units, 1, pad].filter((n, i) => i < 3 || n > 0), 0);
      const dx = tf.stack(dxs).transpose([2, 0, 1]);
      return [dx, dKernel!, dRecurrent!, dBias!.reshape([4 * units])];
    },
  };
});

/**
 * How the cell's arithmetic runs on `backend`: one fused kernel per step and direction where
 * this project has them (cpu, wasm: lstm-cell-kernels.ts), else TF.js tensor operations.
 */
export function lstmCellPath(backend: string = tf.getBackend()): 'fused-kernels' | 'tensor-ops' {
  // Registered once: a test that unregisters them sees the tensor-op path.
  if (!kernelsRegistered) ensureLstmCellKernels();
  kernelsRegistered = true;
  return hasLstmCellKernels(backend) ? 'fused-kernels' : 'tensor-ops';
}

let kernelsRegistered = false;

const fused = () => lstmCellPath() === 'fused-kernels';

/**
 * The forward pass on cpu and wasm, where a kernel call costs more than its arithmetic at these
 * sizes (a step was ~20 kernels there): the input product of all steps at once, then per step
 * one product Whᵀ·h₋₁ and one fused kernel for the gates and states (lstm-cell-kernels.ts).
 * Products keep the weights on the left: WASM's matrix product repacks its right operand on
 * every call, and h (128×32) is far smaller than Wh (128×512). Returns, when `keep`, what the
 * backward pass needs: each step's kept values and its h₋₁, and the inputs as columns.
 */
function fusedForward(x: tf.Tensor3D, w: LstmWeights, keep: boolean) {
  const [batch, steps, features] = x.shape;
  const units = w.recurrentKernel.shape[0];
  // X [features, steps·batch]: step t's inputs are columns t·batch … t·batch + batch − 1.
  const xCols = tf.reshape(tf.transpose(x, [2, 1, 0]), [features, steps * batch]) as tf.Tensor2D;
  const zx = tf.matMul(w.kernel, xCols, true, false);
  const whT = tf.transpose(w.recurrentKernel) as tf.Tensor2D;
  const kept: tf.Tensor2D[] = [];
  const hPrev: tf.Tensor2D[] = [];
  let h: tf.Tensor2D = tf.zeros([units, batch]);
  let c: tf.Tensor2D = tf.zeros([units, batch]);
  for (let t = 0; t < steps; t++) {
    const zh = t === 0 ? tf.zeros([4 * units, batch]) : tf.matMul(whT, h);
    const [cNext, hNext, k] = tf.engine().runKernel(LSTM_CELL_FORWARD, { zh, zx, bias: w.bias, cPrev: c }, { step: t }) as tf.Tensor2D[];
    zh.dispose();
    if (keep) {
      kept.push(k!);
      hPrev.push(h);
    } else {
      tf.dispose([k!, h, c]);
    }
    c = cNext!;
    h = hNext!;
  }
  return { h, kept, hPrev, xCols };
}

/** lstmLastHiddenTrainable on cpu and wasm: the fused forward, and a backward pass of the same shape. */
const trainableFused = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, kernel, recurrentKernel, bias] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[4] as tf.GradSaveFunc;
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const { h, kept, hPrev, xCols } = fusedForward(x, { kernel, recurrentKernel, bias }, true);
  save([...kept, ...hPrev, xCols, kernel, recurrentKernel]);
  return {
    value: h.transpose(),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const keptAt = (t: number) => saved[t] as tf.Tensor2D;
      const hs = saved.slice(steps, 2 * steps) as tf.Tensor2D[];
      const [xc, k, rk] = saved.slice(2 * steps) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const dzs: tf.Tensor2D[] = new Array(steps);
      let dh = dy.transpose() as tf.Tensor2D;
      let dcNext: tf.Tensor2D = tf.zeros([units, batch]);
      // The recurrence is per step; everything else is one product over all steps after it.
      for (let t = steps - 1; t >= 0; t--) {
        const [dz, dc] = tf.engine().runKernel(LSTM_CELL_BACKWARD, { dh, dcNext, kept: keptAt(t) }) as tf.Tensor2D[];
        dzs[t] = dz!;
        dcNext = dc!;
        if (t > 0) dh = tf.matMul(rk, dz!);
      }
      // dZ [steps·batch, 4·units]: row t·batch + b holds step t's dz for example b.
      const dZ = tf.reshape(tf.transpose(tf.stack(dzs), [0, 2, 1]), [steps * batch, 4 * units]) as tf.Tensor2D;
      const hCols = tf.reshape(tf.transpose(tf.stack(hs), [1, 0, 2]), [units, steps * batch]) as tf.Tensor2D;
      const dKernel = tf.matMul(xc, dZ);
      const dRecurrent = tf.matMul(hCols, dZ);
      const dBias = tf.sum(dZ, 0);
      const dx = tf.transpose(tf.reshape(tf.matMul(dZ, k, false, true), [steps, batch, features]), [1, 0, 2]);
      return [dx, dKernel, dRecurrent, dBias];
    },
  };
});
