// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { compareChart, type CompareRow } from './compare';
import { TEST_LABELS } from './testing';

const doc = () => document.implementation.createHTMLDocument('');
const accuracy: CompareRow[] = [
  { model: 'cnn', source: 'notebook', value: 0.9919 },
  { model: 'lstm', source: 'notebook', value: 0.9855 },
  { model: 'cnn', source: 'student', value: 0.985 },
];

describe('compareChart', () => {
  it('draws accuracy as dots on a zoomed axis, never as bars', () => {
    const el = compareChart(accuracy, { metric: 'accuracy', labels: TEST_LABELS, document: doc() });
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3);
    expect(el.querySelector('g[aria-label="bar"]')).toBeNull();
    const ticks = [...el.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks[0]).toBe('98');
    expect(ticks.at(-1)).toBe('100');
    expect(el.textContent).toMatch(/99,19\s%/);
    expect([...el.querySelectorAll('circle')].map((c) => c.getAttribute('aria-label')).join('|')).toMatch(/L-notebook, L-LSTM: 98,55\s%/);
    // Only the sources present get a group, in notebook → reference → student order.
    const groups = [...el.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) => t.textContent);
    expect(groups).toEqual(['L-notebook', 'L-student']);
  });
  it('draws time as bars from zero, with the values printed', () => {
    const rows: CompareRow[] = [{ model: 'cnn', source: 'notebook', value: 184 }, { model: 'lstm', source: 'notebook', value: 207 }];
    const el = compareChart(rows, { metric: 'seconds', labels: TEST_LABELS, document: doc() });
    const bars = [...el.querySelectorAll('g[aria-label="bar"] rect')];
    expect(bars).toHaveLength(2);
    expect(el.querySelector('g[aria-label="x-axis tick label"] text')?.textContent).toBe('0');
    expect(el.textContent).toContain('207 s');
    expect(el.textContent).toContain('L-seconds (s)');
  });
  it('shows an empty state and rejects malformed rows', () => {
    expect(compareChart([], { metric: 'seconds', labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
    const o = { metric: 'accuracy' as const, labels: TEST_LABELS, document: doc() };
    expect(() => compareChart([{ model: 'cnn', source: 'notebook', value: 99.19 }], o)).toThrow(/fraction in \[0, 1\]/);
    expect(() => compareChart([{ model: 'gru' as 'cnn', source: 'notebook', value: 0.9 }], o)).toThrow(/model must be one of/);
    expect(() => compareChart([accuracy[0]!, accuracy[0]!], o)).toThrow(/twice/);
    expect(() => compareChart([{ model: 'cnn', source: 'notebook', value: -1 }], { ...o, metric: 'seconds' })).toThrow(/seconds >= 0/);
  });
});
