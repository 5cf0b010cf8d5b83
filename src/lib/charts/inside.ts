import * as Plot from '@observablehq/plot';
import type { LstmTrace, MapStack } from '../models/inside-types';
import type { ChartLabels } from './labels';
import { formatNumber, formatPercent, tickFormatter } from './format';
import { CHART_STYLE, emptyChart, lineLegend, sizeOptions, type ChartContext, type ChartElement, type LegendItem, labelShapes } from './frame';
import { EXTRA_COLORS, MODEL_COLORS } from './palette';
import type { DataTable } from './tables';
import { ChartInputError } from './validate';

// What the models compute inside, drawn from the plain arrays of inside-types.ts: the CNN's
// feature maps and filters as small image galleries, and the LSTM's trace over the 28 rows
// it reads (probabilities, hidden state, mean gates) as heatmaps and lines.

const SVG_NS = 'http://www.w3.org/2000/svg';
const DIGITS = Array.from({ length: 10 }, (_, d) => d);
/** Grey (or colour) levels per map, as in digit.ts: 16 read as smooth and keep a map to at most 15 paths. */
const LEVELS = 16;
/** Space between two maps of a grid, in px. */
const GAP = 4;
/**
 * Signed values: the Okabe–Ito blue and vermillion, the pair colour-blind readers tell apart best,
 * both at 3:1 on the light and the dark page (palette.test.ts). Here they mean a sign, not a model.
 * The magnitude is the opacity, so 0 is the page itself: no glaring white middle on a dark page.
 */
export const DIVERGING_COLORS = { negative: MODEL_COLORS.lstm, positive: MODEL_COLORS.cnn } as const;
// The gates differ by dash as well as by hue; the forget gate, the memory's keeper, takes the page's ink.
// No model hue: these lines are not models.
const GATES = [
  { key: 'input', label: 'inputGate', color: EXTRA_COLORS[0]!, dash: undefined },
  { key: 'forget', label: 'forgetGate', color: 'currentColor', dash: '6,3' },
  { key: 'output', label: 'outputGate', color: EXTRA_COLORS[1]!, dash: '2,2' },
] as const;
// A diverged or half-cast softmax must not pass for probabilities; float32 rounding over ten values stays far below this.
const SUM_TOLERANCE = 0.01;

/** "label : value" in French (narrow no-break space), "label: value" elsewhere. */
function colon(locale: string): string {
  return locale.toLowerCase().startsWith('fr') ? '\u202f: ' : ': ';
}

// ---------------------------------------------------------------------------------------
// 1. The CNN: a gallery of maps

/** Options of mapGrid; `captions` gives each map a tooltip (<title>), e.g. "Filtre 5". */
export interface MapGridOptions {
  document: Document;
  /** Maps per row of the grid (8 by default, fewer if there are fewer maps). */
  columns?: number;
  /** Side of one map on screen, in px (48 by default). */
  cell?: number;
  ariaLabel: string;
  captions?: (i: number) => string;
  /** Signed values (the filters' weights): blue above 0, vermillion below, instead of grey. */
  diverging?: boolean;
}

/** Validates a stack: [height, width, channels] positive integers and as many finite values. */
export function checkMapStack(stack: MapStack): void {
  const shape: unknown = stack?.shape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ChartInputError(`a map stack's shape must be [height, width, channels] (positive integers), got ${JSON.stringify(shape)}`);
  }
  const [h, w, c] = stack.shape;
  if (!(stack.values instanceof Float32Array) || stack.values.length !== h * w * c) {
    throw new ChartInputError(`a [${h}, ${w}, ${c}] map stack holds ${h * w * c} values (Float32Array), got ${(stack.values as { length?: number } | undefined)?.length ?? typeof stack.values}`);
  }
  for (let i = 0; i < stack.values.length; i++) {
    if (!Number.isFinite(stack.values[i])) throw new ChartInputError(`map ${i % c}, pixel ${Math.floor(i / c)} is ${stack.values[i]}, not a finite number`);
  }
}

/**
 * The levels of every map, one run-length path per level and map as in digit.ts.
 * Each map is scaled to its own max (its largest |value| when diverging), so a weak map
 * still shows its pattern: the gallery compares shapes, not strengths. A map that is 0
 * everywhere (a ReLU that never fires for this image) stays blank rather than dividing by 0.
 */
function mapPaths(stack: MapStack, diverging: boolean): Map<number, string>[] {
  const [h, w, c] = stack.shape;
  const { values } = stack;
  const scale = new Float64Array(c);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // ReLU maps are never negative: a negative value means the caller meant a signed (diverging) map.
    if (!diverging && v < 0) throw new ChartInputError(`map ${i % c} has a negative value (${v}): draw signed values with diverging: true`);
    scale[i % c] = Math.max(scale[i % c]!, Math.abs(v));
  }
  return Array.from({ length: c }, (_, ch) => {
    const paths = new Map<number, string>();
    const max = scale[ch]!;
    if (max === 0) return paths;
    // Rounded on |v|, so that -v and v fall in mirror levels.
    const level = (x: number, y: number) => {
      const v = values[(y * w + x) * c + ch]! / max;
      return Math.sign(v) * Math.round(Math.abs(v) * (LEVELS - 1));
    };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; ) {
        const l = level(x, y);
        let run = 1;
        while (x + run < w && level(x + run, y) === l) run++;
        if (l !== 0) paths.set(l, `${paths.get(l) ?? ''}M${x} ${y}h${run}v1h-${run}z`);
        x += run;
      }
    }
    return paths;
  });
}

/**
 * Draws each channel of a stack (feature maps, or 3×3 filters) as a small image in a grid,
 * as one SVG: a map is at most 15 paths, an outline and its title, so 64 maps of 11×11 stay
 * near a thousand nodes (jsdom has no canvas, and the page needs no <image>). Grey maps are
 * in currentColor, dark on a light page and light on a dark one, like the digits.
 */
export function mapGrid(stack: MapStack, options: MapGridOptions): SVGSVGElement {
  checkMapStack(stack);
  const columns = options.columns ?? 8;
  const cell = options.cell ?? 48;
  if (!Number.isInteger(columns) || columns < 1) throw new ChartInputError(`columns must be a whole number >= 1, got ${columns}`);
  if (!(Number.isFinite(cell) && cell > 0)) throw new ChartInputError(`cell must be a size in px > 0, got ${cell}`);
  if (typeof options.ariaLabel !== 'string' || options.ariaLabel === '') throw new ChartInputError('a map grid needs an aria-label (it is one image to a screen reader)');
  const diverging = options.diverging ?? false;
  const [h, w, c] = stack.shape;
  const maps = mapPaths(stack, diverging);
  const cols = Math.min(columns, c);
  const rows = Math.ceil(c / cols);
  const width = cols * cell + (cols - 1) * GAP;
  const height = rows * cell + (rows - 1) * GAP;
  const doc = options.document;
  const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: readonly (readonly [string, string])[]): SVGElementTagNameMap[K] => {
    const node = doc.createElementNS(SVG_NS, name);
    for (const [k, v] of attrs) node.setAttribute(k, v);
    return node;
  };
  // Scales to its container (a phone), keeping its proportions.
  const svg = el('svg', [['viewBox', `0 0 ${width} ${height}`], ['width', String(width)], ['height', String(height)], ['class', 'map-grid'],
    ['role', 'img'], ['aria-label', options.ariaLabel], ['shape-rendering', 'crispEdges'], ['style', 'max-width:100%;height:auto']]);
  const side = cell / Math.max(h, w);
  maps.forEach((paths, i) => {
    const x = (i % cols) * (cell + GAP);
    const y = Math.floor(i / cols) * (cell + GAP);
    const g = el('g', [['transform', `translate(${x} ${y}) scale(${side})`]]);
    // A tooltip only (the whole grid is one image to a screen reader, its children presentational).
    if (options.captions) {
      const title = el('title', []);
      title.textContent = options.captions(i);
      g.append(title);
    }
    // The outline shows a blank map's extent; its transparent fill lets the tooltip show anywhere on the map.
    g.append(el('rect', [['width', String(w)], ['height', String(h)], ['fill', 'transparent'], ['stroke', 'currentColor'],
      ['stroke-opacity', '0.25'], ['vector-effect', 'non-scaling-stroke']]));
    for (const [level, d] of [...paths].sort((a, b) => Math.abs(a[0]) - Math.abs(b[0]) || a[0] - b[0])) {
      const fill = !diverging ? 'currentColor' : level > 0 ? DIVERGING_COLORS.positive : DIVERGING_COLORS.negative;
      g.append(el('path', [['d', d], ['fill', fill], ['fill-opacity', String(Math.round((Math.abs(level) / (LEVELS - 1)) * 1000) / 1000)]]));
    }
    svg.append(g);
  });
  return svg;
}

/** A small key of a shading, "low ▯▯▯▯ high", for charts whose colours Plot does not scale (and cannot ramp without a canvas). */
function rampLegend(document: Document, o: { name?: string; low: string; high: string; stops: readonly { color: string; opacity: number }[] }): HTMLElement {
  const root = document.createElement('div');
  root.className = 'chart-legend';
  root.setAttribute('style', 'display:flex;flex-wrap:wrap;align-items:center;gap:0.25rem 0.4rem;font-size:12px;');
  const text = (s: string) => { const span = document.createElement('span'); span.textContent = s; return span; };
  const swatch = document.createElementNS(SVG_NS, 'svg');
  const side = 10;
  for (const [k, v] of [['width', String(o.stops.length * side)], ['height', String(side)], ['aria-hidden', 'true']] as const) swatch.setAttribute(k, v);
  o.stops.forEach((s, i) => {
    const rect = document.createElementNS(SVG_NS, 'rect');
    for (const [k, v] of [['x', String(i * side)], ['width', String(side)], ['height', String(side)], ['fill', s.color], ['fill-opacity', String(s.opacity)]] as const) rect.setAttribute(k, v);
    swatch.append(rect);
  });
  // A faint outline, so the stops near 0 (the page itself) still read as part of the key.
  const outline = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of [['x', '0.5'], ['y', '0.5'], ['width', String(o.stops.length * side - 1)], ['height', String(side - 1)], ['fill', 'none'], ['stroke', 'currentColor'], ['stroke-opacity', '0.25']] as const) outline.setAttribute(k, v);
  swatch.append(outline);
  root.append(...(o.name === undefined ? [] : [text(o.name)]), text(o.low), swatch, text(o.high));
  return root;
}

/** The key of the diverging shading (mapGrid's filters, the hidden state): −1 vermillion, 0 the page, +1 blue. */
export function divergingLegend(document: Document, o: { locale: string; min?: number; max?: number }): HTMLElement {
  const fmt = new Intl.NumberFormat(o.locale, { signDisplay: 'exceptZero', maximumFractionDigits: 3 });
  const stops = Array.from({ length: 9 }, (_, i) => (i - 4) / 4).map((v) => ({ color: v < 0 ? DIVERGING_COLORS.negative : DIVERGING_COLORS.positive, opacity: Math.abs(v) }));
  return rampLegend(document, { low: fmt.format(o.min ?? -1), high: fmt.format(o.max ?? 1), stops });
}

// ---------------------------------------------------------------------------------------
// 2. The LSTM's trace over the rows

/** Labels the LSTM's probability chart and table use. */
export type LstmProbabilitiesLabels = Pick<ChartLabels, 'locale' | 'empty' | 'digit' | 'rowRead' | 'probability' | 'currentRow' | 'lstmProbabilities'>;
/** Labels the LSTM's hidden-state chart uses. */
export type LstmHiddenLabels = Pick<ChartLabels, 'locale' | 'empty' | 'rowRead' | 'unit' | 'currentRow' | 'lstmHidden'>;
/** Labels the LSTM's gates chart and table use. */
export type LstmGatesLabels = Pick<ChartLabels, 'locale' | 'empty' | 'rowRead' | 'gateMean' | 'inputGate' | 'forgetGate' | 'outputGate' | 'currentRow' | 'lstmGates'>;
/** Options of the LSTM charts; `row` (1-based) is highlighted, 0 or undefined for none. */
export interface LstmChartOptions<L> extends ChartContext { labels: L; row?: number | undefined }

/** Throws unless `values` is a Float32Array of n numbers in [lo, hi]. */
function checkArray(values: unknown, n: number, lo: number, hi: number, what: string): Float32Array {
  if (!(values instanceof Float32Array) || values.length !== n) {
    throw new ChartInputError(`${what} must be a Float32Array of ${n} values, got ${(values as { length?: number } | undefined)?.length ?? typeof values}`);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) throw new ChartInputError(`${what}[${i}] is ${v}, outside [${lo}, ${hi}]`);
  }
  return values;
}

/** Validates a trace: its sizes, probabilities that sum to 1 per row, h_t in [-1, 1], gates in [0, 1]. */
export function checkLstmTrace(trace: LstmTrace): void {
  const steps: unknown = trace?.steps;
  const units: unknown = trace?.units;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) throw new ChartInputError(`trace.steps must be a whole number >= 0, got ${JSON.stringify(steps)}`);
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) throw new ChartInputError(`trace.units must be a whole number >= 1, got ${JSON.stringify(units)}`);
  const p = checkArray(trace.probabilities, steps * 10, 0, 1, 'trace.probabilities');
  for (let t = 0; t < steps; t++) {
    let sum = 0;
    for (let k = 0; k < 10; k++) sum += p[t * 10 + k]!;
    if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new ChartInputError(`trace.probabilities after row ${t + 1} sum to ${sum}, not 1 (rows of 10, row after row?)`);
  }
  checkArray(trace.hidden, steps * units, -1, 1, 'trace.hidden');
  if (typeof trace.gates !== 'object' || trace.gates === null) throw new ChartInputError('trace.gates must hold input, forget and output');
  for (const g of GATES) checkArray(trace.gates[g.key], steps, 0, 1, `trace.gates.${g.key}`);
}

/** The highlighted row: 0 (none) or 1..steps. */
function highlightedRow(row: number | undefined, steps: number): number {
  const r = row ?? 0;
  if (!Number.isInteger(r) || r < 0 || r > steps) throw new ChartInputError(`row must be 0 (none) or a row read, 1..${steps}, got ${r}`);
  return r;
}

/** What the chart says after its axes: the highlighted row, if any. */
function rowNote(row: number, labels: Pick<ChartLabels, 'currentRow'>): string {
  return row > 0 ? `; ${labels.currentRow.replace('{row}', String(row))}` : '';
}

/** The rows 1..steps, top to bottom in reading order. */
const rowsOf = (steps: number) => Array.from({ length: steps }, (_, t) => t + 1);
/** The frame around the highlighted row of a heatmap: a cell without x spans the whole width. */
const rowFrame = (row: number) => Plot.cell(row > 0 ? [row] : [], {
  y: (r: number) => r, fill: 'none', stroke: 'currentColor', strokeWidth: 2.5, className: 'highlight', ariaHidden: 'true',
});

/** One cell of the probability heatmap: after row `row`, class `digit` has probability `p`. */
interface ProbabilityCell { row: number; digit: number; p: number }

/**
 * The probability of each digit after each row read: rows down (in reading order), digits
 * across, shade = probability in the page's ink, so a reader sees when the answer settles.
 */
export function lstmProbabilitiesChart(trace: LstmTrace, options: LstmChartOptions<LstmProbabilitiesLabels>): ChartElement {
  const { labels } = options;
  checkLstmTrace(trace);
  const row = highlightedRow(options.row, trace.steps);
  if (trace.steps === 0) return emptyChart(labels.lstmProbabilities, labels, options);
  const cells: ProbabilityCell[] = rowsOf(trace.steps).flatMap((r) => DIGITS.map((digit) => ({ row: r, digit, p: trace.probabilities[(r - 1) * 10 + digit]! })));
  const sep = colon(labels.locale);
  const describe = (c: ProbabilityCell) => `${labels.rowRead} ${c.row}, ${labels.digit} ${c.digit}${sep}${formatPercent(labels.locale, c.p, 1)}`;
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    ...(options.width === undefined ? { width: 420 } : {}),
    ...(options.height === undefined ? { height: 60 + 15 * trace.steps } : {}),
    style: CHART_STYLE,
    ariaLabel: labels.lstmProbabilities,
    ariaDescription: `${labels.rowRead} ↓, ${labels.digit} →${rowNote(row, labels)}`,
    caption: rampLegend(options.document, {
      name: labels.probability, low: formatPercent(labels.locale, 0, 0), high: formatPercent(labels.locale, 1, 0),
      stops: Array.from({ length: 6 }, (_, i) => ({ color: 'currentColor', opacity: i / 5 })),
    }),
    marginTop: 40,
    padding: 0.04,
    x: { label: labels.digit, domain: DIGITS, axis: 'top' },
    y: { label: labels.rowRead, domain: rowsOf(trace.steps) },
    marks: [
      Plot.frame({ strokeOpacity: 0.25, ariaHidden: 'true' }),
      Plot.cell(cells.filter((c) => c.p > 0), {
        x: 'digit', y: 'row', fill: 'currentColor', fillOpacity: { value: 'p', scale: null }, ariaLabel: describe, title: describe,
      }),
      rowFrame(row),
    ],
  }));
}

/** Every fifth or sixteenth unit on the axis: 128 tick labels would overlap. */
function unitTicks(units: number): number[] {
  const step = units > 32 ? 16 : units > 10 ? 5 : 1;
  return Array.from({ length: Math.ceil(units / step) }, (_, i) => i * step);
}

/** One cell of the hidden-state heatmap. */
interface HiddenCell { row: number; unit: number; h: number }

/**
 * The hidden state h_t after each row: rows down, units across, blue above 0 and vermillion
 * below (opacity = |h|). Cells carry no label each: 3,584 of them would swamp a screen reader,
 * which gets the chart's title and axes instead.
 */
export function lstmHiddenChart(trace: LstmTrace, options: LstmChartOptions<LstmHiddenLabels>): ChartElement {
  const { labels } = options;
  checkLstmTrace(trace);
  const row = highlightedRow(options.row, trace.steps);
  if (trace.steps === 0) return emptyChart(labels.lstmHidden, labels, options);
  const { units } = trace;
  const cells: HiddenCell[] = [];
  for (let t = 0; t < trace.steps; t++) {
    for (let j = 0; j < units; j++) {
      const h = trace.hidden[t * units + j]!;
      // A unit at exactly 0 is the page itself: no rect for it.
      if (h !== 0) cells.push({ row: t + 1, unit: j, h });
    }
  }
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    ...(options.height === undefined ? { height: 60 + 15 * trace.steps } : {}),
    style: CHART_STYLE,
    ariaLabel: labels.lstmHidden,
    ariaDescription: `${labels.rowRead} ↓, ${labels.unit} →${rowNote(row, labels)}`,
    caption: divergingLegend(options.document, { locale: labels.locale }),
    marginTop: 40,
    x: { label: labels.unit, domain: Array.from({ length: units }, (_, j) => j), ticks: unitTicks(units), axis: 'top', padding: 0 },
    y: { label: labels.rowRead, domain: rowsOf(trace.steps), padding: 0 },
    marks: [
      Plot.frame({ strokeOpacity: 0.25, ariaHidden: 'true' }),
      Plot.cell(cells, {
        x: 'unit', y: 'row',
        fill: { value: (c: HiddenCell) => (c.h > 0 ? DIVERGING_COLORS.positive : DIVERGING_COLORS.negative), scale: null },
        fillOpacity: { value: (c: HiddenCell) => Math.abs(c.h), scale: null },
        ariaHidden: 'true',
      }),
      rowFrame(row),
    ],
  }));
}

/** One point of the gates chart: a gate's mean over the units after row `row`. */
interface GatePoint { gate: number; row: number; value: number }

/** The three mean gates (input, forget, output) after each row, as lines on [0, 1]; the highlighted row is a vertical rule. */
export function lstmGatesChart(trace: LstmTrace, options: LstmChartOptions<LstmGatesLabels>): ChartElement {
  const { labels } = options;
  checkLstmTrace(trace);
  const row = highlightedRow(options.row, trace.steps);
  if (trace.steps === 0) return emptyChart(labels.lstmGates, labels, options);
  const fmt = tickFormatter(labels.locale);
  const sep = colon(labels.locale);
  const rows = rowsOf(trace.steps);
  const points: GatePoint[][] = GATES.map((g, gate) => rows.map((r) => ({ gate, row: r, value: trace.gates[g.key][r - 1]! })));
  const legend: LegendItem[] = GATES.map((g) => ({ label: labels[g.label], color: g.color, marker: 'filled' as const, ...(g.dash ? { dash: g.dash } : {}) }));
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    ...(options.height === undefined ? { height: 280 } : {}),
    style: CHART_STYLE,
    ariaLabel: labels.lstmGates,
    ariaDescription: `${GATES.map((g) => labels[g.label]).join('; ')}${rowNote(row, labels)}`,
    caption: lineLegend(legend, options.document),
    x: { label: labels.rowRead, domain: [1, trace.steps], tickFormat: fmt, ...(trace.steps <= 28 ? { ticks: rows } : {}) },
    y: { label: labels.gateMean, domain: [0, 1], tickFormat: fmt, grid: true },
    marks: [
      Plot.ruleX(row > 0 ? [row] : [], { stroke: 'currentColor', strokeOpacity: 0.5, strokeWidth: 2, className: 'highlight', ariaHidden: 'true' }),
      ...GATES.flatMap((g, i) => {
        const name = labels[g.label];
        return [
          Plot.line(points[i]!, { x: 'row', y: 'value', stroke: g.color, strokeWidth: 2, ...(g.dash ? { strokeDasharray: g.dash } : {}), ariaLabel: () => name }),
          Plot.dot(points[i]!, {
            x: 'row', y: 'value', r: 2.5, fill: g.color,
            ariaLabel: (p: GatePoint) => `${name}, ${labels.rowRead} ${p.row}${sep}${formatNumber(labels.locale, p.value, 3)}`,
          }),
        ];
      }),
    ],
  }));
}

/** The probabilities as a table: a row per row read, a column per digit. */
export function lstmProbabilitiesTable(trace: LstmTrace, o: { labels: LstmProbabilitiesLabels }): DataTable {
  const { labels } = o;
  checkLstmTrace(trace);
  const rows = rowsOf(trace.steps).map((r) => [String(r), ...DIGITS.map((d) => formatPercent(labels.locale, trace.probabilities[(r - 1) * 10 + d]!, 1))]);
  return { caption: labels.lstmProbabilities, columns: [`${labels.rowRead} \\ ${labels.digit}`, ...DIGITS.map(String)], rows };
}

/** The mean gates as a table: a row per row read, a column per gate. */
export function lstmGatesTable(trace: LstmTrace, o: { labels: LstmGatesLabels }): DataTable {
  const { labels } = o;
  checkLstmTrace(trace);
  const rows = rowsOf(trace.steps).map((r) => [String(r), ...GATES.map((g) => formatNumber(labels.locale, trace.gates[g.key][r - 1]!, 3))]);
  return { caption: labels.lstmGates, columns: [labels.rowRead, ...GATES.map((g) => labels[g.label])], rows };
}
