import { digitImage } from '../../charts/digit';
import { el } from '../dom';
import { loadShared } from '../shared-data';
import type { CellContext, CellOutcome } from '../types';
import { configInt, downloadProgress } from './common';

/** A grid of the first training digits, each with its label (like plt.imshow in a loop). */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, output, signal } = ctx;
  const doc = output.ownerDocument;
  const n = configInt(ctx, 'count', 24, 100);
  const set = await loadShared('train', n, downloadProgress(ctx)('train'), signal);
  const items = Array.from({ length: n }, (_, i) => {
    const label = set.labels[i] ?? 0;
    const image = digitImage(set.images.subarray(i * 784, (i + 1) * 784), {
      document: doc,
      size: 56,
      ariaLabel: t('prep.sampleAlt', { index: i, label }),
    });
    return el(doc, 'li', {}, image, el(doc, 'span', { 'aria-hidden': 'true', text: String(label) }));
  });
  output.append(
    el(doc, 'figure', { class: 'rc-figure' },
      el(doc, 'ul', { class: 'rc-digits', role: 'list' }, ...items),
      el(doc, 'figcaption', { text: t('prep.samplesCaption', { n }) })),
  );
  return 'done';
}
