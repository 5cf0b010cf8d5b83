import { describe, expect, it } from 'vitest';
import { eta } from './eta';

const epoch = (seconds: number) => ({ epoch: 0, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, seconds });

describe('eta', () => {
  it('before any finished epoch, counts validation as a third of a training example each', () => {
    // 1,000 train and 300 test at 100 ex/s: 10 s of training + 1 s of validation per epoch.
    expect(eta([], 100, 1000, 300, 0, 0)).toBeCloseTo(11);
    expect(eta([], 100, 1000, 300, 500, 2)).toBeCloseTo(5 + 1 + 2 * 11);
  });

  it('uses the measured epoch time once an epoch is done', () => {
    // Epochs took 14 s on average; training 1,000 at 100 ex/s is 10 s, so validation took 4 s.
    expect(eta([epoch(12), epoch(16)], 100, 1000, 300, 600, 1)).toBeCloseTo(4 + 4 + 14);
  });

  it('is zero at the very end', () => {
    expect(eta([epoch(10)], 100, 1000, 300, 1000, 0)).toBe(0);
  });
});
