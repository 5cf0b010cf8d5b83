import * as Plot from '@observablehq/plot';
import type { ChartLabels } from './labels';
import { formatNumber } from './format';
import { CHART_STYLE, emptyChart, sizeOptions, type ChartContext, type ChartElement, labelShapes } from './frame';
import { textColorOn } from './palette';
import { ChartInputError } from './validate';

/** Labels the confusion chart and table use. */
export type ConfusionLabels = Pick<ChartLabels, 'locale' | 'empty' | 'trueDigit' | 'predictedDigit' | 'count' | 'confusionMatrix'>;
/** Options of confusionChart. */
export interface ConfusionOptions extends ChartContext { labels: ConfusionLabels }
/** One drawn cell: counts by (true, predicted), with the fill and the text colour that reads on it. */
export interface ConfusionCell { actual: number; predicted: number; count: number; fill: string | null; ink: string }

/** Validates confusion[true][predicted]: 10 rows of 10 non-negative integer counts. */
export function checkConfusion(matrix: readonly (readonly number[])[]): void {
  if (!Array.isArray(matrix) || matrix.length !== 10) {
    throw new ChartInputError(`confusion must be 10×10 (one row per true digit), got ${Array.isArray(matrix) ? matrix.length : typeof matrix} rows`);
  }
  matrix.forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== 10) throw new ChartInputError(`confusion row ${t} must hold 10 counts, got ${Array.isArray(row) ? row.length : typeof row}`);
    row.forEach((c, p) => {
      if (!Number.isInteger(c) || c < 0) throw new ChartInputError(`confusion[${t}][${p}] must be a count (integer >= 0), got ${JSON.stringify(c)}`);
    });
  });
}

/**
 * Colours each cell. The scale is logarithmic: diagonals hold ~1,000 images and
 * mistakes a handful, so a linear scale would hide every mistake. Zero cells stay
 * unfilled (no glaring light square on a dark page); counts are printed anyway.
 */
export function confusionCells(matrix: readonly (readonly number[])[]): ConfusionCell[] {
  checkConfusion(matrix);
  const max = Math.max(1, ...matrix.flat());
  // range skips the palest quarter of Blues so the lightest filled cell still shows on white.
  const color = Plot.scale({ color: { type: 'log', domain: [1, Math.max(2, max)], scheme: 'blues', range: [0.25, 1] } });
  return matrix.flatMap((row, actual) => row.map((count, predicted) => {
    const fill = count > 0 ? String(color.apply(count)) : null;
    return { actual, predicted, count, fill, ink: fill ? textColorOn(fill) : 'currentColor' };
  }));
}

/** 10×10 confusion heatmap: true digit on y, predicted on x, count in each cell. */
export function confusionChart(matrix: readonly (readonly number[])[], options: ConfusionOptions): ChartElement {
  const { labels } = options;
  if (Array.isArray(matrix) && matrix.length === 0) return emptyChart(labels.confusionMatrix, labels, options);
  const cells = confusionCells(matrix);
  const filled = cells.filter((c) => c.fill !== null);
  const fmt = (n: number) => formatNumber(labels.locale, n, 0);
  const digits = Array.from({ length: 10 }, (_, i) => i);
  const describe = (c: ConfusionCell) => `${labels.trueDigit} ${c.actual}, ${labels.predictedDigit} ${c.predicted}: ${fmt(c.count)}`;
  return labelShapes(Plot.plot({
    document: options.document,
    ...sizeOptions(options),
    ...(options.width === undefined ? { width: 460 } : {}),
    ...(options.height === undefined ? { height: 440 } : {}),
    style: CHART_STYLE,
    ariaLabel: labels.confusionMatrix,
    ariaDescription: `${labels.trueDigit} ↓, ${labels.predictedDigit} →`,
    padding: 0.04,
    marginTop: 50,
    x: { label: labels.predictedDigit, domain: digits, axis: 'top' },
    y: { label: labels.trueDigit, domain: digits },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'actual', fill: 'none', stroke: 'currentColor', strokeOpacity: 0.15, ariaHidden: 'true' }),
      Plot.cell(filled, { x: 'predicted', y: 'actual', fill: { value: 'fill', scale: null }, ariaLabel: describe, title: describe }),
      Plot.text(cells, {
        x: 'predicted', y: 'actual', text: (c: ConfusionCell) => fmt(c.count),
        fill: { value: 'ink', scale: null }, fillOpacity: { value: (c: ConfusionCell) => (c.count === 0 ? 0.45 : 1), scale: null },
        ariaHidden: 'true',
      }),
    ],
  }));
}
