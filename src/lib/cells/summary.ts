import * as tf from '@tensorflow/tfjs';
import notebook from '../../data/notebook.json';
import { formatNumber } from '../i18n/format';
import { createModel, summarize } from '../models';
import type { ModelKind } from '../train/protocol';
import { el } from './dom';
import { pyShape } from './prep/common';
import type { CellContext, CellOutcome } from './types';

/**
 * model.summary(): builds the real model (CPU backend: no training here), reads
 * its layers and weights, prints a Keras-like table, and disposes it.
 */
export async function run(ctx: CellContext, model: ModelKind): Promise<CellOutcome> {
  const { t, lang, output } = ctx;
  const doc = output.ownerDocument;
  ctx.progress.set(null, t('summary.building'));
  await tf.setBackend('cpu');
  const net = createModel(model, 42);
  const summary = (() => {
    try {
      return summarize(net);
    } finally {
      net.dispose();
    }
  })();
  const n = (v: number) => formatNumber(lang, v);
  const head = el(doc, 'tr', {},
    el(doc, 'th', { scope: 'col', text: t('summary.layer') }),
    el(doc, 'th', { scope: 'col', text: t('summary.output') }),
    el(doc, 'th', { scope: 'col', class: 'num', text: t('summary.params') }));
  const rows = summary.rows.map((r) => el(doc, 'tr', {},
    el(doc, 'th', { scope: 'row', text: `${r.name} (${r.type})` }),
    el(doc, 'td', { text: pyShape(r.outputShape) }),
    el(doc, 'td', { class: 'num', text: n(r.params) })));
  const nonTrainable = summary.totalParams - summary.trainableParams;
  const expected = notebook.models[model].parameters;
  output.append(
    el(doc, 'table', { class: 'rc-table rc-summary' },
      el(doc, 'caption', { text: t('summary.caption', { name: t(`model.${model}`) }) }),
      el(doc, 'thead', {}, head), el(doc, 'tbody', {}, ...rows)),
    el(doc, 'pre', { class: 'rc-log', tabindex: 0, text: [
      t('summary.total', { n: n(summary.totalParams) }),
      t('summary.trainable', { n: n(summary.trainableParams) }),
      t('summary.nonTrainable', { n: n(nonTrainable) }),
    ].join('\n') }),
    el(doc, 'p', { text: t(summary.totalParams === expected ? 'summary.matches' : 'summary.differs', { n: n(expected) }) }),
  );
  return 'done';
}
