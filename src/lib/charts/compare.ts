import * as Plot from '@observablehq/plot';
import type { ModelKind } from '../train/protocol';
import { modelLabel, type ChartLabels } from './labels';
import { formatNumber, formatPercent, tickFormatter } from './format';
import { CHART_STYLE, emptyChart, sizeOptions, type ChartContext, type ChartElement, labelShapes } from './frame';
import { MODEL_COLORS } from './palette';
import { ChartInputError, requireFraction, requireNumber, requireOneOf } from './validate';

/** Where a figure comes from: the notebook's published run, Keras on the reference machine, the committed TF.js reference runs, or the reader's. */
export type CompareSource = 'notebook' | 'keras' | 'reference' | 'student';
/**
 * One figure to compare; accuracy is a fraction (0.9919), time is in seconds. Sources with
 * several seeds give their mean as `value` and their range as `min`/`max` over `n` runs.
 */
export interface CompareRow {
  model: ModelKind; source: CompareSource; value: number; min?: number; max?: number; n?: number;
  /**
   * A group of its own, after the four sources, named by this text instead of the source's label:
   * a run file loaded on the page ("file: alice-cnn.json"); `how` then says how it ran, for the table.
   */
  group?: string;
  how?: string;
}
/** The compared quantity. */
export type CompareMetric = 'accuracy' | 'seconds';
/** Labels the comparison chart and table use. */
export type CompareLabels = Pick<ChartLabels, 'locale' | 'empty' | 'accuracy' | 'seconds' | 'cnn' | 'lstm' | 'notebook' | 'keras' | 'reference' | 'student' | 'source' | 'testAccuracy' | 'trainingTime' | 'range' | 'howItRan'>;
/** Options of compareChart. */
export interface CompareOptions extends ChartContext { metric: CompareMetric; labels: CompareLabels }

/** Display order of the groups, and of the models inside each. */
export const SOURCES: readonly CompareSource[] = ['notebook', 'keras', 'reference', 'student'];
const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];

/** Names a group in the chart's longest margin: a long file name is cut (the table and the spoken description keep it whole). */
const MAX_GROUP_CHARS = 24;

/** The facet a row is drawn in: its source, or its own group (prefixed, so no file name can pass for a source). */
export function groupKey(row: Pick<CompareRow, 'source' | 'group'>): string {
  return row.group === undefined ? row.source : `group:${row.group}`;
}

/** The groups present, in display order: the sources in SOURCES order, then the own groups as they come. */
export function groupKeys(rows: readonly CompareRow[]): string[] {
  const fixed = SOURCES.filter((s) => rows.some((r) => r.group === undefined && r.source === s));
  return [...fixed, ...new Set(rows.filter((r) => r.group !== undefined).map(groupKey))];
}

/** A group's name: the source's label, or the row's own text. */
export function groupLabel(key: string, labels: Pick<ChartLabels, CompareSource>): string {
  return key.startsWith('group:') ? key.slice('group:'.length) : labels[key as CompareSource];
}

/** Validates rows: known model and source, one value per pair, fraction or non-negative seconds. */
export function compareRows(rows: readonly CompareRow[], metric: CompareMetric): CompareRow[] {
  if (!Array.isArray(rows)) throw new ChartInputError('compareChart expects an array of rows');
  requireOneOf(metric, ['accuracy', 'seconds'], 'metric');
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const model = requireOneOf(row?.model, MODELS, `rows[${i}].model`);
    const source = requireOneOf(row.source, SOURCES, `rows[${i}].source`);
    const value = metric === 'accuracy' ? requireFraction(row.value, `rows[${i}].value`) : requireNumber(row.value, `rows[${i}].value`);
    if (metric === 'seconds' && !(value >= 0 && Number.isFinite(value))) {
      throw new ChartInputError(`rows[${i}].value must be a finite number of seconds >= 0, got ${value}`);
    }
    const group = row.group;
    if (group !== undefined && (typeof group !== 'string' || group.trim() === '')) throw new ChartInputError(`rows[${i}].group must be a non-empty string`);
    const key = `${model}/${groupKey({ source, ...(group === undefined ? {} : { group }) })}`;
    if (seen.has(key)) throw new ChartInputError(`rows hold ${key} twice`);
    seen.add(key);
    const own = group === undefined ? {} : { group, ...(typeof row.how === 'string' ? { how: row.how } : {}) };
    if (row.min === undefined && row.max === undefined) return { model, source, value, ...own };
    const check = (v: unknown, name: string) => (metric === 'accuracy' ? requireFraction(v, `rows[${i}].${name}`) : requireNumber(v, `rows[${i}].${name}`));
    const min = check(row.min, 'min');
    const max = check(row.max, 'max');
    if (!(min <= value && value <= max)) throw new ChartInputError(`rows[${i}]: the range ${min}..${max} must contain the value ${value}`);
    const n = requireNumber(row.n ?? 2, `rows[${i}].n`);
    return { model, source, value, min, max, n, ...own };
  });
}

/** "from 98.95% to 99.12%, 3 runs", for the spoken description and the table. */
export function rangeText(r: CompareRow, one: (v: number) => string, labels: Pick<ChartLabels, 'range'>): string {
  return labels.range.replace('{min}', one(r.min!)).replace('{max}', one(r.max!)).replace('{n}', String(r.n ?? ''));
}

const shorten = (text: string) => (text.length > MAX_GROUP_CHARS ? `${text.slice(0, MAX_GROUP_CHARS - 1)}…` : text);

/**
 * CNN vs LSTM, grouped by source. Time uses bars from zero. Accuracy uses dots on a
 * zoomed axis (e.g. 98–100 %): bars would have to start at 0 and then 98.55 % and
 * 99.19 % look identical, while zoomed bars would exaggerate the gap by their length.
 * A dot encodes position only, so a zoomed, clearly labelled axis stays honest.
 */
export function compareChart(rows: readonly CompareRow[], options: CompareOptions): ChartElement {
  const { metric, labels } = options;
  const data = compareRows(rows, metric);
  const title = metric === 'accuracy' ? labels.testAccuracy : labels.trainingTime;
  if (data.length === 0) return emptyChart(title, labels, options);
  const fmt = tickFormatter(labels.locale);
  const one = (v: number) => (metric === 'accuracy' ? formatPercent(labels.locale, v) : `${formatNumber(labels.locale, v, 1)} s`);
  const text = (r: CompareRow) => one(r.value);
  const describe = (r: CompareRow) => `${r.group ?? labels[r.source]}, ${modelLabel(labels, r.model)}: ${text(r)}${r.min !== undefined ? ` (${rangeText(r, one, labels)})` : ''}`;
  const scale = (v: number) => (metric === 'accuracy' ? v * 100 : v);
  const x = (r: CompareRow) => scale(r.value);
  const ranged = data.filter((r) => r.min !== undefined && r.max !== undefined);
  // The axis holds every dot and every range, plus room on the left for the value written beside the lowest dot.
  const lowest = Math.min(...data.map((r) => scale(r.min ?? r.value)));
  const span = 100 - lowest;
  const fy = (r: CompareRow) => groupKey(r);
  const common = { y: 'model', fy, x, fill: (r: CompareRow) => MODEL_COLORS[r.model] } as const;
  const range = Plot.ruleY(ranged, { y: 'model', fy, x1: (r: CompareRow) => scale(r.min!), x2: (r: CompareRow) => scale(r.max!), stroke: (r: CompareRow) => MODEL_COLORS[r.model], strokeWidth: 3, ariaHidden: 'true' });
  const ends = Plot.tickX(ranged.flatMap((r) => [{ ...r, at: scale(r.min!) }, { ...r, at: scale(r.max!) }]), { y: 'model', fy, x: 'at', stroke: (r: CompareRow) => MODEL_COLORS[r.model], strokeWidth: 2, ariaHidden: 'true' });
  const marks: Plot.Markish[] = metric === 'accuracy'
    ? [
        range, ends,
        Plot.dot(data, { ...common, r: 6, ariaLabel: describe }),
        Plot.text(data, { ...common, x: (r: CompareRow) => scale(r.min ?? r.value), fill: 'currentColor', text, textAnchor: 'end', dx: -10, ariaHidden: 'true' }),
      ]
    : [
        Plot.barX(data, { ...common, x1: 0, x2: x, ariaLabel: describe }),
        Plot.ruleY(ranged, { y: 'model', fy, x1: (r: CompareRow) => r.min!, x2: (r: CompareRow) => r.max!, stroke: 'currentColor', strokeWidth: 1.5, ariaHidden: 'true' }),
        Plot.tickX(ranged.flatMap((r) => [{ ...r, at: r.min! }, { ...r, at: r.max! }]), { y: 'model', fy, x: 'at', stroke: 'currentColor', ariaHidden: 'true' }),
        Plot.text(data, { ...common, x: (r: CompareRow) => r.max ?? r.value, fill: 'currentColor', text, textAnchor: 'start', dx: 4, ariaHidden: 'true' }),
        Plot.ruleX([0], { ariaHidden: 'true' }),
      ];
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: title,
    ariaDescription: data.map(describe).join('; '),
    marginLeft: 60,
    // Room for the longest source name on the right ("Keras, même machine", "Exécution de référence").
    marginRight: 150,
    x: metric === 'accuracy'
      ? { label: `${labels.accuracy} (%)`, domain: [Math.max(0, Math.floor(lowest - Math.max(0.5, span * 0.4))), 100], tickFormat: fmt, grid: true }
      : { label: `${labels.seconds} (s)`, tickFormat: fmt, grid: true, nice: true, insetRight: 40 },
    y: { label: null, domain: MODELS.filter((m) => data.some((r) => r.model === m)), tickFormat: (m: ModelKind) => modelLabel(labels, m) },
    fy: { label: null, domain: groupKeys(data), tickFormat: (k: string) => shorten(groupLabel(k, labels)), padding: 0.25 },
    marks,
  }));
}
