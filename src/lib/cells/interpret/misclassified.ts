import { digitImage } from '../../charts/digit';
import { formatNumber, formatPercent } from '../../i18n/format';
import { el } from '../dom';
import { configInt, downloadProgress } from '../prep/common';
import { loadShared } from '../shared-data';
import type { CellContext, CellOutcome } from '../types';
import { sourceLines } from './compare';
import { evaluatedRun } from './pick';
import { MODELS, startInterpretation } from './sources';

/**
 * A gallery of misclassified test digits per model, most confident mistakes first.
 * The evaluation stores indices only, so the test images are loaded (shared shard) here.
 */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output, signal } = ctx;
  const max = configInt(ctx, 'count', 24, 200);
  const { doc, sources } = startInterpretation(ctx);
  const progress = downloadProgress(ctx);
  for (const model of MODELS) {
    const name = t(`model.${model}`);
    const source = evaluatedRun(sources, model);
    const evaluation = source?.result?.evaluation;
    if (!source?.result || !evaluation) {
      output.append(el(doc, 'p', { text: t('ana.none', { model: name }) }));
      continue;
    }
    const tested = source.result.options.testSize;
    const errors = [...evaluation.misclassified].sort((a, b) => b.probability - a.probability).slice(0, max);
    const test = errors.length > 0 ? await loadShared('test', Math.min(10_000, Math.max(tested, ...errors.map((e) => e.index + 1))), progress(model), signal) : null;
    const items = errors.map((e) => {
      const p = formatPercent(lang, e.probability, 0);
      const image = digitImage(test!.images.subarray(e.index * 784, (e.index + 1) * 784), {
        document: doc, size: 56, ariaLabel: t('ana.misAlt', { index: e.index, label: e.label, predicted: e.predicted, p }),
      });
      return el(doc, 'li', {}, image, el(doc, 'span', { 'aria-hidden': 'true', text: t('ana.misItem', { label: e.label, predicted: e.predicted, p }) }));
    });
    const count = errors.length === 0
      ? t('ana.misNone', { tested: formatNumber(lang, tested) })
      : t('ana.misCount', { shown: errors.length, total: formatNumber(lang, evaluation.misclassified.length), tested: formatNumber(lang, tested) });
    output.append(el(doc, 'figure', { class: 'rc-figure' },
      el(doc, 'figcaption', {}, el(doc, 'strong', { text: t('ana.misTitle', { model: name }) }),
        ...sourceLines(t, [source]).map((s) => el(doc, 'span', { class: 'rc-source', text: t('cell.source', { source: s }) }))),
      items.length > 0 ? el(doc, 'ul', { class: 'rc-digits rc-errors', role: 'list' }, ...items) : null,
      el(doc, 'p', { text: count })));
  }
  return 'done';
}
