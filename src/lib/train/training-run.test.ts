import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTensors } from './training-run';
import type { MnistSet } from '../data/mnist';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const set = (count: number, pixels = count * 784): MnistSet => ({ images: new Uint8Array(pixels), labels: new Uint8Array(count), count });

describe('runTensors', () => {
  it('makes both sets in the model\'s shape', () => {
    const base = tf.memory().numTensors;
    const { tr, te } = runTensors('lstm', set(3), set(2));
    expect(tr.xs.shape).toEqual([3, 28, 28]);
    expect(te.ys.shape).toEqual([2, 10]);
    tf.dispose([tr.xs, tr.ys, te.xs, te.ys]);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('frees the training tensors when the test ones cannot be made', () => {
    const base = tf.memory().numTensors;
    // A damaged test set: fewer pixels than its count needs.
    expect(() => runTensors('cnn', set(3), set(2, 100))).toThrow();
    expect(tf.memory().numTensors).toBe(base);
  });
});
