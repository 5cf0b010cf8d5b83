import * as Plot from '@observablehq/plot';
import type { EpochLog, ModelKind } from '../train/protocol';
import type { ChartLabels } from './labels';
import { tickFormatter } from './format';
import { CHART_STYLE, emptyChart, lineLegend, sizeOptions, type ChartContext, type ChartElement, type LegendItem, labelShapes } from './frame';
import { seriesColor } from './palette';
import { ChartInputError, requireFraction, requireNumber, requireOneOf } from './validate';

/** Whose epochs a series holds: the student's run, the committed reference run, the notebook, or a run file loaded on the page. */
export type HistoryKind = 'student' | 'reference' | 'notebook' | 'file';
/** One run's per-epoch history; `model` picks its fixed hue (CNN blue, LSTM vermillion). */
export interface HistorySeries { name: string; kind: HistoryKind; history: EpochLog[]; model?: ModelKind }
/** The metric plotted against epochs. */
export type HistoryMetric = 'loss' | 'accuracy';
/** Labels the history chart and table use. */
export type HistoryLabels = Pick<ChartLabels, 'locale' | 'empty' | 'epoch' | 'loss' | 'accuracy' | 'training' | 'validation' | 'lossPerEpoch' | 'accuracyPerEpoch'>;
/** Options of historyChart. */
export interface HistoryOptions extends ChartContext { metric: HistoryMetric; labels: HistoryLabels }

/** A validated point; accuracy stays a fraction here, the chart scales it to %. */
export interface HistoryPoint { series: number; phase: 'training' | 'validation'; epoch: number; value: number }

const KINDS: readonly HistoryKind[] = ['student', 'reference', 'notebook', 'file'];
// Your run stands out; the reference is a faint backdrop; the notebook's few epochs are rings.
const LOOK: Record<HistoryKind, { width: number; opacity: number; marker?: 'filled' | 'ring' }> = {
  student: { width: 2, opacity: 1, marker: 'filled' },
  reference: { width: 1.5, opacity: 0.45 },
  notebook: { width: 1.5, opacity: 0.8, marker: 'ring' },
  // Someone else's run, loaded from a file: drawn like the notebook's, under yours.
  file: { width: 1.5, opacity: 0.8, marker: 'ring' },
};
const DRAW_ORDER: Record<HistoryKind, number> = { reference: 0, notebook: 1, file: 1, student: 2 };
const DASH = { training: undefined, validation: '5,3' } as const;

/** Validates series and flattens them into points (training and validation) for one metric. */
export function historyPoints(series: readonly HistorySeries[], metric: HistoryMetric): HistoryPoint[] {
  if (!Array.isArray(series)) throw new ChartInputError('historyChart expects an array of series');
  requireOneOf(metric, ['loss', 'accuracy'], 'metric');
  const points: HistoryPoint[] = [];
  series.forEach((s, i) => {
    requireOneOf(s?.kind, KINDS, `series[${i}].kind`);
    if (typeof s.name !== 'string') throw new ChartInputError(`series[${i}].name must be a string`);
    if (!Array.isArray(s.history)) throw new ChartInputError(`series[${i}].history must be an array of EpochLog`);
    const history: readonly EpochLog[] = s.history;
    history.forEach((log, j) => {
      const where = `series[${i}].history[${j}]`;
      const index = requireNumber(log?.epoch, `${where}.epoch`);
      if (!Number.isFinite(index)) throw new ChartInputError(`${where}.epoch must be finite`);
      // EpochLog.epoch is 0-based (as TF.js callbacks give it); students read epochs 1..n, as Keras prints them.
      const epoch = index + 1;
      // A diverged loss (NaN, Infinity) is real data: it becomes a gap, not an error.
      const read = metric === 'loss'
        ? (v: unknown, w: string) => { const n = requireNumber(v, w); return Number.isFinite(n) ? n : NaN; }
        : requireFraction;
      points.push({ series: i, phase: 'training', epoch, value: read(log[metric], `${where}.${metric}`) });
      points.push({ series: i, phase: 'validation', epoch, value: read(log[`val_${metric}`], `${where}.val_${metric}`) });
    });
  });
  return points;
}

/** Loss or accuracy per epoch for one run, with optional reference/notebook overlays. */
export function historyChart(series: readonly HistorySeries[], options: HistoryOptions): ChartElement {
  const { metric, labels } = options;
  const points = historyPoints(series, metric);
  const title = metric === 'loss' ? labels.lossPerEpoch : labels.accuracyPerEpoch;
  if (points.length === 0) return emptyChart(title, labels, options);
  const scale = metric === 'accuracy' ? 100 : 1;
  const fmt = tickFormatter(labels.locale);
  const epochs = [...new Set(points.map((p) => p.epoch))].sort((a, b) => a - b);
  const marks: Plot.Markish[] = [];
  const legend: LegendItem[] = series.map((s, i) => {
    const look = LOOK[s.kind];
    return { label: s.name, color: seriesColor(s.model, i), width: look.width, opacity: look.opacity, ...(look.marker ? { marker: look.marker } : {}) };
  });
  // Backdrops first, so your run is drawn on top of the reference and the notebook.
  const order = series.map((_, i) => i).sort((a, b) => DRAW_ORDER[series[a]!.kind] - DRAW_ORDER[series[b]!.kind] || a - b);
  for (const i of order) {
    const s = series[i]!;
    const look = LOOK[s.kind];
    const color = seriesColor(s.model, i);
    for (const phase of ['training', 'validation'] as const) {
      const data = points.filter((p) => p.series === i && p.phase === phase);
      const name = `${s.name}, ${labels[phase]}`;
      const dash = DASH[phase];
      const common = { x: 'epoch', y: (p: HistoryPoint) => p.value * scale };
      marks.push(Plot.line(data, {
        ...common, stroke: color, strokeWidth: look.width, strokeOpacity: look.opacity,
        ...(dash ? { strokeDasharray: dash } : {}), ariaLabel: () => name,
      }));
      if (look.marker) {
        marks.push(Plot.dot(data, {
          ...common, r: 3, stroke: color, strokeOpacity: look.opacity,
          fill: look.marker === 'filled' ? color : 'none',
          ariaLabel: (p: HistoryPoint) => `${name}, ${labels.epoch} ${fmt(p.epoch)}: ${fmt(p.value * scale)}`,
        }));
      }
    }
  }
  legend.push({ label: labels.training, color: 'currentColor' }, { label: labels.validation, color: 'currentColor', dash: DASH.validation });
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: title,
    ariaDescription: series.map((s) => s.name).join('; '),
    caption: lineLegend(legend, options.document),
    x: { label: labels.epoch, tickFormat: fmt, ...(epochs.length <= 12 ? { ticks: epochs } : {}) },
    y: { label: metric === 'loss' ? labels.loss : `${labels.accuracy} (%)`, tickFormat: fmt, grid: true, nice: true, ...(metric === 'loss' ? { zero: true } : {}) },
    marks,
  }));
}
