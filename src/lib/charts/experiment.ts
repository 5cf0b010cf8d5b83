import * as Plot from '@observablehq/plot';
import { modelLabel, type ChartLabels } from './labels';
import { MISSING, formatNumber, formatPercent, tickFormatter } from './format';
import { CHART_STYLE, emptyChart, lineLegend, sizeOptions, type ChartContext, type ChartElement, type LegendItem, labelShapes } from './frame';
import { MODEL_COLORS, type ChartModel } from './palette';
import type { DataTable } from './tables';
import { ChartInputError, requireFraction, requireNumber, requireOneOf } from './validate';

// The experiments page's charts: accuracy per arm, against a test-time shift, against the
// training-set size. Each puts the reference (mean and min–max range over its seeds) beside
// the reader's single run, which is drawn as a larger hollow diamond so that it reads apart
// from the reference without colour; colour only tells the models apart.

/**
 * An accuracy as a fraction (0.9910): one run (`value` alone), or the mean over `n` seeds
 * as `value` with their range `min`..`max` (all three together).
 */
export interface AccuracyMeasure { value: number; min?: number; max?: number; n?: number }
/** Where an experiment's point comes from: the committed reference results over seeds, or the reader's run. */
export type ExperimentSource = 'reference' | 'student';

/** One arm's accuracy; `label` is the arm's human label, shown on the y axis (model name included or not). */
export interface ExperimentRow extends AccuracyMeasure { arm: string; label: string; model: ChartModel; source: ExperimentSource }
/** Labels the per-arm chart and table use. */
export type ExperimentLabels = Pick<ChartLabels, 'locale' | 'empty' | 'accuracy' | 'cnn' | 'lstm' | 'mlp' | 'reference' | 'student' | 'range' | 'referenceMean' | 'arm' | 'accuracyPerArm'>;
/** Options of experimentChart. */
export interface ExperimentChartOptions extends ChartContext { labels: ExperimentLabels }

/** The direction a test image is moved in. */
export type ShiftDirection = 'right' | 'left' | 'up' | 'down';
/**
 * Accuracy on the test set moved `shift` pixels in `direction`. The unshifted point (shift 0)
 * belongs to every direction: the caller repeats it once per direction (it must be the same
 * in each), so that each facet's curve starts from it.
 */
export interface ShiftPoint extends AccuracyMeasure { model: ChartModel; source: ExperimentSource; direction: ShiftDirection; shift: number }
/** Labels the shift chart and table use. */
export type ShiftLabels = Pick<ChartLabels, 'locale' | 'empty' | 'accuracy' | 'cnn' | 'lstm' | 'mlp' | 'reference' | 'student' | 'range' | 'referenceMean' | 'source' | 'shiftPixels' | 'shiftDirection' | ShiftDirection | 'accuracyByShift'>;
/** Options of shiftChart. */
export interface ShiftChartOptions extends ChartContext { labels: ShiftLabels }

/** The size experiment's sources: 'full' is the full reference runs, another training budget (60,000 images × 5 epochs). */
export type SizeSource = ExperimentSource | 'full';
/** Accuracy after training on `size` images. */
export interface SizePoint extends AccuracyMeasure { model: ChartModel; source: SizeSource; size: number }
/** Labels the size chart and table use. */
export type SizeLabels = Pick<ChartLabels, 'locale' | 'empty' | 'accuracy' | 'cnn' | 'lstm' | 'mlp' | 'reference' | 'student' | 'range' | 'referenceMean' | 'source' | 'fullReference' | 'trainingSetSize' | 'trainingImages' | 'accuracyBySize'>;
/** Options of sizeChart. */
export interface SizeChartOptions extends ChartContext { labels: SizeLabels }

/** Display order of the models (legend, table columns). */
export const CHART_MODELS: readonly ChartModel[] = ['cnn', 'lstm', 'mlp'];
const EXPERIMENT_SOURCES: readonly ExperimentSource[] = ['reference', 'student'];
/** Facet order of the shift chart. */
export const SHIFT_DIRECTIONS: readonly ShiftDirection[] = ['right', 'left', 'up', 'down'];
const SIZE_SOURCES: readonly SizeSource[] = ['reference', 'student', 'full'];

// How each source is drawn: the reference a small filled dot (on its range), your run a larger hollow diamond.
const REFERENCE_R = 5;
const STUDENT = { symbol: 'diamond2', r: 7, fill: 'none', strokeWidth: 2 } as const;
// Side by side in the size chart, so that three models' ranges at one size do not hide each other.
const OFFSET: Record<ChartModel, number> = { cnn: -6, lstm: 0, mlp: 6 };
const SVG_NS = 'http://www.w3.org/2000/svg';
const ROUNDING = 1e-9;
// The x axis's label centred under its tick labels: at 12 px, Plot's default place (right, 10 px text) overlaps the last one.
const AXIS_BOTTOM = { margin: 44, x: { labelAnchor: 'center', labelOffset: 36 } } as const;

/** Validates a measure: a fraction, and a range (only where `ranged`) that contains it, over n ≥ 1 seeds. */
export function readMeasure(row: AccuracyMeasure, where: string, ranged: boolean): AccuracyMeasure {
  const value = requireFraction(row.value, `${where}.value`);
  if (row.min === undefined && row.max === undefined) {
    if (row.n !== undefined) throw new ChartInputError(`${where}.n counts the seeds of a range: give min and max with it`);
    return { value };
  }
  if (!ranged) throw new ChartInputError(`${where}: your run is a single run, it has no min/max range`);
  const min = requireFraction(row.min, `${where}.min`);
  const max = requireFraction(row.max, `${where}.max`);
  // A mean of equal seeds may miss them by a rounding ((0.1 + 0.1 + 0.1) / 3 > 0.1): that much is tolerated, and clamped.
  if (!(min - ROUNDING <= value && value <= max + ROUNDING)) throw new ChartInputError(`${where}: the range ${min}..${max} must contain the mean ${value}`);
  const n = requireNumber(row.n, `${where}.n`);
  if (!(Number.isInteger(n) && n >= 1)) throw new ChartInputError(`${where}.n must be a number of seeds (a whole number >= 1), got ${n}`);
  return { value: Math.min(max, Math.max(min, value)), min, max, n };
}

const ranged = <T extends AccuracyMeasure>(m: T): m is T & Required<AccuracyMeasure> => m.min !== undefined && m.max !== undefined;
const pct = (v: number) => v * 100;

/** "99,10 % (from 99,05 % to 99,15 %, 3 runs)": the value, and its range when it has one. */
export function measureText(m: AccuracyMeasure, labels: Pick<ChartLabels, 'locale' | 'range'>): string {
  const one = (v: number) => formatPercent(labels.locale, v);
  if (!ranged(m)) return one(m.value);
  return `${one(m.value)} (${labels.range.replace('{min}', one(m.min)).replace('{max}', one(m.max)).replace('{n}', String(m.n ?? ''))})`;
}

/** The reference's key entry: "mean and range over {n} seeds" when it has ranges (n listed as "3 or 5" if they differ). */
function referenceText(points: readonly AccuracyMeasure[], labels: Pick<ChartLabels, 'locale' | 'reference' | 'referenceMean'>): string {
  const ns = [...new Set(points.filter(ranged).map((p) => p.n!))].sort((a, b) => a - b);
  if (ns.length === 0) return labels.reference;
  const n = new Intl.ListFormat(labels.locale, { type: 'disjunction' }).format(ns.map(String));
  return labels.referenceMean.replace('{n}', n);
}

/** A lowest-to-100 % axis that holds every value and range, with a little room below. */
function zoomed(points: readonly AccuracyMeasure[]): [number, number] {
  const lowest = Math.min(...points.map((p) => pct(p.min ?? p.value)));
  return [Math.max(0, Math.floor(lowest - Math.max(1, (100 - lowest) * 0.1))), 100];
}

/** A key entry that is drawn as your run's hollow diamond (lineLegend draws lines, dots and squares). */
type KeyItem = LegendItem & { diamond?: boolean };

/** lineLegend, with a hollow diamond swatch in place of the ring for `diamond` entries. */
function markLegend(items: readonly KeyItem[], document: Document): HTMLElement {
  const root = lineLegend(items.map(({ diamond, ...item }) => (diamond ? { ...item, line: false, marker: 'ring' as const } : item)), document);
  items.forEach((item, i) => {
    const ring = item.diamond ? root.children[i]?.querySelector('circle') : null;
    if (!ring) return;
    const shape = document.createElementNS(SVG_NS, 'path');
    for (const [k, v] of [['d', 'M14,0.5L18.5,5L14,9.5L9.5,5Z'], ['fill', 'none'], ['stroke', item.color], ['stroke-width', '1.5']] as const) shape.setAttribute(k, v);
    ring.replaceWith(shape);
  });
  return root;
}

/** The key every experiment chart carries: which hue is which model, then what each mark means. */
function keyItems(models: readonly ChartModel[], labels: Pick<ChartLabels, ChartModel>, marks: readonly KeyItem[]): KeyItem[] {
  return [
    ...models.map((m) => ({ label: modelLabel(labels, m), color: MODEL_COLORS[m], line: false, marker: 'filled' as const })),
    ...marks,
  ];
}

const present = <T extends string>(order: readonly T[], used: readonly T[]) => order.filter((v) => used.includes(v));

// ---------------------------------------------------------------------------------------
// 1. Accuracy per arm

/** Validates rows: known model and source, one point per arm and source, one label and model per arm. */
export function experimentRows(rows: readonly ExperimentRow[]): ExperimentRow[] {
  if (!Array.isArray(rows)) throw new ChartInputError('experimentChart expects an array of rows');
  const arms = new Map<string, { label: string; model: ChartModel }>();
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const where = `rows[${i}]`;
    const model = requireOneOf(row?.model, CHART_MODELS, `${where}.model`);
    const source = requireOneOf(row.source, EXPERIMENT_SOURCES, `${where}.source`);
    if (typeof row.arm !== 'string' || row.arm === '') throw new ChartInputError(`${where}.arm must be a non-empty string`);
    if (typeof row.label !== 'string' || row.label === '') throw new ChartInputError(`${where}.label must be a non-empty string`);
    const known = arms.get(row.arm);
    if (known && (known.label !== row.label || known.model !== model)) throw new ChartInputError(`${where}: arm ${row.arm} has another label or model in an earlier row`);
    arms.set(row.arm, { label: row.label, model });
    if (seen.has(`${row.arm}/${source}`)) throw new ChartInputError(`rows hold ${row.arm}/${source} twice`);
    seen.add(`${row.arm}/${source}`);
    return { arm: row.arm, label: row.label, model, source, ...readMeasure(row, where, source === 'reference') };
  });
}

/** The arm's label, prefixed with its model's unless it already names it (the hue alone must not carry it). */
function armName(r: ExperimentRow, labels: Pick<ChartLabels, ChartModel>): string {
  const model = modelLabel(labels, r.model);
  return r.label.includes(model) ? r.label : `${model}, ${r.label}`;
}

/**
 * Accuracy of each arm (one horizontal band each, in the rows' order): the reference as a
 * dot at its mean on its min–max range, your run as a hollow diamond, on a zoomed axis
 * (dots, not bars: see compare.ts) that holds every value and range, with room for the
 * values written beside them — your run's on its side of the reference, the reference's
 * on the other.
 */
export function experimentChart(rows: readonly ExperimentRow[], options: ExperimentChartOptions): ChartElement {
  const { labels } = options;
  const data = experimentRows(rows);
  if (data.length === 0) return emptyChart(labels.accuracyPerArm, labels, options);
  const fmt = tickFormatter(labels.locale);
  const arms = [...new Set(data.map((r) => r.arm))];
  const labelOf = new Map(data.map((r) => [r.arm, r.label]));
  const describe = (r: ExperimentRow) => `${labels[r.source]}, ${armName(r, labels)}: ${measureText(r, labels)}`;
  const color = (r: ExperimentRow) => MODEL_COLORS[r.model];
  const text = (r: ExperimentRow) => formatPercent(labels.locale, r.value);
  const placed = arms.flatMap((arm) => {
    const band = data.filter((r) => r.arm === arm);
    const ref = band.find((r) => r.source === 'reference');
    const you = band.find((r) => r.source === 'student');
    const low = Math.min(...band.map((r) => pct(r.min ?? r.value)));
    const high = Math.max(...band.map((r) => pct(r.max ?? r.value)));
    const youLeft = !ref || !you || you.value < ref.value;
    return band.map((r) => {
      const left = r.source === 'student' ? youLeft : !(you && youLeft);
      return { ...r, left, at: left ? low : high };
    });
  });
  const refs = data.filter((r) => r.source === 'reference');
  const students = data.filter((r) => r.source === 'student');
  const withRange = refs.filter(ranged);
  // The axis holds every dot and range, plus room on the left for the value written beside the lowest one.
  const lowest = Math.min(...data.map((r) => pct(r.min ?? r.value)));
  const span = 100 - lowest;
  const marks: Plot.Markish[] = [
    Plot.ruleY(withRange, { y: 'arm', x1: (r: ExperimentRow) => pct(r.min!), x2: (r: ExperimentRow) => pct(r.max!), stroke: color, strokeWidth: 3, ariaHidden: 'true' }),
    Plot.tickX(withRange.flatMap((r) => [{ ...r, at: pct(r.min!) }, { ...r, at: pct(r.max!) }]), { y: 'arm', x: 'at', stroke: color, strokeWidth: 2, insetTop: 3, insetBottom: 3, ariaHidden: 'true' }),
    Plot.dot(refs, { y: 'arm', x: (r: ExperimentRow) => pct(r.value), fill: color, r: REFERENCE_R, ariaLabel: describe }),
    Plot.dot(students, { y: 'arm', x: (r: ExperimentRow) => pct(r.value), stroke: color, ...STUDENT, ariaLabel: describe }),
    // Your run's value in bold, the reference's in plain text.
    ...EXPERIMENT_SOURCES.flatMap((s) => [true, false].map((left) => Plot.text(placed.filter((p) => p.source === s && p.left === left), {
      y: 'arm', x: 'at', text, textAnchor: left ? 'end' : 'start', dx: left ? -12 : 12, fill: 'currentColor',
      fontWeight: s === 'student' ? 'bold' : 'normal', ariaHidden: 'true',
    }))),
  ];
  const legend = keyItems(present(CHART_MODELS, data.map((r) => r.model)), labels, [
    ...(refs.length ? [{ label: referenceText(refs, labels), color: 'currentColor', width: 3, marker: 'filled' as const }] : []),
    ...(students.length ? [{ label: labels.student, color: 'currentColor', diamond: true }] : []),
  ]);
  const longest = Math.max(...arms.map((a) => labelOf.get(a)!.length));
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    ...(options.height === undefined ? { height: 50 + 36 * arms.length } : {}),
    style: CHART_STYLE,
    ariaLabel: labels.accuracyPerArm,
    ariaDescription: data.map(describe).join('; '),
    caption: markLegend(legend, options.document),
    marginLeft: Math.min(240, 16 + Math.ceil(longest * 6.5)),
    marginRight: 70,
    marginBottom: AXIS_BOTTOM.margin,
    x: { label: `${labels.accuracy} (%)`, ...AXIS_BOTTOM.x, domain: [Math.max(0, Math.floor(lowest - Math.max(0.5, span * 0.4))), 100], tickFormat: fmt, grid: true },
    y: { label: null, domain: arms, tickFormat: (a: string) => labelOf.get(a)!, padding: 0.3 },
    marks,
  }));
}

/** One row per arm: the reference (mean and range) and your run, in the columns of the sources present. */
export function experimentTable(rows: readonly ExperimentRow[], o: { labels: ExperimentLabels }): DataTable {
  const { labels } = o;
  const data = experimentRows(rows);
  const sources = present(EXPERIMENT_SOURCES, data.map((r) => r.source));
  const arms = [...new Set(data.map((r) => r.arm))];
  const table = arms.map((arm) => {
    const first = data.find((r) => r.arm === arm)!;
    return [armName(first, labels), ...sources.map((s) => {
      const r = data.find((d) => d.arm === arm && d.source === s);
      return r ? measureText(r, labels) : MISSING;
    })];
  });
  return { caption: labels.accuracyPerArm, columns: [labels.arm, ...sources.map((s) => labels[s])], rows: table };
}

// ---------------------------------------------------------------------------------------
// 2. Accuracy against a test-time shift

/** Validates points: known model, source and direction, whole shifts ≥ 0, one point per key, one shift-0 point for all directions. */
export function shiftPoints(series: readonly ShiftPoint[]): ShiftPoint[] {
  if (!Array.isArray(series)) throw new ChartInputError('shiftChart expects an array of points');
  const seen = new Set<string>();
  const origin = new Map<string, AccuracyMeasure>();
  return series.map((p, i) => {
    const where = `series[${i}]`;
    const model = requireOneOf(p?.model, CHART_MODELS, `${where}.model`);
    const source = requireOneOf(p.source, EXPERIMENT_SOURCES, `${where}.source`);
    const direction = requireOneOf(p.direction, SHIFT_DIRECTIONS, `${where}.direction`);
    const shift = requireNumber(p.shift, `${where}.shift`);
    if (!(Number.isInteger(shift) && shift >= 0)) throw new ChartInputError(`${where}.shift must be a whole number of pixels >= 0, got ${shift}`);
    const key = `${model}/${source}/${direction}/${shift}`;
    if (seen.has(key)) throw new ChartInputError(`series hold ${key} twice`);
    seen.add(key);
    const m = readMeasure(p, where, source === 'reference');
    if (shift === 0) {
      const before = origin.get(`${model}/${source}`);
      if (before && (before.value !== m.value || before.min !== m.min || before.max !== m.max || before.n !== m.n)) {
        throw new ChartInputError(`${where}: the unshifted point of ${model}/${source} belongs to every direction and must be the same in each`);
      }
      origin.set(`${model}/${source}`, m);
    }
    return { model, source, direction, shift, ...m };
  });
}

/**
 * Accuracy against a shift of the test images, one small facet per direction: the reference
 * as a line through its means over a faint min–max band, your run as hollow diamonds,
 * a hue per model. x runs over whole pixels from 0.
 */
export function shiftChart(series: readonly ShiftPoint[], options: ShiftChartOptions): ChartElement {
  const { labels } = options;
  const data = shiftPoints(series).sort((a, b) => a.shift - b.shift);
  if (data.length === 0) return emptyChart(labels.accuracyByShift, labels, options);
  const fmt = tickFormatter(labels.locale);
  const models = present(CHART_MODELS, data.map((p) => p.model));
  const directions = present(SHIFT_DIRECTIONS, data.map((p) => p.direction));
  const widest = Math.max(...data.map((p) => p.shift));
  const describe = (p: ShiftPoint) => `${labels[p.source]}, ${modelLabel(labels, p.model)}, ${labels.shiftPixels} ${fmt(p.shift)} ${labels[p.direction]}: ${measureText(p, labels)}`;
  const refs = data.filter((p) => p.source === 'reference');
  const students = data.filter((p) => p.source === 'student');
  const common = { x: 'shift', fx: 'direction' } as const;
  const y = (p: ShiftPoint) => pct(p.value);
  const marks: Plot.Markish[] = models.flatMap((m) => {
    const color = MODEL_COLORS[m];
    const mine = refs.filter((p) => p.model === m);
    return [
      Plot.areaY(mine.filter(ranged), { ...common, y1: (p: ShiftPoint) => pct(p.min!), y2: (p: ShiftPoint) => pct(p.max!), fill: color, fillOpacity: 0.15, ariaHidden: 'true' }),
      Plot.line(mine, { ...common, y, stroke: color, strokeWidth: 2, ariaLabel: () => `${labels.reference}, ${modelLabel(labels, m)}` }),
      Plot.dot(mine, { ...common, y, fill: color, r: 2.5, ariaLabel: describe }),
    ];
  });
  // Your run on top of every model's reference.
  marks.push(Plot.dot(students, { ...common, y, stroke: (p: ShiftPoint) => MODEL_COLORS[p.model], ...STUDENT, r: 6, ariaLabel: describe }));
  const legend = keyItems(models, labels, [
    ...(refs.length ? [{ label: referenceText(refs, labels), color: 'currentColor' }] : []),
    ...(students.length ? [{ label: labels.student, color: 'currentColor', diamond: true }] : []),
  ]);
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: labels.accuracyByShift,
    ariaDescription: data.map(describe).join('; '),
    caption: markLegend(legend, options.document),
    marginLeft: 52,
    marginBottom: AXIS_BOTTOM.margin,
    x: { label: labels.shiftPixels, ...AXIS_BOTTOM.x, domain: [0, Math.max(1, widest)], ticks: Array.from({ length: Math.max(1, widest) + 1 }, (_, k) => k), tickFormat: fmt, inset: 8 },
    // Along the axis, not above it, where the facets' titles are.
    y: { label: `${labels.accuracy} (%)`, labelAnchor: 'center', domain: zoomed(data), tickFormat: fmt, grid: true },
    fx: { label: null, domain: directions, tickFormat: (d: ShiftDirection) => labels[d], padding: 0.15 },
    marks,
  }));
}

/** One row per direction, shift and source (the shift-0 row under each direction, as in the facets), a column per model. */
export function shiftTable(series: readonly ShiftPoint[], o: { labels: ShiftLabels }): DataTable {
  const { labels } = o;
  const data = shiftPoints(series);
  const models = present(CHART_MODELS, data.map((p) => p.model));
  const keys = [...new Map(data.map((p) => [`${p.direction}/${p.shift}/${p.source}`, p])).values()].sort((a, b) =>
    SHIFT_DIRECTIONS.indexOf(a.direction) - SHIFT_DIRECTIONS.indexOf(b.direction) || a.shift - b.shift || EXPERIMENT_SOURCES.indexOf(a.source) - EXPERIMENT_SOURCES.indexOf(b.source));
  const rows = keys.map((k) => [labels[k.direction], formatNumber(labels.locale, k.shift, 0), labels[k.source], ...models.map((m) => {
    const p = data.find((d) => d.model === m && d.direction === k.direction && d.shift === k.shift && d.source === k.source);
    return p ? measureText(p, labels) : MISSING;
  })]);
  return { caption: labels.accuracyByShift, columns: [labels.shiftDirection, labels.shiftPixels, labels.source, ...models.map((m) => modelLabel(labels, m))], rows };
}

// ---------------------------------------------------------------------------------------
// 3. Accuracy against the training-set size

/** Validates points: known model and source, a whole number of images > 0, one point per model, source and size. */
export function sizePoints(points: readonly SizePoint[]): SizePoint[] {
  if (!Array.isArray(points)) throw new ChartInputError('sizeChart expects an array of points');
  const seen = new Set<string>();
  return points.map((p, i) => {
    const where = `points[${i}]`;
    const model = requireOneOf(p?.model, CHART_MODELS, `${where}.model`);
    const source = requireOneOf(p.source, SIZE_SOURCES, `${where}.source`);
    const size = requireNumber(p.size, `${where}.size`);
    if (!(Number.isInteger(size) && size > 0)) throw new ChartInputError(`${where}.size must be a whole number of images > 0, got ${size}`);
    const key = `${model}/${source}/${size}`;
    if (seen.has(key)) throw new ChartInputError(`points hold ${key} twice`);
    seen.add(key);
    return { model, source, size, ...readMeasure(p, where, source !== 'student') };
  });
}

/**
 * Accuracy against the number of training images, on a log x axis ticked at the sizes
 * given: the reference as a line through its means with min–max range rules, your run as
 * hollow diamonds, and the full reference runs (another training budget) as squares left
 * unjoined, so that no line suggests they continue the size experiment's curve.
 */
export function sizeChart(points: readonly SizePoint[], options: SizeChartOptions): ChartElement {
  const { labels } = options;
  const data = sizePoints(points).sort((a, b) => a.size - b.size);
  if (data.length === 0) return emptyChart(labels.accuracyBySize, labels, options);
  const fmt = tickFormatter(labels.locale);
  const models = present(CHART_MODELS, data.map((p) => p.model));
  const sizes = [...new Set(data.map((p) => p.size))];
  const name = (s: SizeSource) => (s === 'full' ? labels.fullReference : labels[s]);
  const describe = (p: SizePoint) => `${name(p.source)}, ${modelLabel(labels, p.model)}, ${labels.trainingImages} ${fmt(p.size)}: ${measureText(p, labels)}`;
  const y = (p: SizePoint) => pct(p.value);
  const marks: Plot.Markish[] = models.flatMap((m) => {
    const color = MODEL_COLORS[m];
    const common = { x: 'size', dx: models.length > 1 ? OFFSET[m] : 0 } as const;
    const mine = data.filter((p) => p.model === m);
    const refs = mine.filter((p) => p.source === 'reference');
    const full = mine.filter((p) => p.source === 'full');
    return [
      Plot.ruleX(mine.filter((p) => p.source !== 'student' && ranged(p)), { ...common, y1: (p: SizePoint) => pct(p.min!), y2: (p: SizePoint) => pct(p.max!), stroke: color, strokeWidth: 2, ariaHidden: 'true' }),
      Plot.line(refs, { ...common, y, stroke: color, strokeWidth: 2, ariaLabel: () => `${labels.reference}, ${modelLabel(labels, m)}` }),
      Plot.dot(refs, { ...common, y, fill: color, r: 3.5, ariaLabel: describe }),
      Plot.dot(full, { ...common, y, fill: color, symbol: 'square', r: 5, ariaLabel: describe }),
    ];
  });
  // Your run on top, each at its model's offset.
  marks.push(...models.map((m) => Plot.dot(data.filter((p) => p.model === m && p.source === 'student'), {
    x: 'size', dx: models.length > 1 ? OFFSET[m] : 0, y, stroke: MODEL_COLORS[m], ...STUDENT, r: 6, ariaLabel: describe,
  })));
  const has = (s: SizeSource) => data.some((p) => p.source === s);
  const legend = keyItems(models, labels, [
    ...(has('reference') ? [{ label: referenceText(data.filter((p) => p.source === 'reference'), labels), color: 'currentColor', marker: 'filled' as const }] : []),
    ...(has('full') ? [{ label: labels.fullReference, color: 'currentColor', line: false, marker: 'square' as const }] : []),
    ...(has('student') ? [{ label: labels.student, color: 'currentColor', diamond: true }] : []),
  ]);
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: labels.accuracyBySize,
    ariaDescription: data.map(describe).join('; '),
    caption: markLegend(legend, options.document),
    marginLeft: 44,
    marginRight: 24,
    marginBottom: AXIS_BOTTOM.margin,
    x: { type: 'log', domain: [sizes[0]! / 1.6, sizes.at(-1)! * 1.6] },
    y: { label: `${labels.accuracy} (%)`, domain: zoomed(data), tickFormat: fmt, grid: true },
    // An explicit axis: a log scale would blank the labels of sizes that are not 1, 2 or 5 × 10^k (500 is, 60,000 is not).
    marks: [Plot.gridX(sizes), Plot.axisX(sizes, { text: (d: number) => fmt(d), label: labels.trainingSetSize, ...AXIS_BOTTOM.x }), ...marks],
  }));
}

/** One row per size and source (reference, your run, full reference), a column per model. */
export function sizeTable(points: readonly SizePoint[], o: { labels: SizeLabels }): DataTable {
  const { labels } = o;
  const data = sizePoints(points);
  const models = present(CHART_MODELS, data.map((p) => p.model));
  const keys = [...new Map(data.map((p) => [`${p.size}/${p.source}`, p])).values()].sort((a, b) =>
    a.size - b.size || SIZE_SOURCES.indexOf(a.source) - SIZE_SOURCES.indexOf(b.source));
  const rows = keys.map((k) => [formatNumber(labels.locale, k.size, 0), k.source === 'full' ? labels.fullReference : labels[k.source], ...models.map((m) => {
    const p = data.find((d) => d.model === m && d.size === k.size && d.source === k.source);
    return p ? measureText(p, labels) : MISSING;
  })]);
  return { caption: labels.accuracyBySize, columns: [labels.trainingImages, labels.source, ...models.map((m) => modelLabel(labels, m))], rows };
}
