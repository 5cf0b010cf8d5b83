// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { LstmTrace, MapStack } from '../models/inside-types';
import {
  DIVERGING_COLORS, divergingLegend, lstmGatesChart, lstmGatesTable, lstmHiddenChart, lstmProbabilitiesChart, lstmProbabilitiesTable, mapGrid,
} from './inside';
import { BACKGROUNDS, contrastRatio } from './palette';
import { TEST_LABELS } from './testing';
import { ChartInputError } from './validate';

const doc = () => document.implementation.createHTMLDocument('');
const EN = { ...TEST_LABELS, locale: 'en' };

/** A stack of `c` maps of h×w, channels last, value(y, x, channel) given. */
function stack(h: number, w: number, c: number, value: (y: number, x: number, ch: number) => number): MapStack {
  const values = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) values[(y * w + x) * c + ch] = value(y, x, ch);
  return { values, shape: [h, w, c] };
}

/** A plausible trace: the answer moves from uniform to 7 as rows are read; h and gates vary smoothly. */
function trace(steps = 28, units = 6): LstmTrace {
  const probabilities = new Float32Array(steps * 10);
  for (let t = 0; t < steps; t++) {
    const sure = (t + 1) / steps;
    for (let k = 0; k < 10; k++) probabilities[t * 10 + k] = k === 7 ? 0.1 + 0.9 * sure : 0.1 * (1 - sure);
  }
  const hidden = Float32Array.from({ length: steps * units }, (_, i) => Math.sin(i * 0.7) * 0.9);
  const gate = (phase: number) => Float32Array.from({ length: steps }, (_, t) => 0.5 + 0.4 * Math.sin(t / 4 + phase));
  return { steps, units, probabilities, hidden, gates: { input: gate(0), forget: gate(1), output: gate(2) } };
}

/** Everything a reader sees or hears: text nodes and ARIA strings (as in i18n.test.ts). */
function spoken(el: Element): string {
  const aria = [...el.querySelectorAll('*'), el].flatMap((n) => ['aria-label', 'aria-description'].map((a) => n.getAttribute(a) ?? ''));
  const clone = el.cloneNode(true) as Element;
  clone.querySelectorAll('style').forEach((s) => s.remove());
  return [clone.textContent ?? '', ...aria].join(' ');
}

describe('mapGrid', () => {
  it('draws each map in its own cell of the grid, one path per level, each map scaled to its own max', () => {
    // Map 0 holds 0..3 along x, map 1 the same times 100: both reach full ink.
    const s = stack(2, 4, 2, (_, x, ch) => x * (ch === 0 ? 1 : 100));
    const svg = mapGrid(s, { document: doc(), columns: 8, cell: 40, ariaLabel: 'maps', captions: (i) => `Map ${i + 1}` });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('maps');
    // Two maps side by side: 2 × 40 px and one 4 px gap.
    expect(svg.getAttribute('viewBox')).toBe('0 0 84 40');
    const maps = [...svg.querySelectorAll(':scope > g')];
    expect(maps).toHaveLength(2);
    expect(maps[1]!.getAttribute('transform')).toBe('translate(44 0) scale(10)');
    expect(maps.map((g) => g.querySelector('title')?.textContent)).toEqual(['Map 1', 'Map 2']);
    for (const g of maps) {
      const paths = [...g.querySelectorAll('path')];
      // Levels 5, 10 and 15 of 15 (x = 1, 2, 3 of a max of 3); x = 0 stays blank.
      expect(paths.map((p) => p.getAttribute('fill-opacity'))).toEqual(['0.333', '0.667', '1']);
      expect(paths[2]!.getAttribute('d')).toBe('M3 0h1v1h-1zM3 1h1v1h-1z');
      expect(paths.every((p) => p.getAttribute('fill') === 'currentColor')).toBe(true);
    }
  });
  it('wraps into rows and leaves a map that is 0 everywhere blank but outlined', () => {
    const svg = mapGrid(stack(3, 3, 5, (y, x, ch) => (ch === 4 ? 0 : y + x)), { document: doc(), columns: 2, cell: 30, ariaLabel: 'grid' });
    expect(svg.getAttribute('viewBox')).toBe('0 0 64 98');
    const maps = [...svg.querySelectorAll(':scope > g')];
    expect(maps[4]!.getAttribute('transform')).toBe('translate(0 68) scale(10)');
    expect(maps[4]!.querySelectorAll('path')).toHaveLength(0);
    expect(maps[4]!.querySelectorAll('rect')).toHaveLength(1);
    expect(svg.querySelector('title')).toBeNull();
  });
  it('draws signed filters in two hues around 0, each at its own max |value|', () => {
    const filters = stack(3, 3, 2, (_, x, ch) => (x - 1) * (ch === 0 ? 0.2 : 3));
    const svg = mapGrid(filters, { document: doc(), ariaLabel: 'filters', diverging: true });
    for (const g of svg.querySelectorAll(':scope > g')) {
      const paths = [...g.querySelectorAll('path')];
      expect(paths.map((p) => [p.getAttribute('fill'), p.getAttribute('fill-opacity')])).toEqual([
        [DIVERGING_COLORS.negative, '1'], [DIVERGING_COLORS.positive, '1'],
      ]);
      expect(paths[0]!.getAttribute('d')).toBe('M0 0h1v1h-1zM0 1h1v1h-1zM0 2h1v1h-1z');
    }
    // Grey maps are ReLU outputs: a negative value means the caller forgot diverging.
    expect(() => mapGrid(filters, { document: doc(), ariaLabel: 'filters' })).toThrow(/negative value.*diverging/);
  });
  it('keeps both diverging hues readable on the light and the dark page', () => {
    for (const color of Object.values(DIVERGING_COLORS)) {
      expect(contrastRatio(color, BACKGROUNDS.light)).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(color, BACKGROUNDS.dark)).toBeGreaterThanOrEqual(3);
    }
    const key = divergingLegend(doc(), { locale: 'en' });
    expect(key.textContent).toBe('-1+1');
    expect(key.querySelectorAll('rect')).toHaveLength(10);
  });
  it('stays light: 64 noisy maps of 11×11 are well under 3,000 nodes', () => {
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const svg = mapGrid(stack(11, 11, 64, () => (noise() < 0.3 ? 0 : noise() * 5)), { document: doc(), ariaLabel: 'conv2', captions: (i) => `#${i}` });
    expect(svg.querySelectorAll(':scope > g')).toHaveLength(64);
    const nodes = svg.querySelectorAll('*').length;
    expect(nodes).toBeLessThan(3000);
    // At most 15 levels + an outline + a title per map.
    expect(nodes).toBeLessThanOrEqual(1 + 64 * 18);
    const big = mapGrid(stack(26, 26, 32, () => noise()), { document: doc(), ariaLabel: 'conv1' });
    expect(big.querySelectorAll('*').length).toBeLessThanOrEqual(32 * 17);
  });
  it('rejects malformed stacks and options', () => {
    const o = { document: doc(), ariaLabel: 'x' };
    const good = stack(2, 2, 3, () => 1);
    expect(() => mapGrid({ values: new Float32Array(11), shape: [2, 2, 3] }, o)).toThrow(/holds 12 values/);
    expect(() => mapGrid({ values: new Float32Array(12), shape: [2, 2] as unknown as [number, number, number] }, o)).toThrow(/shape/);
    expect(() => mapGrid({ values: new Float32Array(0), shape: [0, 2, 3] }, o)).toThrow(/shape/);
    expect(() => mapGrid({ values: Array.from({ length: 12 }, () => 1) as unknown as Float32Array, shape: [2, 2, 3] }, o)).toThrow(ChartInputError);
    const nan = stack(2, 2, 3, (y, x, ch) => (y === 1 && x === 0 && ch === 2 ? NaN : 1));
    expect(() => mapGrid(nan, o)).toThrow(/map 2, pixel 2 is NaN/);
    expect(() => mapGrid(good, { ...o, columns: 0 })).toThrow(/columns/);
    expect(() => mapGrid(good, { ...o, cell: -1 })).toThrow(/cell/);
    expect(() => mapGrid(good, { ...o, ariaLabel: '' })).toThrow(ChartInputError);
  });
});

describe('lstmProbabilitiesChart', () => {
  it('draws a cell per row and digit with a probability, labelled, and frames the highlighted row', () => {
    const tr = trace();
    tr.probabilities.fill(0, 0, 10);
    tr.probabilities[3] = 1;
    const el = lstmProbabilitiesChart(tr, { labels: EN, document: doc(), row: 5 });
    const svg = el.querySelector('svg[aria-label="L-lstm-probabilities"]')!;
    expect(svg).not.toBeNull();
    expect(svg.getAttribute('aria-description')).toBe('L-row-read ↓, L-digit →; L-row 5 highlighted');
    const cells = [...el.querySelectorAll('g[aria-label="cell"]:not(.highlight) rect')];
    // Rows 1 (as patched) and 28 (sure of its 7) hold one non-zero probability each, the 26 others ten each.
    expect(cells).toHaveLength(2 + 26 * 10);
    expect(cells.map((c) => c.getAttribute('aria-label'))).toContain('L-row-read 1, L-digit 3: 100.0%');
    expect(cells.every((c) => c.getAttribute('role') === 'img')).toBe(true);
    const frame = el.querySelectorAll('g.highlight rect');
    expect(frame).toHaveLength(1);
    // The frame spans the whole width: a cell with no x.
    expect(Number(frame[0]!.getAttribute('width'))).toBeGreaterThan(Number(cells[0]!.getAttribute('width')) * 9);
    expect(el.textContent).toContain('L-probability');
    expect(el.textContent).toContain('L-row-read');
  });
  it('highlights nothing for row 0 or undefined, and writes French typography in French', () => {
    for (const row of [0, undefined]) {
      const el = lstmProbabilitiesChart(trace(), { labels: TEST_LABELS, document: doc(), row });
      expect(el.querySelectorAll('g.highlight rect')).toHaveLength(0);
      expect(el.querySelector('svg')!.getAttribute('aria-description')).toBe('L-row-read ↓, L-digit →');
    }
    const labels = [...lstmProbabilitiesChart(trace(), { labels: TEST_LABELS, document: doc() }).querySelectorAll('rect[aria-label]')].map((r) => r.getAttribute('aria-label'));
    // Intl writes the space before % itself (U+00A0 or U+202F, by ICU version).
    expect(labels.some((l) => /^L-row-read 28, L-digit 7\u202f: 100,0[\u00a0\u202f]%$/.test(l ?? ''))).toBe(true);
  });
  it('shows an empty state for a trace of no rows', () => {
    const empty: LstmTrace = { steps: 0, units: 4, probabilities: new Float32Array(0), hidden: new Float32Array(0), gates: { input: new Float32Array(0), forget: new Float32Array(0), output: new Float32Array(0) } };
    expect(lstmProbabilitiesChart(empty, { labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
    expect(lstmHiddenChart(empty, { labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
    expect(lstmGatesChart(empty, { labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
  });
});

describe('lstmHiddenChart', () => {
  it('draws a cell per row and unit, blue above 0 and vermillion below, at opacity |h|', () => {
    const tr = trace(28, 128);
    tr.hidden[0] = 0;
    tr.hidden[1] = -0.5;
    const el = lstmHiddenChart(tr, { labels: EN, document: doc(), row: 28 });
    expect(el.querySelector('svg[aria-label="L-lstm-hidden"]')).not.toBeNull();
    const cells = [...el.querySelectorAll('g[aria-label="cell"]:not(.highlight) rect')];
    expect(cells).toHaveLength(28 * 128 - 1);
    expect(cells[0]!.getAttribute('fill')).toBe(DIVERGING_COLORS.negative);
    expect(cells[0]!.getAttribute('fill-opacity')).toBe('0.5');
    expect(new Set(cells.map((c) => c.getAttribute('fill')))).toEqual(new Set(Object.values(DIVERGING_COLORS)));
    expect(el.querySelectorAll('g.highlight rect')).toHaveLength(1);
    // Ticks every 16 units, not 128 overlapping labels.
    const ticks = [...el.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['0', '16', '32', '48', '64', '80', '96', '112']);
    expect(el.querySelector('figcaption')?.textContent).toBe('-1+1');
  });
});

describe('lstmGatesChart', () => {
  it('draws the three gates as named lines with a dot per row, and a rule at the highlighted row', () => {
    const el = lstmGatesChart(trace(), { labels: EN, document: doc(), row: 3 });
    expect(el.querySelector('svg[aria-label="L-lstm-gates"]')).not.toBeNull();
    const lines = [...el.querySelectorAll('g[aria-label="line"] path')];
    expect(lines.map((l) => l.getAttribute('aria-label'))).toEqual(['L-input-gate', 'L-forget-gate', 'L-output-gate']);
    expect(el.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3 * 28);
    expect([...el.querySelectorAll('circle[aria-label]')].map((c) => c.getAttribute('aria-label'))).toContain('L-forget-gate, L-row-read 1: 0.837');
    expect(el.querySelectorAll('g.highlight line')).toHaveLength(1);
    expect(el.querySelector('figcaption')?.textContent).toBe('L-input-gateL-forget-gateL-output-gate');
    expect(lstmGatesChart(trace(), { labels: EN, document: doc() }).querySelectorAll('g.highlight line')).toHaveLength(0);
  });
});

describe('LSTM charts and tables', () => {
  it('hold no words of their own', () => {
    const document = doc();
    const { locale: _locale, ...words } = TEST_LABELS;
    const known = Object.values(words).sort((a, b) => b.length - a.length);
    for (const el of [
      lstmProbabilitiesChart(trace(), { labels: TEST_LABELS, document, row: 4 }),
      lstmHiddenChart(trace(), { labels: TEST_LABELS, document, row: 4 }),
      lstmGatesChart(trace(), { labels: TEST_LABELS, document, row: 4 }),
    ]) {
      let text = spoken(el);
      for (const word of known) text = text.split(word).join(' ');
      text = text.split('L-row 4 highlighted').join(' ');
      text = text.replace(/\b(line|dot|cell|rule|frame|[xy]-grid|f?[xy]-axis (tick label|tick|label))\b/g, ' ');
      expect(text.match(/[A-Za-zÀ-ÿ][\w-]*/g) ?? []).toEqual([]);
    }
  });
  it('give the probabilities and the gates as tables, a row per row read', () => {
    const p = lstmProbabilitiesTable(trace(), { labels: EN });
    expect(p.caption).toBe('L-lstm-probabilities');
    expect(p.columns).toEqual(['L-row-read \\ L-digit', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(p.rows).toHaveLength(28);
    expect(p.rows[27]).toEqual(['28', '0.0%', '0.0%', '0.0%', '0.0%', '0.0%', '0.0%', '0.0%', '100.0%', '0.0%', '0.0%']);
    const g = lstmGatesTable(trace(), { labels: TEST_LABELS });
    expect(g.caption).toBe('L-lstm-gates');
    expect(g.columns).toEqual(['L-row-read', 'L-input-gate', 'L-forget-gate', 'L-output-gate']);
    expect(g.rows[0]).toEqual(['1', '0,5', '0,837', '0,864']);
  });
  it('reject malformed traces and rows', () => {
    const o = { labels: EN, document: doc() };
    const bad = (patch: Partial<LstmTrace>): LstmTrace => ({ ...trace(), ...patch });
    expect(() => lstmProbabilitiesChart(bad({ probabilities: new Float32Array(279) }), o)).toThrow(/probabilities must be a Float32Array of 280/);
    expect(() => lstmHiddenChart(bad({ hidden: new Float32Array(28 * 5) }), o)).toThrow(/hidden must be a Float32Array of 168/);
    const nan = trace();
    nan.hidden[7] = NaN;
    expect(() => lstmHiddenChart(nan, o)).toThrow(/hidden\[7\] is NaN/);
    const over = trace();
    over.hidden[2] = 1.5;
    expect(() => lstmHiddenChart(over, o)).toThrow(/outside \[-1, 1\]/);
    const gates = trace();
    gates.gates.forget[0] = NaN;
    expect(() => lstmGatesChart(gates, o)).toThrow(/gates\.forget\[0\] is NaN/);
    expect(() => lstmGatesTable(bad({ gates: { ...trace().gates, output: new Float32Array(27) } }), o)).toThrow(/gates\.output must be a Float32Array of 28/);
    // Probabilities laid out digit after digit (transposed) do not sum to 1 per row.
    const transposed = trace();
    transposed.probabilities.set(Float32Array.from({ length: 280 }, (_, i) => trace().probabilities[(i % 28) * 10 + Math.floor(i / 28)]!));
    expect(() => lstmProbabilitiesTable(transposed, o)).toThrow(/sum to/);
    expect(() => lstmProbabilitiesChart(bad({ steps: 2.5 }), o)).toThrow(/steps/);
    expect(() => lstmProbabilitiesChart(bad({ units: 0 }), o)).toThrow(/units/);
    for (const row of [-1, 29, 1.5, NaN]) expect(() => lstmGatesChart(trace(), { ...o, row }), String(row)).toThrow(/row must be 0/);
    expect(() => lstmGatesChart(trace(), o)).not.toThrow(ChartInputError);
  });
});
