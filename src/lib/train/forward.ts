import * as tf from '@tensorflow/tfjs';
import { lstmLastHidden, lstmLastHiddenTrainable, type LstmWeights } from './lstm-fast';

/** A model's forward pass: predictions for a batch, dropout on when training; `path` says which code runs it. */
export type Forward = ((x: tf.Tensor, training: boolean) => tf.Tensor) & { readonly path: 'fast-lstm' | 'model.apply' };

/**
 * Backends on which the fast LSTM was checked against tfjs-layers' LSTM (lstm-fast.test.ts in
 * Node, tests/e2e/lstm-fast.spec.ts in Chromium: WebGL, WASM, and WebGPU in a worker).
 */
const FAST_LSTM_BACKENDS = new Set(['cpu', 'wasm', 'webgl', 'webgpu']);

/** Config values of an LSTM layer that the fast path implements; anything else keeps model.apply. */
const FAST_LSTM_CONFIG: Record<string, unknown> = {
  activation: 'tanh', recurrentActivation: 'sigmoid', useBias: true, returnSequences: false,
  returnState: false, goBackwards: false, stateful: false, dropout: 0, recurrentDropout: 0,
};

/** A reader of the LSTM layer's weights when the fast path applies to it, else null. */
function fastLstmWeights(layer: tf.layers.Layer): (() => LstmWeights) | null {
  if (layer.getClassName() !== 'LSTM') return null;
  const config = layer.getConfig();
  for (const [key, value] of Object.entries(FAST_LSTM_CONFIG)) {
    if (config[key] !== value) return null;
  }
  if (layer.weights.length !== 3 || layer.trainableWeights.length !== 3) return null;
  const [kernel, recurrentKernel, bias] = layer.trainableWeights as [tf.LayerVariable, tf.LayerVariable, tf.LayerVariable];
  // Read at call time: the layer's variables are the ones the optimizer updates.
  return () => ({ kernel: kernel.read() as tf.Tensor2D, recurrentKernel: recurrentKernel.read() as tf.Tensor2D, bias: bias.read() as tf.Tensor1D });
}

/**
 * The forward pass the trainer and the validation use. For a Sequential
 * model whose first layer is an LSTM as the notebook's (see FAST_LSTM_CONFIG),
 * that layer runs through lstm-fast.ts (same values, far fewer operations,
 * hand-written gradient) and the later layers through their own apply;
 * any other model, or another backend, is model.apply unchanged.
 */
export function forwardFor(model: tf.LayersModel, backend: string = tf.getBackend()): Forward {
  const apply = Object.assign((x: tf.Tensor, training: boolean) => model.apply(x, { training }) as tf.Tensor, { path: 'model.apply' as const });
  const [first, ...rest] = model.layers;
  const weights = model instanceof tf.Sequential && first && FAST_LSTM_BACKENDS.has(backend) ? fastLstmWeights(first) : null;
  if (!weights) return apply;
  return Object.assign((x: tf.Tensor, training: boolean) => {
    if (x.rank !== 3) throw new Error(`forward: the LSTM expects [batch, steps, features] inputs, got shape [${x.shape.join(', ')}]`);
    const w = weights();
    let y: tf.Tensor = training ? lstmLastHiddenTrainable(x as tf.Tensor3D, w) : lstmLastHidden(x as tf.Tensor3D, w);
    for (const layer of rest) y = layer.apply(y, { training }) as tf.Tensor;
    return y;
  }, { path: 'fast-lstm' as const });
}
