// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { compareChart, type CompareRow } from './compare';
import { compareTable } from './tables';
import { TEST_LABELS } from './testing';

const doc = () => document.implementation.createHTMLDocument('');
const accuracy: CompareRow[] = [
  { model: 'cnn', source: 'notebook', value: 0.9919 },
  { model: 'lstm', source: 'notebook', value: 0.9855 },
  { model: 'cnn', source: 'student', value: 0.985 },
];

describe('compareChart with several seeds', () => {
  const rows: CompareRow[] = [
    { model: 'cnn', source: 'keras', value: 0.9915, min: 0.9911, max: 0.9919, n: 3 },
    { model: 'lstm', source: 'reference', value: 0.981, min: 0.9801, max: 0.9822, n: 3 },
    { model: 'lstm', source: 'student', value: 0.445 },
  ];
  it('draws each range and keeps every value and range on the axis', () => {
    const el = compareChart(rows, { metric: 'accuracy', labels: TEST_LABELS, document: doc() });
    expect(el.querySelectorAll('g[aria-label="tick"] line')).toHaveLength(4);
    // A 1-epoch run at 44.5 % stays inside the axis, with room for its label on the left.
    const domain = (el as unknown as { scale(name: string): { domain: number[] } }).scale('x').domain;
    expect(domain[0]).toBeLessThan(44.5 - 10);
    expect(domain[1]).toBe(100);
    const groups = [...el.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) => t.textContent);
    expect(groups).toEqual(['L-keras', 'L-reference', 'L-student']);
    expect(el.getAttribute('aria-description') ?? el.querySelector('svg')?.getAttribute('aria-description')).toMatch(/L-keras, L-CNN: 99,15\s%\s\(L-from 99,11\s% to 99,19\s%, 3 runs\)/);
  });
  it('refuses a range that does not contain its mean', () => {
    expect(() => compareChart([{ model: 'cnn', source: 'keras', value: 0.9, min: 0.95, max: 0.99, n: 3 }], { metric: 'accuracy', labels: TEST_LABELS, document: doc() })).toThrow(/range/);
  });
  it('writes the range in the data table', () => {
    const table = compareTable(rows, { metric: 'accuracy', labels: TEST_LABELS });
    expect(table.rows[0]).toEqual(['L-keras', '99,15\u00a0% (L-from 99,11\u00a0% to 99,19\u00a0%, 3 runs)', '—']);
  });
});

describe('compareChart', () => {
  it('draws accuracy as dots on a zoomed axis, never as bars', () => {
    const el = compareChart(accuracy, { metric: 'accuracy', labels: TEST_LABELS, document: doc() });
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3);
    expect(el.querySelector('g[aria-label="bar"]')).toBeNull();
    const ticks = [...el.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    // Room left of the lowest dot (98.55 %) for its written value: the axis starts at 97.
    expect(ticks[0]).toBe('97');
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

describe('compareChart with groups of their own (loaded run files)', () => {
  const rows: CompareRow[] = [
    { model: 'cnn', source: 'notebook', value: 0.9919 },
    { model: 'cnn', source: 'student', value: 0.97 },
    { model: 'cnn', source: 'student', group: 'file: alice-cnn.json', how: 'TF.js wasm, 1 epoch(s)', value: 0.95 },
    { model: 'lstm', source: 'student', group: 'file: bob-lstm-with-a-very-long-name.json', how: 'TF.js webgl, 5 epoch(s)', value: 0.9 },
    { model: 'cnn', source: 'student', group: 'file: bob-lstm-with-a-very-long-name.json', value: 0.91 },
  ];
  it('draws each group after the sources, named by its own text (cut when long), spoken whole', () => {
    const el = compareChart(rows, { metric: 'accuracy', labels: TEST_LABELS, document: doc() });
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(5);
    const groups = [...el.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) => t.textContent);
    expect(groups).toEqual(['L-notebook', 'L-student', 'file: alice-cnn.json', 'file: bob-lstm-with-a-v…']);
    const spoken = [...el.querySelectorAll('circle')].map((c) => c.getAttribute('aria-label'));
    expect(spoken).toContainEqual(expect.stringMatching(/^file: bob-lstm-with-a-very-long-name\.json, L-LSTM: 90,00\s%$/));
  });
  it('gives each group a row of the table, with how it ran', () => {
    const table = compareTable(rows, { metric: 'accuracy', labels: TEST_LABELS, how: { notebook: 'Keras', student: 'this browser' } });
    expect(table.rows.map((r) => [r[0], r.at(-1)])).toEqual([
      ['L-notebook', 'Keras'], ['L-student', 'this browser'],
      ['file: alice-cnn.json', 'TF.js wasm, 1 epoch(s)'], ['file: bob-lstm-with-a-very-long-name.json', 'TF.js webgl, 5 epoch(s)'],
    ]);
    expect(table.rows[3]!.slice(1, 3)).toEqual(['91,00\u00a0%', '90,00\u00a0%']);
  });
  it('refuses a group twice for one model, or an empty group name; a group named like a source stays apart', () => {
    const o = { metric: 'accuracy' as const, labels: TEST_LABELS, document: doc() };
    expect(() => compareChart([rows[2]!, rows[2]!], o)).toThrow(/twice/);
    expect(() => compareChart([{ ...rows[2]!, group: ' ' }], o)).toThrow(/group must be a non-empty string/);
    const el = compareChart([rows[1]!, { ...rows[2]!, group: 'student' }], o);
    expect([...el.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) => t.textContent)).toEqual(['L-student', 'student']);
  });
});
