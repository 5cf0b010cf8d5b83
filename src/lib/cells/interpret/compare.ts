import { compareChart, type CompareRow } from '../../charts/compare';
import { historyChart, type HistorySeries } from '../../charts/history';
import { compareTable, historyTable } from '../../charts/tables';
import type { Translate } from '../../i18n';
import { el } from '../dom';
import { chartFigure } from '../figure';
import type { CellContext, CellOutcome } from '../types';
import { startInterpretation, type RunSource } from './sources';

/** Source sentences for a figure caption, one per distinct source, naming the models it covers ("CNN, LSTM — …"). */
export function sourceLines(t: Translate, list: readonly RunSource[]): string[] {
  const byLabel = new Map<string, string[]>();
  for (const s of list) {
    const text = s.caption ?? s.label;
    const models = byLabel.get(text) ?? [];
    const name = t(`model.${s.model}`);
    if (!models.includes(name)) models.push(name);
    byLabel.set(text, models);
  }
  return [...byLabel].map(([label, models]) => `${models.join(', ')} — ${label}`);
}

/**
 * The interpretation's comparison: test accuracy, training time and per-epoch
 * curves, drawing the notebook's figures, the reference runs and the student's
 * latest runs from storage, each labelled with where it comes from.
 */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, output } = ctx;
  const { doc, labels, sources } = startInterpretation(ctx);
  if (!sources.some((s) => s.kind === 'student')) output.append(el(doc, 'p', { text: t('cmp.noStudent') }));
  for (const model of ['cnn', 'lstm'] as const) {
    if (!sources.some((s) => s.kind === 'reference' && s.model === model)) {
      output.append(el(doc, 'p', { class: 'rc-source', text: `${t(`model.${model}`)} — ${t('src.referenceMissing')}` }));
    }
  }
  // Each source is named once: a figure with the same sources as the one before it says so instead.
  let previous = '';
  const once = (lines: string[]): { sources: string[]; note?: string } => {
    const key = lines.join('\n');
    const same = key === previous;
    previous = key;
    return same ? { sources: [], note: t('cmp.sourcesAbove') } : { sources: lines };
  };
  const bars = (metric: 'accuracy' | 'seconds') => {
    const used = sources.filter((s) => (metric === 'accuracy' ? s.accuracy : s.seconds) !== null);
    const rows: CompareRow[] = used.map((s) => {
      const value = (metric === 'accuracy' ? s.accuracy : s.seconds) as number;
      const range = s.spread?.[metric];
      return range ? { model: s.model, source: s.kind, value, min: range.min, max: range.max, n: range.n } : { model: s.model, source: s.kind, value };
    });
    return chartFigure(doc, t, {
      ...once(sourceLines(t, used)),
      build: () => compareChart(rows, { document: doc, metric, labels }),
      table: () => compareTable(rows, { metric, labels, how: Object.fromEntries(used.map((s) => [s.kind, s.label])) }),
    });
  };
  const withHistory = sources.filter((s) => s.result && s.result.history.length > 0);
  const series: HistorySeries[] = withHistory.map((s) => ({
    name: `${t(`model.${s.model}`)} — ${s.kind === 'student' ? labels.student : labels.reference}`,
    // Only runs with a full result have curves: the student's and the TF.js reference's.
    kind: s.kind === 'student' ? 'student' : 'reference',
    model: s.model,
    history: s.result!.history,
  }));
  const curves = (metric: 'loss' | 'accuracy') => chartFigure(doc, t, {
    ...once(sourceLines(t, withHistory)),
    build: () => historyChart(series, { document: doc, metric, labels }),
    table: () => historyTable(series, { metric, labels }),
  });
  output.append(bars('accuracy'), bars('seconds'), el(doc, 'p', { class: 'rc-source', text: t('cmp.timeCaveat') }));
  if (series.length > 0) output.append(curves('loss'), curves('accuracy'));
  else output.append(el(doc, 'p', { text: t('cmp.noHistory') }));
  return 'done';
}
