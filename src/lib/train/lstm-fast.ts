import * as tf from '@tensorflow/tfjs';

/** An LSTM layer's weights, in Keras's layout: gates i, f, c, o side by side. */
export interface LstmWeights {
  /** [features, 4·units] */
  kernel: tf.Tensor2D;
  /** [units, 4·units] */
  recurrentKernel: tf.Tensor2D;
  /** [4·units] */
  bias: tf.Tensor1D;
}

/** z = Mᵀ·[x; h₋₁; 1]: kernel, recurrent kernel and bias in one matrix product per step. */
function stackedWeights(w: LstmWeights): tf.Tensor2D {
  const units = w.recurrentKernel.shape[0];
  return tf.concat([w.kernel, w.recurrentKernel, w.bias.reshape([1, 4 * units])], 0).transpose();
}

/**
 * Last hidden state of a Keras LSTM (sigmoid gates, tanh activation, zero
 * initial states, no dropout), forward only: the same arithmetic as
 * tfjs-layers' LSTMCell, with states kept as columns (see below).
 */
export function lstmLastHidden(x: tf.Tensor3D, w: LstmWeights): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, steps] = x.shape;
    const units = w.recurrentKernel.shape[0];
    const mt = stackedWeights(w);
    const xs = tf.unstack(x.transpose([1, 2, 0])) as tf.Tensor2D[];
    const ones = tf.ones([1, batch]);
    let h: tf.Tensor2D = tf.zeros([units, batch]);
    let c: tf.Tensor2D = tf.zeros([units, batch]);
    for (let t = 0; t < steps; t++) {
      const z = tf.matMul(mt, tf.concat([xs[t]!, h, ones], 0));
      const [i, f, , o] = tf.split(tf.sigmoid(z), 4, 0) as tf.Tensor2D[];
      const g = tf.tanh(tf.slice(z, [2 * units, 0], [units, batch]));
      c = tf.add(tf.mul(f!, c), tf.mul(i!, g));
      h = tf.mul(o!, tf.tanh(c));
    }
    return h.transpose();
  });
}

/**
 * Same value as lstmLastHidden, with a hand-written backpropagation through
 * time: TF.js's automatic one records ~100 small operations per step (splits,
 * reshapes, casts, one gradient per elementwise op); this one needs 6 per step
 * and three matrix products over all steps at once for the weights.
 * States are kept as columns ([units, batch]) so that every split and concat
 * is along the first axis, a plain copy on every backend (splitting the last
 * axis is a strided gather, slow on cpu and wasm).
 * Each step keeps, for the backward pass, f, e = o·(1 − tanh²c), its input
 * column [x; h₋₁; 1] and P = [g; c₋₁; i; tanh c] ⊙ act′(z), so that
 * dz = [dc; dc; dc; dh] ⊙ P and dc = dh·e + dc₊₁·f₊₁.
 */
export function lstmLastHiddenTrainable(x: tf.Tensor3D, w: LstmWeights): tf.Tensor2D {
  return trainable(x, w.kernel, w.recurrentKernel, w.bias) as tf.Tensor2D;
}

const trainable = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, kernel, recurrentKernel, bias] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[4] as tf.GradSaveFunc;
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const mt = stackedWeights({ kernel, recurrentKernel, bias });
  const xs = tf.unstack(x.transpose([1, 2, 0])) as tf.Tensor2D[];
  const ones = tf.ones([1, batch]);
  // act′(z) = (1 − a)(a + q): a(1 − a) for the sigmoid gates, 1 − a² for tanh (q = 1 on the c block).
  const q = tf.concat([tf.zeros([2 * units, 1]), tf.ones([units, 1]), tf.zeros([units, 1])]);
  const kept: tf.Tensor[] = [];
  let h: tf.Tensor2D = tf.zeros([units, batch]);
  let c: tf.Tensor2D = tf.zeros([units, batch]);
  for (let t = 0; t < steps; t++) {
    const input = tf.concat([xs[t]!, h, ones], 0);
    const z = tf.matMul(mt, input);
    const [i, f, , o] = tf.split(tf.sigmoid(z), 4, 0) as tf.Tensor2D[];
    const g = tf.tanh(tf.slice(z, [2 * units, 0], [units, batch]));
    const cPrev = c;
    c = tf.add(tf.mul(f!, cPrev), tf.mul(i!, g));
    const tc = tf.tanh(c);
    h = tf.mul(o!, tc);
    const act = tf.concat([i!, f!, g, o!], 0);
    const p = tf.mul(tf.concat([g, cPrev, i!, tc], 0), tf.mul(tf.sub(1, act), tf.add(act, q)));
    kept.push(f!, tf.mul(o!, tf.sub(1, tf.square(tc))), p, input);
  }
  save(kept);
  return {
    value: h.transpose(),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const at = (t: number, k: number) => saved[4 * t + k] as tf.Tensor2D;
      const dzs: tf.Tensor2D[] = new Array(steps);
      let dh = dy.transpose() as tf.Tensor2D;
      let dcNext: tf.Tensor2D | null = null;
      for (let t = steps - 1; t >= 0; t--) {
        const dcOwn = tf.mul<tf.Tensor2D>(dh, at(t, 1));
        const dc: tf.Tensor2D = dcNext ? tf.add<tf.Tensor2D>(dcOwn, dcNext) : dcOwn;
        const dz = tf.mul<tf.Tensor2D>(tf.concat([dc, dc, dc, dh], 0), at(t, 2));
        dzs[t] = dz;
        if (t > 0) {
          dcNext = tf.mul(dc, at(t, 0));
          dh = tf.matMul(recurrentKernel, dz);
        }
      }
      // [4·units, steps·batch] and [features + units + 1, steps·batch], columns in the same order.
      const dzAll = tf.stack(dzs, 1).reshape([4 * units, steps * batch]);
      const inputs = tf.stack(Array.from({ length: steps }, (_, t) => at(t, 3)), 1).reshape([features + units + 1, steps * batch]);
      const dm = tf.matMul(inputs, dzAll, false, true);
      const [dKernel, dRecurrent, dBias] = tf.split(dm, [features, units, 1], 0);
      const dx = tf.matMul(kernel, dzAll).reshape([features, steps, batch]).transpose([2, 1, 0]);
      return [dx, dKernel!, dRecurrent!, dBias!.reshape([4 * units])];
    },
  };
});
