import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MnistSet } from '../data/mnist';
import { runArm, transformImages } from './run';
import { EXPERIMENTS, EXPERIMENT_IDS, SHIFTS, SIZE_EPOCHS, type Experiment } from './spec';

/** n fake images: a bright bar whose row says the label, so a tiny run can learn something. */
function fakeSet(n: number): MnistSet {
  const images = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    labels[k] = k % 10;
    for (let c = 4; c < 24; c++) images[k * 784 + (4 + 2 * labels[k]!) * 28 + c] = 255;
  }
  return { images, labels, count: n };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('experiment definitions', () => {
  it('cover the five experiments with the configurations the issue asks', () => {
    expect(EXPERIMENT_IDS).toEqual(['shuffle', 'shift', 'size', 'order', 'seeds']);
    expect(EXPERIMENTS.shuffle.arms.map((a) => a.id)).toEqual(['cnn-none', 'cnn-shuffle', 'lstm-none', 'lstm-shuffle', 'mlp-none', 'mlp-shuffle']);
    expect(SHIFTS).toHaveLength(17);
    // Fewer examples: the same 10,000 example passes for every size.
    for (const [size, epochs] of Object.entries(SIZE_EPOCHS)) expect(Number(size) * epochs).toBe(10_000);
    expect(EXPERIMENTS.order.arms.every((a) => a.model === 'lstm')).toBe(true);
    for (const id of EXPERIMENT_IDS) expect(EXPERIMENTS[id].referenceSeeds.length).toBeGreaterThanOrEqual(id === 'seeds' ? 5 : 3);
  });
  it('transforms are the same for train and test images (the permutation does not change)', () => {
    const a = fakeSet(2);
    expect(transformImages(a.images, 'shuffle')).toEqual(transformImages(a.images.slice(), 'shuffle'));
    expect(transformImages(a.images, 'none')).toBe(a.images);
  });
});

describe('runArm', () => {
  const data = { train: fakeSet(32), test: fakeSet(16) };
  const tiny = (exp: Experiment, arm = 0): [Experiment, Experiment['arms'][number]] => {
    const e: Experiment = { ...exp, testSize: 16 };
    if (exp.shifts) e.shifts = exp.shifts.slice(0, 3);
    return [e, { ...exp.arms[arm]!, trainSize: 32, epochs: 1 }];
  };
  // The CPU backend is slow on the CNN: tiny sets, and room for a loaded machine.
  it('trains and evaluates each model kind, then every shift, and frees every tensor', { timeout: 120_000 }, async () => {
    for (const armIndex of [0, 1, 2]) {
      const [exp, arm] = tiny(EXPERIMENTS.shift, armIndex);
      const before = tf.memory().numTensors;
      const r = await runArm(exp, arm, 42, data);
      expect(tf.memory().numTensors).toBe(before);
      expect(r).not.toBeNull();
      expect(r!.arm).toBe(arm.id);
      expect(r!.accuracy).toBeGreaterThanOrEqual(0);
      expect(r!.accuracy).toBeLessThanOrEqual(1);
      expect(r!.shifts!.map((s) => [s.dx, s.dy])).toEqual([[0, 0], [1, 0], [-1, 0]]);
      // The unshifted evaluation is the arm's own result.
      expect(r!.shifts![0]!.accuracy).toBe(r!.accuracy);
    }
  });
  it('trains on transformed images (reading order, shuffle) without leaking', { timeout: 120_000 }, async () => {
    for (const [exp, arm] of [tiny(EXPERIMENTS.order, 2), tiny(EXPERIMENTS.shuffle, 1)]) {
      const before = tf.memory().numTensors;
      const r = await runArm(exp, arm, 43, data);
      expect(tf.memory().numTensors).toBe(before);
      expect(r?.shifts).toBeUndefined();
    }
  });
  it('returns null on Stop and still frees every tensor; refuses a set too small', { timeout: 120_000 }, async () => {
    const [exp, arm] = tiny(EXPERIMENTS.seeds);
    const before = tf.memory().numTensors;
    let batches = 0;
    const r = await runArm(exp, arm, 42, data, { onBatch: () => batches++, shouldStop: () => batches >= 1 });
    expect(r).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    await expect(runArm(exp, { ...arm, trainSize: 1000 }, 42, data)).rejects.toThrow(/1000 examples/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
