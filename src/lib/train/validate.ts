import * as tf from '@tensorflow/tfjs';
import { nextMacrotask } from './macrotask';
import { correctCount, crossEntropy, DeviceSums } from './metrics';
import { forwardFor } from './forward';

/** Loss and accuracy on the test tensors, in contiguous batches, dropout off; null if stopped. */
export async function validate(
  model: tf.LayersModel,
  data: { xTest: tf.Tensor; yTest: tf.Tensor },
  batchSize: number,
  shouldStop: () => boolean = () => false,
): Promise<{ loss: number; accuracy: number } | null> {
  const n = data.xTest.shape[0];
  const forward = forwardFor(model);
  const sums = new DeviceSums();
  try {
    for (let s = 0; s < n; s += batchSize) {
      const size = Math.min(batchSize, n - s);
      tf.tidy(() => {
        const xb = data.xTest.slice(s, size);
        const yb = data.yTest.slice(s, size);
        const pred = forward(xb, false);
        sums.add(crossEntropy(yb, pred).mean() as tf.Scalar, correctCount(yb, pred), size);
      });
      await nextMacrotask();
      if (shouldStop()) return null;
    }
    return await sums.read();
  } finally {
    sums.dispose();
  }
}
