import * as Plot from '@observablehq/plot';
import type { BatchLog, ModelKind } from '../train/protocol';
import type { ChartLabels } from './labels';
import { tickFormatter } from './format';
import { CHART_STYLE, emptyChart, sizeOptions, type ChartContext, type ChartElement, labelShapes } from './frame';
import { seriesColor } from './palette';
import { ChartInputError, requireFraction, requireNumber, requireOneOf } from './validate';

/** A point of the live curve: x counts epochs, fractions included (2.5 = halfway through epoch 2). */
export interface BatchPoint { x: number; loss: number; accuracy: number }
/** Labels the batch chart and table use. */
export type BatchLabels = Pick<ChartLabels, 'locale' | 'empty' | 'epoch' | 'loss' | 'accuracy' | 'lossPerBatch' | 'accuracyPerBatch'>;
/** Options of batchesChart; `epochs` fixes the x axis so it does not stretch as batches arrive. */
export interface BatchOptions extends ChartContext {
  metric: 'loss' | 'accuracy';
  labels: BatchLabels;
  epochs?: number;
  model?: ModelKind;
  maxPoints?: number;
}

/** Default ceiling on drawn points: enough for a smooth curve, cheap to redraw on every message. */
export const MAX_BATCH_POINTS = 500;

/** Validates one log and places it on the epoch axis (x = epoch + batch / batchesPerEpoch). */
function toPoint(log: BatchLog, i: number): BatchPoint {
  const where = `logs[${i}]`;
  const epoch = requireNumber(log?.epoch, `${where}.epoch`);
  const batch = requireNumber(log.batch, `${where}.batch`);
  const per = requireNumber(log.batchesPerEpoch, `${where}.batchesPerEpoch`);
  if (!(per > 0) || !Number.isFinite(epoch) || !Number.isFinite(batch)) {
    throw new ChartInputError(`${where} needs finite epoch and batch and batchesPerEpoch > 0`);
  }
  const loss = requireNumber(log.loss, `${where}.loss`);
  const accuracy = requireFraction(log.accuracy, `${where}.accuracy`);
  return { x: epoch + batch / per, loss: Number.isFinite(loss) ? loss : NaN, accuracy };
}

/** Validates every log and places it on the epoch axis, one point per log. */
export function batchPoints(logs: readonly BatchLog[]): BatchPoint[] {
  if (!Array.isArray(logs)) throw new ChartInputError('batchesChart expects an array of BatchLog');
  return logs.map(toPoint);
}

/** Mean of the finite values (a diverged batch does not poison its whole bucket); NaN if none. */
function finiteMean(values: number[]): number {
  const ok = values.filter(Number.isFinite);
  return ok.length === 0 ? NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
}

/**
 * Validates logs and averages consecutive batches into at most maxPoints points.
 * Averaging (not skipping) keeps every batch's effect on the curve, like a light smoothing.
 */
export function downsampleBatches(logs: readonly BatchLog[], maxPoints = MAX_BATCH_POINTS): BatchPoint[] {
  if (!(maxPoints >= 1)) throw new ChartInputError(`maxPoints must be at least 1, got ${maxPoints}`);
  const points = batchPoints(logs);
  if (points.length <= maxPoints) return points;
  const size = Math.ceil(points.length / maxPoints);
  const out: BatchPoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    out.push({
      x: finiteMean(bucket.map((p) => p.x)),
      loss: finiteMean(bucket.map((p) => p.loss)),
      accuracy: finiteMean(bucket.map((p) => p.accuracy)),
    });
  }
  return out;
}

/** Live per-batch loss or accuracy of the training run in progress. */
export function batchesChart(logs: readonly BatchLog[], options: BatchOptions): ChartElement {
  const { labels, metric } = options;
  requireOneOf(metric, ['loss', 'accuracy'], 'metric');
  const points = downsampleBatches(logs, options.maxPoints);
  const title = metric === 'loss' ? labels.lossPerBatch : labels.accuracyPerBatch;
  if (points.length === 0) return emptyChart(title, labels, options);
  const fmt = tickFormatter(labels.locale);
  const y = (p: BatchPoint) => (metric === 'loss' ? p.loss : p.accuracy * 100);
  const start = Math.floor(points[0]!.x);
  const end = options.epochs === undefined ? Math.ceil(points.at(-1)!.x) : start + options.epochs;
  const boundaries = Array.from({ length: Math.max(0, end - start + 1) }, (_, i) => start + i);
  const last = points.at(-1)!;
  const color = seriesColor(options.model, 0);
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    style: CHART_STYLE,
    ariaLabel: title,
    ariaDescription: `${labels.epoch} ${fmt(last.x)}: ${fmt(y(last))}`,
    x: { label: labels.epoch, domain: [start, Math.max(end, last.x)], tickFormat: fmt, ticks: boundaries.length <= 12 ? boundaries : 10 },
    y: metric === 'loss'
      ? { label: labels.loss, tickFormat: fmt, grid: true, nice: true, zero: true }
      : { label: `${labels.accuracy} (%)`, tickFormat: fmt, grid: true, domain: [0, 100] },
    marks: [
      Plot.ruleX(boundaries, { strokeOpacity: 0.15, ariaHidden: 'true' }),
      Plot.line(points, { x: 'x', y, stroke: color, strokeWidth: 1.5, ariaLabel: () => title }),
      Plot.dot([last], { x: 'x', y, fill: color, r: 3, ariaHidden: 'true' }),
    ],
  }));
}
