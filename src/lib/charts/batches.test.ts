// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { BatchLog } from '../train/protocol';
import { batchesChart, batchPoints, downsampleBatches, MAX_BATCH_POINTS } from './batches';
import { MODEL_COLORS } from './palette';
import { TEST_LABELS } from './testing';

const logs = (n: number, per = 100): BatchLog[] => Array.from({ length: n }, (_, i) => ({
  epoch: Math.floor(i / per), batch: (i % per) + 1, batchesPerEpoch: per,
  loss: 2 / (1 + i / 20), accuracy: Math.min(0.99, 0.1 + i / 400),
  examplesPerSecond: 1000, elapsedSeconds: i, etaSeconds: n - i,
}));
const doc = () => document.implementation.createHTMLDocument('');

describe('downsampleBatches', () => {
  it('places a batch at epoch + batch / batchesPerEpoch', () => {
    expect(batchPoints(logs(3, 4)).map((p) => p.x)).toEqual([0.25, 0.5, 0.75]);
  });
  it('keeps short runs as they are and averages long ones down to the ceiling', () => {
    expect(downsampleBatches(logs(120))).toHaveLength(120);
    const many = logs(9375, 1875);
    const points = downsampleBatches(many);
    expect(points.length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
    expect(points.length).toBeGreaterThan(MAX_BATCH_POINTS / 2);
    // Averages stay within the data: the first bucket mean lies between its batches' losses.
    expect(points[0]!.loss).toBeLessThan(many[0]!.loss);
    expect(points[0]!.loss).toBeGreaterThan(many[25]!.loss);
    expect(points.at(-1)!.x).toBeCloseTo(5, 1);
  });
  it('ignores a diverged batch inside a bucket instead of blanking the bucket', () => {
    const l = logs(4);
    l[1] = { ...l[1]!, loss: NaN };
    expect(downsampleBatches(l, 2)[0]!.loss).toBeCloseTo(l[0]!.loss, 10);
  });
  it('rejects malformed logs', () => {
    expect(() => downsampleBatches([{ ...logs(1)[0]!, batchesPerEpoch: 0 }])).toThrow(/batchesPerEpoch > 0/);
    expect(() => downsampleBatches([{ ...logs(1)[0]!, accuracy: 42 }])).toThrow(/fraction/);
    expect(() => downsampleBatches('x' as unknown as BatchLog[])).toThrow(/array of BatchLog/);
  });
});

describe('batchesChart', () => {
  it('draws one downsampled line in the model colour, on a fixed epoch axis', () => {
    const el = batchesChart(logs(3000, 1000), { metric: 'accuracy', labels: TEST_LABELS, document: doc(), epochs: 5, model: 'lstm' });
    const line = el.querySelector('g[aria-label="line"]')!;
    expect(line.getAttribute('stroke')).toBe(MODEL_COLORS.lstm);
    const d = line.querySelector('path')!.getAttribute('d')!;
    expect(d.split('L').length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
    const ticks = [...el.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(el.getAttribute('aria-label')).toBe('L-accuracy-per-batch');
    expect(el.textContent).toContain('L-accuracy (%)');
  });
  it('shows an empty state before the first batch', () => {
    const el = batchesChart([], { metric: 'loss', labels: TEST_LABELS, document: doc() });
    expect(el.textContent).toContain('«vide»');
    expect(el.querySelector('g[aria-label="line"]')).toBeNull();
  });
});
