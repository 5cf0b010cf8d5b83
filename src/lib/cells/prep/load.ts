import { classCounts } from '../../data/stats';
import { formatDuration, formatNumber } from '../../i18n/format';
import { el, tableElement } from '../dom';
import { loadShared } from '../shared-data';
import type { CellContext, CellOutcome } from '../types';
import { configInt, downloadProgress, pyShape } from './common';

/** mnist.load_data(): downloads both splits (verified shards), prints their shapes and the examples per digit. */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output, signal } = ctx;
  const doc = output.ownerDocument;
  const trainCount = configInt(ctx, 'train', 60_000, 60_000);
  const testCount = configInt(ctx, 'test', 10_000, 10_000);
  const started = performance.now();
  const progress = downloadProgress(ctx);
  const [train, test] = await Promise.all([
    loadShared('train', trainCount, progress('train'), signal),
    loadShared('test', testCount, progress('test'), signal),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const lines = [
    `x_train: ${pyShape([train.count, 28, 28])} uint8`,
    `y_train: ${pyShape([train.count])} uint8`,
    `x_test:  ${pyShape([test.count, 28, 28])} uint8`,
    `y_test:  ${pyShape([test.count])} uint8`,
  ];
  const counts = classCounts(train.labels);
  const table = tableElement(doc, {
    caption: t('prep.perDigit'),
    columns: [t('prep.digit'), t('prep.count')],
    rows: counts.map((c, d) => [String(d), formatNumber(lang, c)]),
  });
  output.append(
    el(doc, 'p', {
      text: t('prep.loaded', { train: formatNumber(lang, train.count), test: formatNumber(lang, test.count), time: formatDuration(seconds) }),
    }),
    el(doc, 'pre', { class: 'rc-log', tabindex: 0, text: lines.join('\n') }),
    table,
  );
  return 'done';
}
