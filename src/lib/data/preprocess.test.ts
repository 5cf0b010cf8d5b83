import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MnistSet } from './mnist.ts';
import { normalize, oneHot, toCnnTensors, toLstmTensors } from './preprocess.ts';

/** Three 28x28 images: black, white, and a ramp through every grey level. */
function smallSet(): MnistSet {
  const images = new Uint8Array(3 * 784);
  images.fill(255, 784, 2 * 784);
  for (let i = 0; i < 784; i++) images[2 * 784 + i] = i % 256;
  return { images, labels: new Uint8Array([3, 0, 9]), count: 3 };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('normalize and oneHot', () => {
  it('maps 0..255 onto [0, 1]', () => {
    const x = normalize(new Uint8Array([0, 51, 255]));
    expect(Array.from(x)).toEqual([0, 0.2, 1].map(Math.fround));
  });
  it('builds one-hot rows that sum to 1 with the label as argmax', () => {
    const labels = new Uint8Array([3, 0, 9, 9]);
    const y = oneHot(labels);
    expect(y).toHaveLength(40);
    labels.forEach((label, i) => {
      const row = Array.from(y.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      expect(row.indexOf(Math.max(...row))).toBe(label);
    });
    expect(() => oneHot(new Uint8Array([10]))).toThrow(RangeError);
  });
});

describe('tensors for the two models', () => {
  it('gives the CNN (n, 28, 28, 1) in [0, 1] and (n, 10) labels, without leaking', async () => {
    const before = tf.memory().numTensors;
    const { xs, ys } = toCnnTensors(smallSet());
    expect(xs.shape).toEqual([3, 28, 28, 1]);
    expect(ys.shape).toEqual([3, 10]);
    const stats = [xs.min(), xs.max(), ys.argMax(1), ys.sum(1)];
    const [min, max, argmax, sums] = await Promise.all(stats.map((t) => t.data()));
    expect([min?.[0], max?.[0]]).toEqual([0, 1]);
    expect(Array.from(argmax ?? [])).toEqual([3, 0, 9]);
    expect(Array.from(sums ?? [])).toEqual([1, 1, 1]);
    tf.dispose([xs, ys, ...stats]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('gives the LSTM (n, 28, 28): 28 time steps of 28 pixels', async () => {
    const before = tf.memory().numTensors;
    const set = smallSet();
    const { xs, ys } = toLstmTensors(set);
    expect(xs.shape).toEqual([3, 28, 28]);
    expect(ys.shape).toEqual([3, 10]);
    // Row r of image 2 is pixels r*28 .. r*28+27 of the ramp.
    const step5 = xs.slice([2, 5, 0], [1, 1, 28]);
    expect(Array.from(await step5.data())).toEqual(Array.from(normalize(set.images.subarray(2 * 784 + 140, 2 * 784 + 168))));
    tf.dispose([xs, ys, step5]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('refuses a set whose arrays do not match its count', () => {
    expect(() => toCnnTensors({ ...smallSet(), count: 4 })).toThrow(RangeError);
  });
});
