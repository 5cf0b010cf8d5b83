import { describe, expect, it } from 'vitest';
import type { BatchLog, EpochLog } from '../train/protocol';
import { batchesTable, compareTable, confusionTable, histogramTable, historyTable, perClassTable } from './tables';
import { TEST_LABELS } from './testing';

const EN = { ...TEST_LABELS, locale: 'en' };
const log = (epoch: number, v: number): EpochLog => ({ epoch, loss: v, accuracy: 1 - v, val_loss: v / 2, val_accuracy: 1 - v / 2, seconds: 10 });

describe('data tables', () => {
  it('history: one row per epoch, training and validation columns per series, gaps marked', () => {
    const t = historyTable([
      { name: 'A', kind: 'student', history: [log(0, 0.1), log(1, 0.05)] },
      { name: 'R', kind: 'reference', history: [log(0, 0.2)] },
    ], { metric: 'accuracy', labels: EN });
    expect(t.caption).toBe('L-accuracy-per-epoch');
    expect(t.columns).toEqual(['L-epoch', 'A, L-training', 'A, L-validation', 'R, L-training', 'R, L-validation']);
    expect(t.rows).toEqual([['1', '90.00%', '95.00%', '80.00%', '90.00%'], ['2', '95.00%', '97.50%', '—', '—']]);
    expect(historyTable([{ name: 'A', kind: 'student', history: [log(0, 0.1)] }], { metric: 'loss', labels: TEST_LABELS }).rows[0]).toEqual(['1', '0,1', '0,05']);
  });
  it('batches: the last batch of each epoch', () => {
    const logs: BatchLog[] = [1, 2, 1, 2].map((batch, i) => ({
      epoch: i < 2 ? 0 : 1, batch, batchesPerEpoch: 2, loss: 1 / (i + 1), accuracy: 0.2 * (i + 1), examplesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 1,
    }));
    expect(batchesTable(logs, { metric: 'loss', labels: EN }).rows).toEqual([['1', '0.5', '40.00%'], ['2', '0.25', '80.00%']]);
  });
  it('compare: a row per source present, a column per model', () => {
    const t = compareTable([{ model: 'lstm', source: 'student', value: 207.25 }, { model: 'cnn', source: 'notebook', value: 184 }], { metric: 'seconds', labels: EN });
    expect(t.columns).toEqual(['L-source', 'L-CNN', 'L-LSTM']);
    expect(t.rows).toEqual([['L-notebook', '184 s', '—'], ['L-student', '—', '207.3 s']]);
  });
  it('confusion: true digits down, predictions across, and the same validation as the chart', () => {
    const m = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 1000 + t : 0)));
    const t = confusionTable(m, { labels: TEST_LABELS });
    expect(t.columns).toHaveLength(11);
    expect(t.rows).toHaveLength(10);
    expect(t.rows[3]![4]).toBe('1\u202f003');
    expect(() => confusionTable([[1]], { labels: TEST_LABELS })).toThrow(/10×10/);
  });
  it('per class: a row per digit', () => {
    const values = [0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];
    const t = perClassTable([{ name: 'A', model: 'cnn', values }], { labels: EN });
    expect(t.columns).toEqual(['L-digit', 'A']);
    expect(t.rows[9]).toEqual(['9', '99.00%']);
    expect(perClassTable([], { labels: EN }).rows).toEqual([]);
  });
  it('histogram: a row per bin with integer grey-level ranges', () => {
    const t = histogramTable(new Uint8Array([0, 0, 0, 255]), { labels: EN, bins: 32 });
    expect(t.rows).toHaveLength(32);
    expect(t.rows[0]).toEqual(['0–7', '75.00%']);
    expect(t.rows[31]).toEqual(['248–255', '25.00%']);
    expect(histogramTable(new Float32Array([0.5]), { labels: EN, bins: 2 }).rows).toEqual([['0–0.5', '0.00%'], ['0.5–1', '100.00%']]);
  });
});
