import * as Plot from '@observablehq/plot';
import type { ModelKind } from '../train/protocol';
import type { ChartLabels } from './labels';
import { formatPercent, tickFormatter } from './format';
import { CHART_STYLE, emptyChart, lineLegend, sizeOptions, type ChartContext, type ChartElement, labelShapes } from './frame';
import { seriesColor } from './palette';
import { ChartInputError, requireFractions } from './validate';

/** One model's accuracy on each digit 0–9, as fractions. */
export interface PerClassSeries { name: string; model: ModelKind; values: number[] }
/** Labels the per-class chart and table use. */
export type PerClassLabels = Pick<ChartLabels, 'locale' | 'empty' | 'digit' | 'accuracy' | 'perClassAccuracy'>;
/** Options of perClassChart. */
export interface PerClassOptions extends ChartContext { labels: PerClassLabels }
/** A validated point: series index, digit, accuracy fraction. */
export interface PerClassPoint { series: number; digit: number; value: number }

// Circle then square: the two models differ by shape as well as by hue.
const SYMBOLS = ['circle', 'square'] as const;

/** Validates series (10 fractions each, distinct names) and flattens them. */
export function perClassPoints(series: readonly PerClassSeries[]): PerClassPoint[] {
  if (!Array.isArray(series)) throw new ChartInputError('perClassChart expects an array of series');
  const names = new Set<string>();
  return series.flatMap((s, i) => {
    if (typeof s?.name !== 'string' || names.has(s.name)) throw new ChartInputError(`series[${i}].name must be a distinct string`);
    names.add(s.name);
    // A digit the test set did not hold has no accuracy (NaN): no point for it.
    const raw: unknown = s.values;
    // Not ten values: requireFractions throws the message (it cannot return here).
    if (!Array.isArray(raw) || raw.length !== 10) requireFractions(raw, 10, `series[${i}].values`);
    if (!Array.isArray(raw)) return [];
    const present: { v: unknown; digit: number }[] = raw.map((v: unknown, digit: number) => ({ v, digit })).filter((p) => !(typeof p.v === 'number' && Number.isNaN(p.v)));
    const values = requireFractions([...present.map((p) => p.v), ...Array<number>(10 - present.length).fill(0)], 10, `series[${i}].values`).slice(0, present.length);
    return values.map((value, k) => ({ series: i, digit: present[k]!.digit, value }));
  });
}

/**
 * Accuracy per digit for one or two models. Dots on a zoomed axis rather than bars,
 * for the reason given in compare.ts: bars from 0 would make 97 % and 99 % look alike.
 */
export function perClassChart(series: readonly PerClassSeries[], options: PerClassOptions): ChartElement {
  const { labels } = options;
  const points = perClassPoints(series);
  if (points.length === 0) return emptyChart(labels.perClassAccuracy, labels, options);
  const fmt = tickFormatter(labels.locale);
  const lowest = Math.min(...points.map((p) => p.value * 100));
  const names = series.map((s) => s.name);
  const offset = (i: number) => (i - (series.length - 1) / 2) * 7;
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: labels.perClassAccuracy,
    ariaDescription: names.join('; '),
    ...(series.length > 1 ? { caption: lineLegend(series.map((s, i) => ({
      label: s.name, color: seriesColor(s.model, i), line: false, marker: i % SYMBOLS.length === 0 ? 'filled' as const : 'square' as const,
    })), options.document) } : {}),
    x: { label: `${labels.accuracy} (%)`, domain: [Math.max(0, Math.floor(lowest - 0.5)), 100], tickFormat: fmt, grid: true },
    y: { label: labels.digit, domain: Array.from({ length: 10 }, (_, d) => d), grid: true },
    color: { domain: names, range: series.map((s, i) => seriesColor(s.model, i)) },
    symbol: { domain: names, range: names.map((_, i) => SYMBOLS[i % SYMBOLS.length]!) },
    marks: series.map((s, i) => Plot.dot(points.filter((p) => p.series === i), {
      x: (p: PerClassPoint) => p.value * 100,
      y: 'digit',
      dy: offset(i),
      fill: () => s.name,
      symbol: () => s.name,
      r: 4,
      ariaLabel: (p: PerClassPoint) => `${s.name}, ${labels.digit} ${p.digit}: ${formatPercent(labels.locale, p.value)}`,
    })),
  }));
}
