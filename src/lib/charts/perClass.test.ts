// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { perClassChart, type PerClassSeries } from './perClass';
import { MODEL_COLORS } from './palette';
import { TEST_LABELS } from './testing';

const doc = () => document.implementation.createHTMLDocument('');
const cnn: PerClassSeries = { name: 'Conv', model: 'cnn', values: [0.995, 0.996, 0.99, 0.992, 0.99, 0.988, 0.99, 0.987, 0.985, 0.983] };
const lstm: PerClassSeries = { name: 'Rec', model: 'lstm', values: [0.99, 0.993, 0.98, 0.985, 0.982, 0.98, 0.988, 0.978, 0.975, 0.97] };

describe('perClassChart', () => {
  it('draws ten dots per model, in each model colour, with a key for two models', () => {
    const el = perClassChart([cnn, lstm], { labels: TEST_LABELS, document: doc() });
    const groups = [...el.querySelectorAll('g[aria-label="dot"]')];
    expect(groups).toHaveLength(2);
    expect(groups[0]!.querySelectorAll('[aria-label]')).toHaveLength(10);
    expect(groups[1]!.querySelectorAll('[aria-label]')).toHaveLength(10);
    expect(el.innerHTML).toContain(MODEL_COLORS.lstm);
    expect(el.querySelector('figcaption')?.textContent).toBe('ConvRec');
    expect(el.textContent).toContain('L-digit');
    const labels = [...el.querySelectorAll('[aria-label^="Rec"]')].map((n) => n.getAttribute('aria-label'));
    expect(labels.join('|')).toMatch(/Rec, L-digit 9: 97,00\s%/);
  });
  it('has no key for a single model, an empty state, and clear errors', () => {
    expect(perClassChart([cnn], { labels: TEST_LABELS, document: doc() }).querySelector('figcaption')).toBeNull();
    expect(perClassChart([], { labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
    const o = { labels: TEST_LABELS, document: doc() };
    expect(() => perClassChart([{ ...cnn, values: cnn.values.slice(1) }], o)).toThrow(/10 values.*got 9/);
    expect(() => perClassChart([cnn, cnn], o)).toThrow(/distinct/);
  });
});

describe('perClassChart with a digit absent from the test set', () => {
  it('draws no point for it, and the table says so', async () => {
    const { perClassPoints } = await import('./perClass');
    const { perClassTable } = await import('./tables');
    const values = Array(10).fill(0.9);
    values[8] = NaN;
    const points = perClassPoints([{ name: 'CNN', model: 'cnn', values }]);
    expect(points.map((p) => p.digit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9]);
    const table = perClassTable([{ name: 'CNN', model: 'cnn', values }], { labels: { locale: 'en', empty: '', digit: 'Digit', accuracy: 'Accuracy', perClassAccuracy: 'Per class' } });
    expect(table.rows[8]).toEqual(['8', '—']);
  });
});
