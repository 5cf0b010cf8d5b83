// What the trained models compute inside, for one image: the CNN's filters and feature maps,
// the LSTM's opinion, hidden state and gates after each row. Pure TF.js (no DOM), run in the worker.
import * as tf from '@tensorflow/tfjs';
import type { CnnInside, LstmTrace, MapStack } from './inside-types';

const SIDE = 28;

function checkPixels(pixels: Float32Array, who: string): void {
  if (!(pixels instanceof Float32Array) || pixels.length !== SIDE * SIDE) throw new RangeError(`${who}: expected 784 pixels, got ${pixels?.length}`);
  for (const v of pixels) if (!(v >= 0 && v <= 1)) throw new RangeError(`${who}: pixels must lie in [0, 1], got ${v}`);
}

async function stack(t: tf.Tensor): Promise<MapStack> {
  const [h, w, c] = t.shape.slice(-3) as [number, number, number];
  return { values: (await t.data()) as Float32Array, shape: [h, w, c] };
}

/**
 * The notebook CNN's first three layers applied to one image, plus its first-layer kernels
 * and final probabilities. Every tensor made here is freed before it returns.
 */
export async function cnnInside(model: tf.LayersModel, pixels: Float32Array): Promise<CnnInside> {
  checkPixels(pixels, 'cnnInside');
  const [conv1Layer, poolLayer, conv2Layer] = model.layers;
  if (!conv1Layer || !poolLayer || !conv2Layer || conv1Layer.getClassName() !== 'Conv2D' || conv2Layer.getClassName() !== 'Conv2D') {
    throw new TypeError('cnnInside: expected the notebook CNN (Conv2D, MaxPooling2D, Conv2D, ...)');
  }
  const out = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [1, SIDE, SIDE, 1]);
    const c1 = conv1Layer.apply(x) as tf.Tensor;
    const p1 = poolLayer.apply(c1) as tf.Tensor;
    const c2 = conv2Layer.apply(p1) as tf.Tensor;
    const probs = (model.predict(x) as tf.Tensor).squeeze();
    // Kernel [3, 3, 1, 32] -> [3, 3, 32]: one small "map" per filter.
    const kernel = (conv1Layer.getWeights()[0] as tf.Tensor4D).squeeze([2]);
    return { c1: c1.squeeze([0]), p1: p1.squeeze([0]), c2: c2.squeeze([0]), probs, kernel };
  });
  try {
    const [conv1, pool1, conv2, filters, probabilities] = await Promise.all([stack(out.c1), stack(out.p1), stack(out.c2), stack(out.kernel), out.probs.data()]);
    return { probabilities: Array.from(probabilities), filters, conv1, pool1, conv2 };
  } finally {
    tf.dispose(Object.values(out));
  }
}

/**
 * Runs the notebook LSTM's cell by hand over the 28 rows of one image (Keras's equations and
 * gate order i, f, g, o), and after each row applies the final Dense to h_t: how the model's
 * opinion forms as it reads. Dropout is inactive at inference, so the last step equals predict().
 */
export async function lstmTrace(model: tf.LayersModel, pixels: Float32Array): Promise<LstmTrace> {
  checkPixels(pixels, 'lstmTrace');
  const lstm = model.layers[0];
  const dense = model.layers.at(-1);
  if (!lstm || lstm.getClassName() !== 'LSTM' || !dense || dense.getClassName() !== 'Dense') {
    throw new TypeError('lstmTrace: expected the notebook LSTM (LSTM, Dropout, Dense)');
  }
  const [kernel, recurrent, bias] = lstm.getWeights() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const [denseKernel, denseBias] = dense.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  const units = recurrent.shape[0];
  const out = tf.tidy(() => {
    const rows = tf.tensor2d(pixels, [SIDE, SIDE]);
    // The input part of every step at once: [28, 4·units].
    const xw = tf.add(tf.matMul(rows, kernel), bias);
    let h = tf.zeros([1, units]);
    let c = tf.zeros([1, units]);
    const hs: tf.Tensor[] = [];
    const gates: tf.Tensor[] = [];
    for (let t = 0; t < SIDE; t++) {
      const z = tf.add(xw.slice([t, 0], [1, 4 * units]), tf.matMul(h, recurrent));
      const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const i = tf.sigmoid(zi);
      const f = tf.sigmoid(zf);
      const o = tf.sigmoid(zo);
      c = tf.add(tf.mul(f, c), tf.mul(i, tf.tanh(zg)));
      h = tf.mul(o, tf.tanh(c));
      hs.push(h);
      gates.push(tf.stack([i.mean(), f.mean(), o.mean()]));
    }
    const hidden = tf.concat(hs, 0);
    const probs = tf.softmax(tf.add(tf.matMul(hidden, denseKernel), denseBias));
    return { hidden, probs, gates: tf.stack(gates) };
  });
  try {
    const [hidden, probabilities, g] = await Promise.all([out.hidden.data(), out.probs.data(), out.gates.data()]);
    const gate = (k: number) => Float32Array.from({ length: SIDE }, (_, t) => g[t * 3 + k]!);
    return { steps: SIDE, units, probabilities: probabilities as Float32Array, hidden: hidden as Float32Array, gates: { input: gate(0), forget: gate(1), output: gate(2) } };
  } finally {
    // Not the weights: getWeights() hands out the model's live variables.
    tf.dispose([out.hidden, out.probs, out.gates]);
  }
}
