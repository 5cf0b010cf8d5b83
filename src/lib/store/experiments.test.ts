import { describe, expect, it } from 'vitest';
import { EXPERIMENT_OPTIONS } from '../models/options';
import type { ExperimentRunResult } from '../train/protocol';
import { experimentKey, loadExperiment, saveExperiment } from './experiments';
import { FakeStorage } from './fake-storage';

const result: ExperimentRunResult = {
  experiment: 'shift', options: { ...EXPERIMENT_OPTIONS }, backend: 'wasm', arms: 3, stopped: true, seconds: 12,
  results: [{ arm: 'cnn', seed: 42, accuracy: 0.97, loss: 0.1, fitSeconds: 10, shifts: [{ dx: 1, dy: 0, accuracy: 0.9 }] }],
};

describe('stored experiments', () => {
  it('round-trip, partial runs included', () => {
    const storage = new FakeStorage();
    expect(saveExperiment(storage, result, new Date('2026-12-03T10:00:00Z'))).toBe(true);
    expect(loadExperiment(storage, 'shift')).toEqual({ result, savedAt: '2026-12-03T10:00:00.000Z' });
    expect(loadExperiment(storage, 'order')).toBeNull();
  });
  it('drop a damaged, foreign or future entry instead of drawing garbage', () => {
    const storage = new FakeStorage();
    for (const raw of ['{not json', JSON.stringify({ v: 2, savedAt: 'x', result }), JSON.stringify({ v: 1, savedAt: 'x', result: { ...result, results: [{ arm: 'cnn', seed: 1, accuracy: 3 }] } }),
      JSON.stringify({ v: 1, savedAt: 'x', result: { ...result, experiment: 'order' } })]) {
      storage.setItem(experimentKey('shift'), raw);
      expect(loadExperiment(storage, 'shift')).toBeNull();
      expect(storage.getItem(experimentKey('shift'))).toBeNull();
    }
  });
  it('say when the browser refuses to keep a run', () => {
    expect(saveExperiment(null, result)).toBe(false);
    const full = new FakeStorage();
    full.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    expect(saveExperiment(full, result)).toBe(false);
  });
});
