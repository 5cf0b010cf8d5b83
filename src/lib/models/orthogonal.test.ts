import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FastOrthogonal, gaussians, orthonormalColumns } from './orthogonal';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('FastOrthogonal', () => {
  it('equals Keras\'s definition: Q of QR(A) with sign(diag R) made positive', () => {
    const rows = 7, cols = 4, seed = 11;
    const mine = orthonormalColumns(rows, cols, seed);
    const expected = tf.tidy(() => {
      const a = tf.tensor2d(Float32Array.from(gaussians(rows * cols, seed)), [rows, cols]);
      const [q, r] = tf.linalg.qr(a);
      const d = tf.sign(tf.stack(Array.from({ length: cols }, (_, i) => r.slice([i, i], [1, 1]).reshape([]))));
      return Array.from(q.mul(d).dataSync());
    });
    Array.from(mine).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('gives a wide kernel orthonormal rows, scaled by gain, reproducibly', () => {
    const before = tf.memory().numTensors;
    const init = new FastOrthogonal({ seed: 3, gain: 2 });
    const w = init.apply([128, 512]);
    expect(w.shape).toEqual([128, 512]);
    const err = tf.tidy(() => tf.matMul(w, w, false, true).div(4).sub(tf.eye(128)).abs().max().dataSync()[0]!);
    expect(err).toBeLessThan(1e-5);
    const again = new FastOrthogonal({ seed: 3, gain: 2 }).apply([128, 512]);
    expect(again.dataSync()).toEqual(w.dataSync());
    const other = new FastOrthogonal({ seed: 4, gain: 2 }).apply([128, 512]);
    expect(other.dataSync()).not.toEqual(w.dataSync());
    [w, again, other].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('serialises like the stock initializer and rejects 1-D shapes', () => {
    const init = new FastOrthogonal({ seed: 5 });
    expect(init.getClassName()).toBe('Orthogonal');
    expect(init.getConfig()).toEqual({ gain: 1, seed: 5 });
    expect(() => init.apply([3])).toThrow(/at least 2-D/);
  });
});
