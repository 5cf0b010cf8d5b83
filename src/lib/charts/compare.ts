import * as Plot from '@observablehq/plot';
import type { ModelKind } from '../train/protocol';
import { modelLabel, type ChartLabels } from './labels';
import { formatNumber, formatPercent, tickFormatter } from './format';
import { CHART_STYLE, emptyChart, sizeOptions, type ChartContext, type ChartElement, labelShapes } from './frame';
import { MODEL_COLORS } from './palette';
import { ChartInputError, requireFraction, requireNumber, requireOneOf } from './validate';

/** Where a figure comes from: the notebook's published run, the committed reference run, or the reader's. */
export type CompareSource = 'notebook' | 'reference' | 'student';
/** One figure to compare; accuracy is a fraction (0.9919), time is in seconds. */
export interface CompareRow { model: ModelKind; source: CompareSource; value: number }
/** The compared quantity. */
export type CompareMetric = 'accuracy' | 'seconds';
/** Labels the comparison chart and table use. */
export type CompareLabels = Pick<ChartLabels, 'locale' | 'empty' | 'accuracy' | 'seconds' | 'cnn' | 'lstm' | 'notebook' | 'reference' | 'student' | 'source' | 'testAccuracy' | 'trainingTime'>;
/** Options of compareChart. */
export interface CompareOptions extends ChartContext { metric: CompareMetric; labels: CompareLabels }

/** Display order of the groups, and of the models inside each. */
export const SOURCES: readonly CompareSource[] = ['notebook', 'reference', 'student'];
const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];

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
    if (seen.has(`${model}/${source}`)) throw new ChartInputError(`rows hold ${model}/${source} twice`);
    seen.add(`${model}/${source}`);
    return { model, source, value };
  });
}

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
  const text = (r: CompareRow) => (metric === 'accuracy' ? formatPercent(labels.locale, r.value) : `${formatNumber(labels.locale, r.value, 1)} s`);
  const describe = (r: CompareRow) => `${labels[r.source]}, ${modelLabel(labels, r.model)}: ${text(r)}`;
  const x = (r: CompareRow) => (metric === 'accuracy' ? r.value * 100 : r.value);
  const lowest = Math.min(...data.map(x));
  const common = { y: 'model', fy: 'source', x, fill: (r: CompareRow) => MODEL_COLORS[r.model] } as const;
  const marks: Plot.Markish[] = metric === 'accuracy'
    ? [
        Plot.dot(data, { ...common, r: 6, ariaLabel: describe }),
        Plot.text(data, { ...common, fill: 'currentColor', text, textAnchor: 'end', dx: -10, ariaHidden: 'true' }),
      ]
    : [
        Plot.barX(data, { ...common, x1: 0, x2: x, ariaLabel: describe }),
        Plot.text(data, { ...common, fill: 'currentColor', text, textAnchor: 'start', dx: 4, ariaHidden: 'true' }),
        Plot.ruleX([0], { ariaHidden: 'true' }),
      ];
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: title,
    ariaDescription: data.map(describe).join('; '),
    marginLeft: 60,
    marginRight: 120,
    x: metric === 'accuracy'
      ? { label: `${labels.accuracy} (%)`, domain: [Math.max(0, Math.floor(lowest - 0.5)), 100], tickFormat: fmt, grid: true }
      : { label: `${labels.seconds} (s)`, tickFormat: fmt, grid: true, nice: true, insetRight: 40 },
    y: { label: null, domain: MODELS.filter((m) => data.some((r) => r.model === m)), tickFormat: (m: ModelKind) => modelLabel(labels, m) },
    fy: { label: null, domain: SOURCES.filter((s) => data.some((r) => r.source === s)), tickFormat: (s: CompareSource) => labels[s], padding: 0.25 },
    marks,
  }));
}
