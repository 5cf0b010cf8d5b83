// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  experimentChart, experimentTable, shiftChart, shiftTable, sizeChart, sizeTable,
  type ExperimentRow, type ShiftDirection, type ShiftPoint, type SizePoint,
} from './experiment';
import { MODEL_COLORS } from './palette';
import { TEST_LABELS } from './testing';

const doc = () => document.implementation.createHTMLDocument('');
const EN = { ...TEST_LABELS, locale: 'en' };
const texts = (el: Element, selector: string) => [...el.querySelectorAll(selector)].map((t) => t.textContent!);
const description = (el: Element) => el.getAttribute('aria-description') ?? el.querySelector('svg')?.getAttribute('aria-description') ?? '';
/** Numbers of a French axis ("2 000", "97,5") as numbers. */
const numbers = (labels: string[]) => labels.map((t) => Number(t.replace(/\s/g, '').replace(',', '.')));

/** Everything a reader sees or hears: text nodes and ARIA strings (as in i18n.test.ts). */
function spoken(el: Element): string {
  const aria = [...el.querySelectorAll('*'), el].flatMap((n) => ['aria-label', 'aria-description'].map((a) => n.getAttribute(a) ?? ''));
  const clone = el.cloneNode(true) as Element;
  clone.querySelectorAll('style').forEach((s) => s.remove());
  return [clone.textContent ?? '', ...aria].join(' ');
}

const arms: ExperimentRow[] = [
  { arm: 'cnn-none', label: 'L-CNN, A-none', model: 'cnn', source: 'reference', value: 0.975, min: 0.97, max: 0.98, n: 3 },
  { arm: 'cnn-none', label: 'L-CNN, A-none', model: 'cnn', source: 'student', value: 0.991 },
  { arm: 'lstm-shuffle', label: 'A-shuffled', model: 'lstm', source: 'reference', value: 0.45, min: 0.4, max: 0.52, n: 3 },
  // A short run far below the reference: it must stay on the axis.
  { arm: 'lstm-shuffle', label: 'A-shuffled', model: 'lstm', source: 'student', value: 0.3 },
  { arm: 'mlp-none', label: 'L-MLP, A-none', model: 'mlp', source: 'reference', value: 0.92, min: 0.915, max: 0.93, n: 3 },
];

describe('experimentChart', () => {
  const el = experimentChart(arms, { labels: TEST_LABELS, document: doc() });
  it('draws the reference as dots on min–max ranges with end ticks, your run as larger hollow diamonds', () => {
    const dots = [...el.querySelectorAll('g[aria-label="dot"] circle')];
    expect(dots).toHaveLength(3);
    expect(dots.map((d) => d.getAttribute('fill'))).toEqual([MODEL_COLORS.cnn, MODEL_COLORS.lstm, MODEL_COLORS.mlp]);
    expect(el.querySelectorAll('g[aria-label="rule"] line')).toHaveLength(3);
    expect(el.querySelectorAll('g[aria-label="tick"] line')).toHaveLength(6);
    const yours = [...el.querySelectorAll('g[aria-label="dot"] path')];
    expect(yours).toHaveLength(2);
    // Told apart by shape and fill, not by colour only: hollow, stroked in the model's hue.
    expect(yours.map((d) => d.closest('g')!.getAttribute('fill') ?? d.getAttribute('fill'))).toEqual(['none', 'none']);
    expect(yours.map((d) => d.getAttribute('stroke'))).toEqual([MODEL_COLORS.cnn, MODEL_COLORS.lstm]);
    expect(yours.map((d) => d.getAttribute('aria-label'))).toEqual(['L-student, L-CNN, A-none: 99,10\u00a0%', 'L-student, L-LSTM, A-shuffled: 30,00\u00a0%']);
    expect(yours[0]!.getAttribute('role')).toBe('img');
  });
  it('keeps every value and range on a zoomed axis, with room for the written values', () => {
    const ticks = numbers(texts(el, 'g[aria-label="x-axis tick label"] text'));
    expect(Math.min(...ticks)).toBeLessThanOrEqual(20);
    expect(Math.max(...ticks)).toBe(100);
    // Your 30 % stays well inside the plot, with room on its left for "30,00 %".
    const x = (e: Element) => Number(/translate\(([\d.]+)/.exec(e.getAttribute('transform')!)![1]);
    const plotLeft = x(el.querySelector('g[aria-label="y-axis tick"] path')!);
    const lowestMark = x(el.querySelectorAll('g[aria-label="dot"] path')[1]!);
    expect(lowestMark - plotLeft).toBeGreaterThan(60);
    expect(texts(el, 'g[aria-label="y-axis tick label"] text')).toEqual(['L-CNN, A-none', 'A-shuffled', 'L-MLP, A-none']);
    expect(el.textContent).toMatch(/30,00\s%/);
    // Your run's value on its side of the reference, the reference's on the other.
    const written = [...el.querySelectorAll('g[aria-label="text"] text')];
    const anchor = (t: string) => written.find((w) => w.textContent!.replace(/\s/g, ' ') === t)!.closest('g')!.getAttribute('text-anchor');
    expect(anchor('30,00 %')).toBe('end');
    expect(anchor('45,00 %')).toBe('start');
    expect(anchor('99,10 %')).toBe('start');
    expect(anchor('97,50 %')).toBe('end');
  });
  it('lists every value, and says in the key which mark is the reference and which is your run', () => {
    const said = description(el);
    for (const v of ['97,50', '99,10', '45,00', '30,00', '92,00', '91,50', '52,00']) expect(said).toContain(v);
    expect(said).toContain('L-reference, L-LSTM, A-shuffled: 45,00\u00a0% (L-from 40,00\u00a0% to 52,00\u00a0%, 3 runs)');
    const key = el.querySelector('.chart-legend')!;
    expect(key.textContent).toBe('L-CNNL-LSTML-MLPL-reference-mean over 3 seedsL-student');
    expect(key.querySelectorAll('path')).toHaveLength(1);
  });
  it('lists several seed counts in the key when they differ', () => {
    const rows = [arms[0]!, { ...arms[4]!, n: 5 }];
    expect(experimentChart(rows, { labels: EN, document: doc() }).querySelector('.chart-legend')!.textContent).toContain('over 3 or 5 seeds');
  });
  it('writes the data table: one row per arm, a column per source', () => {
    const t = experimentTable(arms, { labels: TEST_LABELS });
    expect(t.caption).toBe('L-accuracy-per-arm');
    expect(t.columns).toEqual(['L-arm', 'L-reference', 'L-student']);
    expect(t.rows).toEqual([
      ['L-CNN, A-none', '97,50\u00a0% (L-from 97,00\u00a0% to 98,00\u00a0%, 3 runs)', '99,10\u00a0%'],
      // The model is named when the arm's label does not name it.
      ['L-LSTM, A-shuffled', '45,00\u00a0% (L-from 40,00\u00a0% to 52,00\u00a0%, 3 runs)', '30,00\u00a0%'],
      ['L-MLP, A-none', '92,00\u00a0% (L-from 91,50\u00a0% to 93,00\u00a0%, 3 runs)', '—'],
    ]);
    expect(experimentTable(arms.slice(0, 1), { labels: EN }).rows[0]![1]).toBe('97.50% (L-from 97.00% to 98.00%, 3 runs)');
  });
  it('shows an empty state and rejects malformed rows', () => {
    const o = { labels: TEST_LABELS, document: doc() };
    expect(experimentChart([], o).textContent).toContain('«vide»');
    expect(experimentTable([], o).rows).toEqual([]);
    const row = arms[1]!;
    expect(() => experimentChart([{ ...row, model: 'gru' as 'cnn' }], o)).toThrow(/model must be one of cnn, lstm, mlp/);
    expect(() => experimentChart([{ ...row, value: 99.1 }], o)).toThrow(/fraction in \[0, 1\]/);
    expect(() => experimentChart([{ ...arms[0]!, value: 0.9 }], o)).toThrow(/range 0.97..0.98 must contain/);
    // Three equal seeds: their mean misses them by a rounding, which is not an error.
    const equal = [0.1, 0.1, 0.1];
    expect(experimentTable([{ ...arms[0]!, value: equal.reduce((a, b) => a + b) / 3, min: 0.1, max: 0.1 }], o).rows[0]![1]).toBe('10,00\u00a0% (L-from 10,00\u00a0% to 10,00\u00a0%, 3 runs)');
    expect(() => experimentChart([row, row], o)).toThrow(/twice/);
    expect(() => experimentChart([{ ...row, min: 0.98, max: 0.995, n: 2 }], o)).toThrow(/single run/);
    const { n: _n, ...uncounted } = arms[0]!;
    expect(() => experimentChart([uncounted], o)).toThrow(/n must be a number/);
    expect(() => experimentChart([{ ...row, arm: '' }], o)).toThrow(/arm must be/);
    expect(() => experimentChart([arms[0]!, { ...row, label: 'other' }], o)).toThrow(/another label or model/);
    expect(() => experimentTable([{ ...row, source: 'notebook' as 'student' }], o)).toThrow(/source must be one of/);
    expect(() => experimentChart('rows' as unknown as ExperimentRow[], o)).toThrow(/array/);
  });
});

const DIRECTIONS: ShiftDirection[] = ['right', 'left', 'up', 'down'];
/** The reference of one model, the shift-0 point repeated in each direction as the caller must. */
const reference = (model: ShiftPoint['model'], at0: number, drop: number): ShiftPoint[] => DIRECTIONS.flatMap((direction) => [0, 1, 2, 3, 4].map((shift) => {
  const value = at0 - drop * shift;
  return { model, source: 'reference' as const, direction, shift, value, min: value - 0.01, max: value + 0.01, n: 3 };
}));
const shifts: ShiftPoint[] = [
  ...reference('cnn', 0.97, 0.05),
  ...reference('mlp', 0.92, 0.15),
  ...[0, 2, 4].map((shift) => ({ model: 'cnn' as const, source: 'student' as const, direction: 'right' as const, shift, value: 0.96 - 0.06 * shift })),
];

describe('shiftChart', () => {
  const el = shiftChart(shifts, { labels: TEST_LABELS, document: doc() });
  it('draws a small facet per direction, x in whole pixels from 0 to 4', () => {
    expect(texts(el, 'g[aria-label="fx-axis tick label"] text')).toEqual(['L-right', 'L-left', 'L-up', 'L-down']);
    const ticks = texts(el, 'g[aria-label="x-axis tick label"] text');
    expect(ticks).toHaveLength(4 * 5);
    expect(ticks.slice(0, 5)).toEqual(['0', '1', '2', '3', '4']);
    expect(el.textContent).toContain('L-shift-pixels');
  });
  it('draws the reference as lines over faint min–max bands, your run as hollow diamonds', () => {
    // Two models × four facets.
    expect(el.querySelectorAll('g[aria-label="line"] path')).toHaveLength(8);
    const bands = [...el.querySelectorAll('g[aria-label="area"] path')];
    expect(bands).toHaveLength(8);
    expect(Number(bands[0]!.closest('g')!.getAttribute('fill-opacity'))).toBeLessThan(0.3);
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(2 * 4 * 5);
    const yours = [...el.querySelectorAll('g[aria-label="dot"] path')];
    expect(yours).toHaveLength(3);
    expect(yours[1]!.getAttribute('aria-label')).toBe('L-student, L-CNN, L-shift-pixels 2 L-right: 84,00\u00a0%');
  });
  it('keeps every value and range on the y axis', () => {
    // The MLP at 4 px: 32 %, its range down to 31 %.
    const ticks = numbers(texts(el, 'g[aria-label="y-axis tick label"] text'));
    expect(Math.min(...ticks)).toBeLessThanOrEqual(31);
    expect(Math.max(...ticks)).toBe(100);
    expect(description(el)).toContain('L-reference, L-MLP, L-shift-pixels 4 L-down: 32,00\u00a0% (L-from 31,00\u00a0% to 33,00\u00a0%, 3 runs)');
    expect(el.querySelector('.chart-legend')!.textContent).toBe('L-CNNL-MLPL-reference-mean over 3 seedsL-student');
  });
  it('writes the data table: a row per direction, shift and source, a column per model', () => {
    const t = shiftTable(shifts, { labels: TEST_LABELS });
    expect(t.caption).toBe('L-accuracy-by-shift');
    expect(t.columns).toEqual(['L-shift-direction', 'L-shift-pixels', 'L-source', 'L-CNN', 'L-MLP']);
    expect(t.rows).toHaveLength(4 * 5 + 3);
    expect(t.rows[0]).toEqual(['L-right', '0', 'L-reference', '97,00\u00a0% (L-from 96,00\u00a0% to 98,00\u00a0%, 3 runs)', '92,00\u00a0% (L-from 91,00\u00a0% to 93,00\u00a0%, 3 runs)']);
    expect(t.rows[1]).toEqual(['L-right', '0', 'L-student', '96,00\u00a0%', '—']);
    expect(t.rows.at(-1)![0]).toBe('L-down');
  });
  it('rejects malformed points, and a shift-0 point that differs between directions', () => {
    const o = { labels: TEST_LABELS, document: doc() };
    const p: ShiftPoint = { model: 'cnn', source: 'student', direction: 'up', shift: 1, value: 0.9 };
    expect(shiftChart([], o).textContent).toContain('«vide»');
    expect(() => shiftChart([{ ...p, direction: 'diagonal' as 'up' }], o)).toThrow(/direction must be one of/);
    expect(() => shiftChart([{ ...p, shift: 1.5 }], o)).toThrow(/whole number of pixels/);
    expect(() => shiftChart([{ ...p, shift: -1 }], o)).toThrow(/whole number of pixels/);
    expect(() => shiftChart([{ ...p, model: 'gru' as 'cnn' }], o)).toThrow(/model must be one of/);
    expect(() => shiftChart([{ ...p, value: 1.2 }], o)).toThrow(/fraction/);
    expect(() => shiftChart([p, p], o)).toThrow(/twice/);
    expect(() => shiftTable([{ ...p, source: 'reference', min: 0.91, max: 0.95, n: 3 }], o)).toThrow(/range/);
    expect(() => shiftChart([{ ...p, shift: 0 }, { ...p, shift: 0, direction: 'down', value: 0.8 }], o)).toThrow(/every direction/);
  });
});

const sizes: SizePoint[] = [
  ...[500, 2_000, 10_000].flatMap((size, k) => [
    { model: 'cnn' as const, source: 'reference' as const, size, value: 0.9 + 0.03 * k, min: 0.89 + 0.03 * k, max: 0.91 + 0.03 * k, n: 3 },
    { model: 'lstm' as const, source: 'reference' as const, size, value: 0.6 + 0.1 * k, min: 0.55 + 0.1 * k, max: 0.65 + 0.1 * k, n: 3 },
  ]),
  { model: 'cnn', source: 'full', size: 60_000, value: 0.991, min: 0.9905, max: 0.9915, n: 3 },
  { model: 'lstm', source: 'full', size: 60_000, value: 0.981, min: 0.98, max: 0.982, n: 3 },
  { model: 'lstm', source: 'student', size: 2_000, value: 0.3 },
];

describe('sizeChart', () => {
  const el = sizeChart(sizes, { labels: TEST_LABELS, document: doc() });
  it('puts the sizes on a log axis, ticked at the sizes given', () => {
    expect(texts(el, 'g[aria-label="x-axis tick label"] text').map((t) => t.replace(/\s/g, ' '))).toEqual(['500', '2 000', '10 000', '60 000']);
    // Log scale: 500 → 2,000 (×4) is nearly as wide as 2,000 → 10,000 (×5), far from linear.
    const positions = [...el.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => Number(/translate\(([\d.]+)/.exec(t.getAttribute('transform')!)![1]));
    const [a, b, c, d] = positions as [number, number, number, number];
    expect((b - a) / (c - b)).toBeCloseTo(Math.log(4) / Math.log(5), 1);
    expect((d - c) / (c - b)).toBeCloseTo(Math.log(6) / Math.log(5), 1);
    expect(el.textContent).toContain('L-training-set-size');
  });
  it('joins the reference means, leaves the full reference unjoined as squares, your run as diamonds', () => {
    const lines = [...el.querySelectorAll('g[aria-label="line"] path')];
    expect(lines).toHaveLength(2);
    // Three sizes each: 60,000 (the full runs, another budget) is not on the line.
    expect(lines.map((l) => l.getAttribute('d')!.split('L').length)).toEqual([3, 3]);
    expect(el.querySelectorAll('g[aria-label="rule"] line')).toHaveLength(8);
    const shapes = [...el.querySelectorAll('g[aria-label="dot"] path')].map((p) => p.getAttribute('aria-label')!);
    expect(shapes).toEqual([
      'L-full-reference, L-CNN, L-training-images 60\u202f000: 99,10\u00a0% (L-from 99,05\u00a0% to 99,15\u00a0%, 3 runs)',
      'L-full-reference, L-LSTM, L-training-images 60\u202f000: 98,10\u00a0% (L-from 98,00\u00a0% to 98,20\u00a0%, 3 runs)',
      'L-student, L-LSTM, L-training-images 2\u202f000: 30,00\u00a0%',
    ]);
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(6);
    const key = el.querySelector('.chart-legend')!;
    expect(key.textContent).toBe('L-CNNL-LSTML-reference-mean over 3 seedsL-full-referenceL-student');
    expect(key.querySelectorAll('rect')).toHaveLength(1);
  });
  it('keeps a student point at 30 % on the y axis', () => {
    const ticks = numbers(texts(el, 'g[aria-label="y-axis tick label"] text'));
    expect(Math.min(...ticks)).toBeLessThanOrEqual(30);
    expect(Math.max(...ticks)).toBe(100);
  });
  it('writes the data table: a row per size and source, a column per model', () => {
    const t = sizeTable(sizes, { labels: TEST_LABELS });
    expect(t.caption).toBe('L-accuracy-by-size');
    expect(t.columns).toEqual(['L-training-images', 'L-source', 'L-CNN', 'L-LSTM']);
    expect(t.rows.map((r) => r.slice(0, 2))).toEqual([
      ['500', 'L-reference'], ['2\u202f000', 'L-reference'], ['2\u202f000', 'L-student'], ['10\u202f000', 'L-reference'], ['60\u202f000', 'L-full-reference'],
    ]);
    expect(t.rows[2]).toEqual(['2\u202f000', 'L-student', '—', '30,00\u00a0%']);
    expect(t.rows[4]![2]).toBe('99,10\u00a0% (L-from 99,05\u00a0% to 99,15\u00a0%, 3 runs)');
    expect(sizeTable(sizes.slice(-3), { labels: EN }).rows[0]).toEqual(['2,000', 'L-student', '—', '30.00%']);
  });
  it('rejects malformed points', () => {
    const o = { labels: TEST_LABELS, document: doc() };
    const p: SizePoint = { model: 'mlp', source: 'student', size: 500, value: 0.8 };
    expect(sizeChart([], o).textContent).toContain('«vide»');
    expect(() => sizeChart([{ ...p, size: 0 }], o)).toThrow(/whole number of images/);
    expect(() => sizeChart([{ ...p, size: 12.5 }], o)).toThrow(/whole number of images/);
    expect(() => sizeChart([{ ...p, source: 'keras' as 'full' }], o)).toThrow(/source must be one of reference, student, full/);
    expect(() => sizeChart([{ ...p, model: 'gru' as 'cnn' }], o)).toThrow(/model must be one of/);
    expect(() => sizeChart([{ ...p, value: -0.1 }], o)).toThrow(/fraction/);
    expect(() => sizeChart([p, p], o)).toThrow(/twice/);
    expect(() => sizeChart([{ ...p, source: 'full', min: 0.85, max: 0.9, n: 3 }], o)).toThrow(/must contain/);
    expect(() => sizeChart([{ ...p, source: 'full', n: 3 }], o)).toThrow(/give min and max/);
  });
});

describe('experiment charts hold no words of their own', () => {
  const labels = TEST_LABELS;
  const cases: [string, Element][] = [
    ['experiment', experimentChart(arms, { labels, document: doc() })],
    ['shift', shiftChart(shifts, { labels, document: doc() })],
    ['size', sizeChart(sizes, { labels, document: doc() })],
  ];
  it.each(cases)('%s: every word comes from the labels or the data', (_, el) => {
    let text = spoken(el);
    const { locale: _locale, ...words } = labels;
    // Templates are filled in: match their words between the placeholders.
    const known = [...Object.values(words).flatMap((w) => w.split(/\{\w+\}/)), 'A-none', 'A-shuffled'].filter((w) => w.trim()).sort((a, b) => b.length - a.length);
    for (const word of known) text = text.split(word).join(' ');
    text = text.replace(/\b(line|dot|text|rule|tick|area|[xy]-grid|f?[xy]-axis (tick label|tick|label))\b/g, ' ');
    expect(text.match(/[A-Za-zÀ-ÿ][\w-]*/g) ?? []).toEqual([]);
  });
});
