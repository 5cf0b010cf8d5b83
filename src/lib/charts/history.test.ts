// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { EpochLog } from '../train/protocol';
import { historyChart, historyPoints, type HistorySeries } from './history';
import { TEST_LABELS } from './testing';

const log = (epoch: number, loss: number, accuracy: number, val_loss: number, val_accuracy: number): EpochLog =>
  ({ epoch, loss, accuracy, val_loss, val_accuracy, seconds: 30 });
const student: HistorySeries = {
  name: 'Run A', kind: 'student', model: 'cnn',
  history: [log(0, 0.21, 0.936, 0.07, 0.977), log(1, 0.06, 0.981, 0.05, 0.984), log(2, 0.04, 0.987, 0.04, 0.988)],
};
const reference: HistorySeries = {
  name: 'Run R', kind: 'reference', model: 'cnn',
  history: [log(0, 0.19, 0.94, 0.06, 0.98), log(1, 0.05, 0.983, 0.045, 0.986), log(2, 0.035, 0.989, 0.04, 0.99)],
};
const doc = () => document.implementation.createHTMLDocument('');

describe('historyChart', () => {
  it('draws a line per series and phase, dots for your run, in the given document', () => {
    const d = doc();
    const el = historyChart([student, reference], { metric: 'accuracy', labels: TEST_LABELS, document: d });
    expect(el.ownerDocument).toBe(d);
    const svg = el.querySelector('svg[aria-label="L-accuracy-per-epoch"]') ?? el;
    expect(svg.getAttribute('aria-label')).toBe('L-accuracy-per-epoch');
    const lines = [...el.querySelectorAll('g[aria-label="line"] path')];
    expect(lines).toHaveLength(4);
    expect(lines.map((p) => p.getAttribute('aria-label'))).toContain('Run R, L-validation');
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(6);
    expect(el.textContent).toContain('L-accuracy (%)');
    expect(el.textContent).toContain('L-epoch');
    expect(el.querySelector('figcaption')?.textContent).toContain('Run A');
  });
  it('matches its snapshot', async () => {
    const el = historyChart([student, reference], { metric: 'loss', labels: TEST_LABELS, document: doc(), width: 480, height: 280 });
    await expect(el.outerHTML).toMatchFileSnapshot('./__snapshots__/history.loss.html');
  });
  it('shows an empty state without series or epochs', () => {
    for (const series of [[], [{ ...student, history: [] }]]) {
      const el = historyChart(series, { metric: 'loss', labels: TEST_LABELS, document: doc() });
      expect(el.textContent).toContain('«vide»');
      expect(el.getAttribute('aria-label')).toBe('L-loss-per-epoch: «vide»');
    }
  });
  it('keeps a diverged loss as a gap but rejects malformed logs', () => {
    const nan = { ...student, history: [log(1, NaN, 0.1, Infinity, 0.1)] };
    expect(historyPoints([nan], 'loss').map((p) => p.value)).toEqual([NaN, NaN]);
    expect(() => historyChart([{ ...student, history: [{ epoch: 1 } as EpochLog] }], { metric: 'loss', labels: TEST_LABELS, document: doc() }))
      .toThrow(/history\[0\]\.loss must be a number/);
    expect(() => historyPoints([{ ...student, history: [log(1, 0.1, 98.1, 0.1, 0.9)] }], 'accuracy')).toThrow(/fraction in \[0, 1\]/);
    expect(() => historyPoints([{ ...student, kind: 'mine' as 'student' }], 'loss')).toThrow(/kind must be one of/);
  });
});

describe('epoch numbering', () => {
  it('shows 0-based EpochLog indices as epochs 1..n, as Keras prints them', () => {
    const el = historyChart([student], { metric: 'loss', labels: TEST_LABELS, document: doc() });
    const ticks = [...el.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['1', '2', '3']);
  });
});
