import * as tf from '@tensorflow/tfjs';

/**
 * Keras's `Orthogonal` initializer computed in plain JavaScript. TF.js's own
 * one runs `tf.linalg.qr` op by op: for the LSTM's 128x512 recurrent kernel
 * that took 120 s on the CPU backend here, versus milliseconds for this
 * Gram-Schmidt in float64. Same definition as Keras: QR of a Gaussian matrix
 * with R's diagonal made positive, transposed when wider than tall, times gain.
 */

// The base class is not exported by tfjs-layers, but getInitializer() needs
// `instanceof Initializer`, so take it from a stock initializer's prototype chain.
type InitializerCtor = abstract new () => tf.serialization.Serializable & {
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
};
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as InitializerCtor;

/** Seeded standard normals (mulberry32 + Box-Muller), independent of the backend. */
export function gaussians(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const a = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/** Orthonormal columns of a rows x cols (rows >= cols) Gaussian matrix, row-major. */
export function orthonormalColumns(rows: number, cols: number, seed: number): Float64Array {
  const a = gaussians(rows * cols, seed);
  const col = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    for (let r = 0; r < rows; r++) col[r] = a[r * cols + j]!;
    // Two Gram-Schmidt passes ("twice is enough") keep orthogonality at machine precision.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += a[r * cols + i]! * col[r]!;
        for (let r = 0; r < rows; r++) col[r]! -= dot * a[r * cols + i]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += col[r]! * col[r]!;
    norm = Math.sqrt(norm);
    // Dividing by the positive norm is exactly "Q times sign(diag R)".
    for (let r = 0; r < rows; r++) a[r * cols + j] = col[r]! / norm;
  }
  return a;
}

/** Drop-in for Keras/TF.js `Orthogonal({ gain, seed })`, serialised under the same name. */
export class FastOrthogonal extends InitializerBase {
  static className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number;

  constructor(args: { gain?: number; seed?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? Math.floor(Math.random() * 2 ** 32);
  }

  override apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length < 2) throw new Error(`Orthogonal initializer: shape must be at least 2-D, got [${shape.join(', ')}]`);
    const numCols = shape[shape.length - 1]!;
    const numRows = shape.slice(0, -1).reduce((p, d) => p * d, 1);
    const tall = Math.max(numRows, numCols), narrow = Math.min(numRows, numCols);
    const q = orthonormalColumns(tall, narrow, this.seed);
    const out = new Float32Array(numRows * numCols);
    for (let r = 0; r < numRows; r++) {
      for (let c = 0; c < numCols; c++) {
        out[r * numCols + c] = this.gain * (numRows >= numCols ? q[r * narrow + c]! : q[c * narrow + r]!);
      }
    }
    return tf.tensor(out, shape, dtype);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed };
  }
}
// Replaces the stock 'Orthogonal' when a saved model is loaded, so loading an
// LSTM does not spend minutes in tf.linalg.qr either.
tf.serialization.registerClass(FastOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
