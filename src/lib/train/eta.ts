import type { EpochLog } from './protocol';

/**
 * Seconds left: the rest of this epoch's training, its validation, then the
 * remaining epochs. Finished epochs give the epoch time (validation included);
 * before that, inference is assumed to cost a third of a training example.
 */
export function eta(history: EpochLog[], rate: number, n: number, nTest: number, done: number, epochsLeft: number): number {
  const measured = history.length > 0 ? history.reduce((s, h) => s + h.seconds, 0) / history.length : null;
  const epochSeconds = measured ?? (n + nTest / 3) / rate;
  const validation = Math.max(0, epochSeconds - n / rate);
  return (n - done) / rate + validation + epochsLeft * epochSeconds;
}
