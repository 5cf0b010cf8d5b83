import { describe, expect, it } from 'vitest';
import type { TrainResult } from '../train/protocol';
import { FakeStorage } from './fake-storage';
import { loadRun, loadRuns, openStorage, RUNS_VERSION, runKey, saveRun } from './runs';

function result(model: 'cnn' | 'lstm' = 'cnn'): TrainResult {
  const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 98 : 0)));
  return {
    model,
    backend: 'webgl',
    options: { epochs: 1, batchSize: 32, trainSize: 2000, testSize: 1000, learningRate: 0.001, seed: 42 },
    history: [{ epoch: 1, loss: 0.4, accuracy: 0.88, val_loss: 0.2, val_accuracy: 0.94, seconds: 6.5 }],
    fitSeconds: 6.5,
    dataSeconds: 0.8,
    buildSeconds: 0.1,
    stopped: false,
    evaluation: {
      loss: 0.2,
      accuracy: 0.94,
      confusion,
      perClassAccuracy: Array(10).fill(0.94),
      misclassified: [{ index: 8, label: 5, predicted: 6, probability: 0.7 }],
    },
  };
}

describe('saveRun / loadRun', () => {
  it('round-trips the latest run of each model with its save time', () => {
    const s = new FakeStorage();
    const when = new Date('2025-01-02T03:04:05Z');
    expect(saveRun(s, result('cnn'), when)).toEqual({ kept: true });
    expect(saveRun(s, result('lstm'), when)).toEqual({ kept: true });
    const { runs, notices } = loadRuns(s);
    expect(notices).toEqual([]);
    expect(runs.cnn?.result).toEqual(result('cnn'));
    expect(runs.lstm?.savedAt).toBe('2025-01-02T03:04:05.000Z');
  });

  it('keeps only the latest run of a model', () => {
    const s = new FakeStorage();
    saveRun(s, result());
    saveRun(s, { ...result(), fitSeconds: 99 });
    expect(loadRun(s, 'cnn').run?.result.fitSeconds).toBe(99);
  });

  it('returns nothing and no notice when nothing was saved', () => {
    expect(loadRun(new FakeStorage(), 'lstm')).toEqual({ run: null, notice: null });
  });

  it.each([
    ['corrupted JSON', '{"v":1,"savedAt":', 'corrupt'],
    ['a truncated envelope', JSON.stringify({ v: 1, savedAt: new Date().toISOString(), result: result() }).slice(0, 120), 'corrupt'],
    ['a non-object', '42', 'shape'],
    ['a missing version', JSON.stringify({ savedAt: '2025-01-01', result: result() }), 'shape'],
    ['a bad date', JSON.stringify({ v: 1, savedAt: 'yesterday', result: result() }), 'shape'],
    ['a result without history', JSON.stringify({ v: 1, savedAt: '2025-01-01', result: { ...result(), history: undefined } }), 'shape'],
    ['a NaN-like loss (null)', JSON.stringify({ v: 1, savedAt: '2025-01-01', result: { ...result(), fitSeconds: NaN } }), 'shape'],
    ['a 9×10 confusion matrix', JSON.stringify({ v: 1, savedAt: '2025-01-01', result: { ...result(), evaluation: { ...result().evaluation, confusion: result().evaluation!.confusion.slice(1) } } }), 'shape'],
    ['another model under this key', JSON.stringify({ v: 1, savedAt: '2025-01-01', result: result('lstm') }), 'shape'],
  ])('discards %s, removes it, and says so', (_name, raw, reason) => {
    const s = new FakeStorage();
    s.setItem(runKey('cnn'), raw);
    expect(loadRun(s, 'cnn')).toEqual({ run: null, notice: { kind: 'discarded', model: 'cnn', reason } });
    expect(s.getItem(runKey('cnn'))).toBeNull();
  });

  it('ignores an entry from a future version without deleting it', () => {
    const s = new FakeStorage();
    const raw = JSON.stringify({ v: RUNS_VERSION + 1, savedAt: '2030-01-01T00:00:00Z', result: { anything: true } });
    s.setItem(runKey('lstm'), raw);
    expect(loadRun(s, 'lstm').notice).toEqual({ kind: 'discarded', model: 'lstm', reason: 'version' });
    expect(s.getItem(runKey('lstm'))).toBe(raw);
  });

  it('round-trips runs trained with another learning rate or seed, and still reads older ones outside today\'s form bounds', () => {
    const s = new FakeStorage();
    const chosen = { ...result(), options: { ...result().options, learningRate: 0.0005, seed: 2 ** 31 - 1 } };
    saveRun(s, chosen);
    expect(loadRun(s, 'cnn').run?.result).toEqual(chosen);
    // Stored before the form had these fields (the worker then allowed any safe-integer seed
    // and any rate in (0, 1]): the store checks shapes, not the form's bounds.
    const old = { ...result('lstm'), options: { ...result('lstm').options, learningRate: 1e-7, seed: 2 ** 40 } };
    s.setItem(runKey('lstm'), JSON.stringify({ v: RUNS_VERSION, savedAt: '2025-01-01T00:00:00.000Z', result: old }));
    expect(loadRun(s, 'lstm')).toEqual({ run: { savedAt: '2025-01-01T00:00:00.000Z', result: old }, notice: null });
  });

  it('discards a run whose learning rate or seed is missing or not a number', () => {
    for (const options of [{ learningRate: '0,001' }, { seed: null }, { learningRate: undefined }]) {
      const s = new FakeStorage();
      const raw = JSON.stringify({ v: RUNS_VERSION, savedAt: '2025-01-01', result: { ...result(), options: { ...result().options, ...options } } });
      s.setItem(runKey('cnn'), raw);
      expect(loadRun(s, 'cnn').notice).toEqual({ kind: 'discarded', model: 'cnn', reason: 'shape' });
    }
  });

  it('accepts a stopped run without evaluation', () => {
    const s = new FakeStorage();
    saveRun(s, { ...result(), stopped: true, evaluation: null });
    expect(loadRun(s, 'cnn').run?.result.stopped).toBe(true);
  });
});

describe('storage that refuses', () => {
  it('reports a full storage without throwing', () => {
    const s = new FakeStorage(200);
    expect(saveRun(s, result())).toEqual({ kept: false, notice: { kind: 'not-kept', reason: 'full' } });
    expect(loadRun(s, 'cnn').run).toBeNull();
  });

  it('reports blocked storage (SecurityError) on save and read, without throwing', () => {
    const s = new FakeStorage();
    s.blocked = true;
    expect(saveRun(s, result())).toEqual({ kept: false, notice: { kind: 'not-kept', reason: 'unavailable' } });
    expect(loadRuns(s)).toEqual({ runs: {}, notices: [{ kind: 'not-kept', reason: 'unavailable' }] });
  });

  it('opens no storage where the getter throws, and saving then says results are not kept', () => {
    const storage = openStorage(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(storage).toBeNull();
    expect(saveRun(storage, result())).toEqual({ kept: false, notice: { kind: 'not-kept', reason: 'unavailable' } });
    expect(openStorage(() => new FakeStorage())).not.toBeNull();
  });
});

describe('a test set without some digit', () => {
  it('keeps the run: the absent digit has no accuracy (NaN, null in JSON), and only where its confusion row is empty', () => {
    const r = result();
    r.evaluation!.confusion[8] = Array(10).fill(0);
    r.evaluation!.perClassAccuracy[8] = NaN;
    const s = new FakeStorage();
    expect(saveRun(s, r)).toEqual({ kept: true });
    const back = loadRun(s, 'cnn');
    expect(back.notice).toBeNull();
    expect(Number.isNaN(back.run!.result.evaluation!.perClassAccuracy[8])).toBe(true);
    expect(back.run!.result.evaluation!.perClassAccuracy[7]).toBe(0.94);
    // A null where the digit did have test images is damage, as before.
    const bad = result();
    bad.evaluation!.perClassAccuracy[3] = NaN;
    saveRun(s, bad);
    expect(loadRun(s, 'cnn').notice).toEqual({ kind: 'discarded', model: 'cnn', reason: 'shape' });
  });
});
