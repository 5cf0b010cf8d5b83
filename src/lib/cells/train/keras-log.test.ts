import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../throttle';
import { kerasEpochLines, stepsPerEpoch } from './keras-log';

describe('kerasEpochLines', () => {
  it('prints an epoch the way Keras does', () => {
    const log = { epoch: 1, loss: 0.123456, accuracy: 0.9612, val_loss: 0.05, val_accuracy: 0.98349, seconds: 12.4 };
    expect(kerasEpochLines(log, 2, 5, stepsPerEpoch(60_000, 32))).toBe(
      'Epoch 2/5\n1875/1875 - 12s - 7ms/step - loss: 0.1235 - accuracy: 0.9612 - val_loss: 0.0500 - val_accuracy: 0.9835',
    );
  });
  it('counts the last partial batch as a step and shows a diverged loss as NaN', () => {
    expect(stepsPerEpoch(2_000, 32)).toBe(63);
    const log = { epoch: 1, loss: NaN, accuracy: 0.1, val_loss: Infinity, val_accuracy: 0.1, seconds: 1 };
    expect(kerasEpochLines(log, 1, 1, 63)).toContain('loss: NaN - accuracy: 0.1000 - val_loss: Infinity');
  });
});

describe('throttle', () => {
  afterEach(() => vi.useRealTimers());
  it('runs at once, then merges a burst into one trailing call', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const th = throttle(fn, 500, { now: () => Date.now() });
    th();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) th();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(2);
    th();
    th.flush();
    expect(fn).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(3);
  });
});
