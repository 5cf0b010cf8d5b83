import * as tf from '@tensorflow/tfjs';

/** Where one tensor sits in a checkpoint's byte blob. */
export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
}

/** A set of named tensors as plain data, ready for a file or IndexedDB. */
export interface TensorBlob {
  specs: TensorSpec[];
  bytes: Uint8Array;
}

/** Everything needed to continue training exactly where an epoch ended. */
export interface TrainingState {
  weights: TensorBlob;
  optimizer: TensorBlob;
}

/** Copies named tensors to the CPU (one read each) and packs them into one blob. */
export async function packTensors(named: { name: string; tensor: tf.Tensor }[]): Promise<TensorBlob> {
  const arrays = await Promise.all(named.map(({ tensor }) => tensor.data()));
  const total = arrays.reduce((s, a) => s + a.length * 4, 0);
  const bytes = new Uint8Array(total);
  const specs: TensorSpec[] = [];
  let offset = 0;
  named.forEach(({ name, tensor }, i) => {
    const a = arrays[i]!;
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new TypeError(`packTensors: ${name} is ${tensor.dtype}`);
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.length * 4), offset);
    specs.push({ name, shape: tensor.shape.slice(), dtype: tensor.dtype, offset });
    offset += a.length * 4;
  });
  return { specs, bytes };
}

/** Rebuilds the tensors of a blob; the caller owns (and disposes) them. */
export function unpackTensors(blob: TensorBlob): { name: string; tensor: tf.Tensor }[] {
  const copy = blob.bytes.slice(); // aligned copy: typed-array views need 4-byte offsets
  return blob.specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const values = s.dtype === 'int32' ? new Int32Array(copy.buffer, s.offset, size) : new Float32Array(copy.buffer, s.offset, size);
    return { name: s.name, tensor: tf.tensor(values, s.shape, s.dtype) };
  });
}

/** Snapshot of the model's weights and the optimizer's slots (Adam: iterations, m, v). */
export async function captureState(model: tf.LayersModel, optimizer: tf.Optimizer): Promise<TrainingState> {
  const weights = await packTensors(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
  const slots = await optimizer.getWeights();
  try {
    return { weights, optimizer: await packTensors(slots) };
  } finally {
    // getWeights() hands out the optimizer's live variables plus one fresh
    // 'iter' scalar: only the latter is ours to dispose.
    tf.dispose(slots.map((s) => s.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}

/**
 * Puts a snapshot back into a freshly built model of the same architecture and
 * its (compiled) optimizer. Weights are matched by position and checked by role and shape.
 */
export async function restoreState(model: tf.LayersModel, optimizer: tf.Optimizer, state: TrainingState): Promise<void> {
  const weights = unpackTensors(state.weights);
  const slots = unpackTensors(state.optimizer);
  try {
    // Auto-generated layer names differ between builds ('dense_Dense3'), so the
    // check is on each weight's role (kernel, bias...) and shape.
    const describe = (name: string, shape: readonly (number | null)[]) => `${name.split('/').at(-1)}[${shape.join('x')}]`;
    const ours = model.weights.map((w) => describe(w.originalName, w.shape));
    const theirs = weights.map((w) => describe(w.name, w.tensor.shape));
    if (ours.join(' ') !== theirs.join(' ')) {
      throw new Error(`restoreState: checkpoint weights [${theirs.join(', ')}] do not match the model's [${ours.join(', ')}]`);
    }
    model.setWeights(weights.map((w) => w.tensor));
    await optimizer.setWeights(slots);
  } finally {
    tf.dispose([...weights, ...slots].map((w) => w.tensor));
  }
}
