import { oneHot } from '../../data/pixels';
import { el } from '../dom';
import { loadShared } from '../shared-data';
import type { CellContext, CellOutcome } from '../types';
import { configInt, downloadProgress } from './common';

/** The first training labels and their one-hot rows (to_categorical), computed by the site's oneHot(). */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, output, signal } = ctx;
  const doc = output.ownerDocument;
  const n = configInt(ctx, 'count', 4, 20);
  const set = await loadShared('train', n, downloadProgress(ctx)('train'), signal);
  const labels = set.labels.subarray(0, n);
  const encoded = oneHot(labels);
  const head = el(doc, 'tr', {}, el(doc, 'th', { scope: 'col', text: t('prep.label') }),
    ...Array.from({ length: 10 }, (_, d) => el(doc, 'th', { scope: 'col', class: 'num', text: String(d) })));
  const rows = Array.from(labels, (label, i) =>
    el(doc, 'tr', {}, el(doc, 'th', { scope: 'row', text: String(label) }),
      ...Array.from(encoded.subarray(i * 10, (i + 1) * 10), (v) => el(doc, 'td', { class: v === 1 ? 'num is-hot' : 'num', text: String(v) }))));
  output.append(
    el(doc, 'table', { class: 'rc-table rc-onehot' },
      el(doc, 'caption', { text: t('prep.oneHotCaption', { n }) }), el(doc, 'thead', {}, head), el(doc, 'tbody', {}, ...rows)),
    el(doc, 'pre', { class: 'rc-log', tabindex: 0, text: `to_categorical(${labels[0]}, 10) → [${Array.from(encoded.subarray(0, 10)).join(', ')}]` }),
  );
  return 'done';
}
