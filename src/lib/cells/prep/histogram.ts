import { histogramChart } from '../../charts/histogram';
import { histogramTable } from '../../charts/tables';
import { normalize } from '../../data/pixels';
import { chartLabels } from '../../i18n/chart-labels';
import { formatNumber } from '../../i18n/format';
import { el } from '../dom';
import { chartFigure } from '../figure';
import { loadShared } from '../shared-data';
import type { CellContext, CellOutcome } from '../types';
import { configInt, downloadProgress, pixelStats } from './common';

/** Pixel values before and after the notebook's normalisation (x / 255), with the site's own normalize(). */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output, signal } = ctx;
  const doc = output.ownerDocument;
  const n = configInt(ctx, 'count', 10_000, 60_000);
  const set = await loadShared('train', n, downloadProgress(ctx)('train'), signal);
  const before = set.images;
  const after = normalize(before);
  const labels = chartLabels(lang, t);
  const source = t('prep.histSource', { n: formatNumber(lang, n), pixels: formatNumber(lang, before.length) });
  const part = (pixels: Uint8Array | Float32Array, title: string, digits: number) => {
    const s = pixelStats(pixels);
    const fmt = (v: number) => formatNumber(lang, v, digits);
    return el(doc, 'div', {},
      chartFigure(doc, t, {
        title,
        sources: [source],
        build: () => histogramChart(pixels, { document: doc, labels, width: 320, height: 220 }),
        table: () => histogramTable(pixels, { labels }),
      }),
      el(doc, 'p', { class: 'rc-log', text: t('prep.stats', { min: fmt(s.min), max: fmt(s.max), mean: fmt(s.mean) }) }));
  };
  output.append(el(doc, 'div', { class: 'rc-pair' },
    part(before, t('prep.histBefore'), 1),
    part(after, t('prep.histAfter'), 3)));
  return 'done';
}
