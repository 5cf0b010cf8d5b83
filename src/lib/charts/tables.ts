import type { BatchLog } from '../train/protocol';
import { batchPoints, type BatchLabels } from './batches';
import { compareRows, groupKey, groupKeys, groupLabel, rangeText, type CompareLabels, type CompareMetric, type CompareRow } from './compare';
import { checkConfusion, type ConfusionLabels } from './confusion';
import { MISSING, formatNumber, formatPercent } from './format';
import { historyPoints, type HistoryLabels, type HistoryMetric, type HistorySeries } from './history';
import { binPixels, type HistogramLabels, type PixelBins } from './histogram';
import { modelLabel } from './labels';
import { perClassPoints, type PerClassLabels, type PerClassSeries } from './perClass';

/**
 * A chart's data as a table for screen readers (and anyone who wants the numbers).
 * Cells are already formatted for the locale; the first column holds row headers.
 */
export interface DataTable { caption: string; columns: string[]; rows: string[][] }

/** Per-epoch values of every series: one row per epoch, training and validation columns. */
export function historyTable(series: readonly HistorySeries[], o: { metric: HistoryMetric; labels: HistoryLabels }): DataTable {
  const { labels, metric } = o;
  const points = historyPoints(series, metric);
  const cell = (v: number) => (metric === 'loss' ? formatNumber(labels.locale, v, 4) : formatPercent(labels.locale, v));
  const epochs = [...new Set(points.map((p) => p.epoch))].sort((a, b) => a - b);
  const columns = series.flatMap((s) => [`${s.name}, ${labels.training}`, `${s.name}, ${labels.validation}`]);
  const byKey = new Map(points.map((p) => [`${p.epoch}/${p.series}/${p.phase}`, p.value]));
  const rows = epochs.map((e) => [formatNumber(labels.locale, e, 2), ...series.flatMap((_, i) =>
    (['training', 'validation'] as const).map((ph) => { const v = byKey.get(`${e}/${i}/${ph}`); return v === undefined ? MISSING : cell(v); }))]);
  return { caption: metric === 'loss' ? labels.lossPerEpoch : labels.accuracyPerEpoch, columns: [labels.epoch, ...columns], rows };
}

/** The last batch reached in each epoch (a row per batch would swamp a screen reader). */
export function batchesTable(logs: readonly BatchLog[], o: { metric: 'loss' | 'accuracy'; labels: BatchLabels }): DataTable {
  const { labels } = o;
  const points = batchPoints(logs);
  const last = new Map<number, (typeof points)[number]>();
  points.forEach((p, i) => last.set(logs[i]!.epoch, p));
  const rows = [...last.values()].map((p) => [formatNumber(labels.locale, p.x, 2), formatNumber(labels.locale, p.loss, 4), formatPercent(labels.locale, p.accuracy)]);
  return { caption: o.metric === 'loss' ? labels.lossPerBatch : labels.accuracyPerBatch, columns: [labels.epoch, labels.loss, labels.accuracy], rows };
}

/** One row per source, one column per model. */
export function compareTable(input: readonly CompareRow[], o: { metric: CompareMetric; labels: CompareLabels; how?: Partial<Record<CompareRow['source'], string>> }): DataTable {
  const { labels, metric } = o;
  const data = compareRows(input, metric);
  const one = (v: number) => (metric === 'accuracy' ? formatPercent(labels.locale, v) : `${formatNumber(labels.locale, v, 1)} s`);
  const cell = (r: CompareRow | undefined) => (r === undefined ? MISSING
    : r.min !== undefined ? `${one(r.value)} (${rangeText(r, one, labels)})` : one(r.value));
  // With `how`, a last column says how each source ran, technical detail included (backend, kernels).
  const how = o.how;
  // A row per group: the sources, then each own group (a loaded run file), which says itself how it ran.
  const rows = groupKeys(data).map((k) => {
    const mine = data.filter((r) => groupKey(r) === k);
    const own = mine.find((r) => r.how !== undefined)?.how;
    return [groupLabel(k, labels), ...(['cnn', 'lstm'] as const).map((m) => cell(mine.find((r) => r.model === m))),
      ...(how ? [own ?? (mine[0]!.group === undefined ? how[mine[0]!.source] : undefined) ?? MISSING] : [])];
  });
  const columns = [labels.source, modelLabel(labels, 'cnn'), modelLabel(labels, 'lstm'), ...(how ? [labels.howItRan] : [])];
  return { caption: metric === 'accuracy' ? labels.testAccuracy : labels.trainingTime, columns, rows };
}

/** The matrix itself: true digits down, predicted digits across. */
export function confusionTable(matrix: readonly (readonly number[])[], o: { labels: ConfusionLabels }): DataTable {
  const { labels } = o;
  const digits = Array.from({ length: 10 }, (_, d) => String(d));
  if (matrix.length > 0) checkConfusion(matrix);
  const rows = matrix.map((row, t) => [String(t), ...row.map((c) => formatNumber(labels.locale, c, 0))]);
  return { caption: labels.confusionMatrix, columns: [`${labels.trueDigit} \\ ${labels.predictedDigit}`, ...digits], rows };
}

/** One row per digit, one column per model. */
export function perClassTable(series: readonly PerClassSeries[], o: { labels: PerClassLabels }): DataTable {
  const { labels } = o;
  const points = perClassPoints(series);
  const rows = series.length === 0 ? [] : Array.from({ length: 10 }, (_, d) => [String(d),
    ...series.map((_, i) => {
      const point = points.find((p) => p.series === i && p.digit === d);
      return point ? formatPercent(labels.locale, point.value) : '—'; // no test image of that digit
    })]);
  return { caption: labels.perClassAccuracy, columns: [labels.digit, ...series.map((s) => s.name)], rows };
}

/** One row per bin: its pixel-value range and the share of pixels in it. */
export function histogramTable(pixels: Uint8Array | Float32Array | PixelBins, o: { labels: HistogramLabels; bins?: number }): DataTable {
  const { labels } = o;
  const b = pixels instanceof Uint8Array || pixels instanceof Float32Array ? binPixels(pixels, o.bins) : pixels;
  const fmt = (v: number) => formatNumber(labels.locale, v, 3);
  // Grey levels are integers, so a byte bin [0, 8) reads best as 0–7.
  const range = (i: number) => (b.max === 256
    ? (b.x1[i]! - b.x0[i]! <= 1 ? fmt(b.x0[i]!) : `${fmt(b.x0[i]!)}–${fmt(b.x1[i]! - 1)}`)
    : `${fmt(b.x0[i]!)}–${fmt(b.x1[i]!)}`);
  const rows = b.total === 0 ? [] : b.counts.map((c, i) => [range(i), formatPercent(labels.locale, c / b.total, 2)]);
  return { caption: labels.pixelHistogram, columns: [labels.pixelValue, `${labels.pixelShare} (%)`], rows };
}
