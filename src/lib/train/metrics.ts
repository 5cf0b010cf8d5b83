import * as tf from '@tensorflow/tfjs';

/**
 * Per-example categorical cross-entropy exactly as Keras computes it for a
 * softmax output: renormalise, clip to [1e-7, 1 - 1e-7], then -sum(y log p).
 * tf.metrics.categoricalCrossentropy is tfjs-layers' own Keras port of it.
 */
export function crossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  return tf.metrics.categoricalCrossentropy(yTrue, yPred) as tf.Tensor1D;
}

/** Number of rows whose arg-max matches (Keras' categorical accuracy, summed). */
export function correctCount(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)).sum().toFloat() as tf.Scalar);
}

/** Keeps running sums on the device so that reading them is the only sync point. */
export class DeviceSums {
  private loss: tf.Scalar = tf.scalar(0);
  private correct: tf.Scalar = tf.scalar(0);
  count = 0;

  /** Adds a batch: its mean loss (weighted by its size, as Keras does) and its correct count. */
  add(meanLoss: tf.Scalar, correct: tf.Scalar, size: number): void {
    const loss = tf.tidy(() => this.loss.add(meanLoss.mul(size)) as tf.Scalar);
    const corr = tf.tidy(() => this.correct.add(correct) as tf.Scalar);
    this.loss.dispose();
    this.correct.dispose();
    this.loss = tf.keep(loss);
    this.correct = tf.keep(corr);
    this.count += size;
  }

  /** Reads the averages (one device round trip). */
  async read(): Promise<{ loss: number; accuracy: number }> {
    if (this.count === 0) return { loss: NaN, accuracy: NaN };
    const [loss, correct] = await Promise.all([this.loss.data(), this.correct.data()]);
    return { loss: loss[0]! / this.count, accuracy: correct[0]! / this.count };
  }

  /** Frees the two scalars. */
  dispose(): void {
    this.loss.dispose();
    this.correct.dispose();
  }
}
