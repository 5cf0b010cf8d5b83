import { compareChart, type CompareRow } from '../../charts/compare';
import { historyChart, type HistorySeries } from '../../charts/history';
import { compareTable, historyTable } from '../../charts/tables';
import type { ChartLabels } from '../../charts/labels';
import type { Translate } from '../../i18n';
import { el } from '../dom';
import { chartFigure } from '../figure';
import type { CellContext, CellOutcome } from '../types';
import { fileSources, pageRunFiles, runFileControl, type FileSource, type LoadedRunFiles } from './run-files';
import { startInterpretation, type RunSource } from './sources';

/** Source sentences for a figure caption, one per distinct source, naming the models it covers ("CNN, LSTM — …"). */
export function sourceLines(t: Translate, list: readonly Pick<RunSource, 'model' | 'label' | 'caption'>[]): string[] {
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
 * latest runs from storage, each labelled with where it comes from, then the run
 * files loaded on the page (other students' runs), each a group of its own.
 */
export async function run(ctx: CellContext, files: LoadedRunFiles = pageRunFiles): Promise<CellOutcome> {
  const { t, lang, output } = ctx;
  const { doc, labels, sources } = startInterpretation(ctx);
  if (!sources.some((s) => s.kind === 'student')) output.append(el(doc, 'p', { text: t('cmp.noStudent') }));
  for (const model of ['cnn', 'lstm'] as const) {
    if (!sources.some((s) => s.kind === 'reference' && s.model === model)) {
      output.append(el(doc, 'p', { class: 'rc-source', text: `${t(`model.${model}`)} — ${t('src.referenceMissing')}` }));
    }
  }
  const figures = el(doc, 'div', { class: 'rc-compare' });
  const draw = () => figures.replaceChildren(...comparisonFigures(doc, t, labels, sources, fileSources(t, lang, files.list)));
  output.append(runFileControl(doc, t, lang, files, draw), figures);
  draw();
  return 'done';
}

/** The comparison's figures: accuracy and time bars, then loss and accuracy curves (or why there are none). */
function comparisonFigures(doc: Document, t: Translate, labels: ChartLabels, sources: readonly RunSource[], loaded: readonly FileSource[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  // A loaded file reads in a caption as "CNN — file: alice-cnn.json, TF.js wasm, …".
  const fileLines = (list: readonly FileSource[]) => sourceLines(t, list.map((f) => ({ model: f.model, label: f.label, caption: `${f.label}, ${f.how}` })));
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
    const usedFiles = loaded.filter((f) => (metric === 'accuracy' ? f.accuracy : f.seconds) !== null);
    const rows: CompareRow[] = used.map((s) => {
      const value = (metric === 'accuracy' ? s.accuracy : s.seconds) as number;
      const range = s.spread?.[metric];
      return range ? { model: s.model, source: s.kind, value, min: range.min, max: range.max, n: range.n } : { model: s.model, source: s.kind, value };
    });
    // Each file is a group of its own, drawn like a student's run.
    for (const f of usedFiles) rows.push({ model: f.model, source: 'student', group: f.label, how: f.how, value: (metric === 'accuracy' ? f.accuracy : f.seconds) as number });
    return chartFigure(doc, t, {
      ...once([...sourceLines(t, used), ...fileLines(usedFiles)]),
      build: () => compareChart(rows, { document: doc, metric, labels }),
      table: () => compareTable(rows, { metric, labels, how: Object.fromEntries(used.map((s) => [s.kind, s.label])) }),
    });
  };
  const withHistory = sources.filter((s) => s.result && s.result.history.length > 0);
  const filesWithHistory = loaded.filter((f) => f.result.history.length > 0);
  const series: HistorySeries[] = withHistory.map((s): HistorySeries => ({
    name: `${t(`model.${s.model}`)} — ${s.kind === 'student' ? labels.student : labels.reference}`,
    // Only runs with a full result have curves: the student's and the TF.js reference's.
    kind: s.kind === 'student' ? 'student' : 'reference',
    model: s.model,
    history: s.result!.history,
  })).concat(filesWithHistory.map((f) => ({ name: `${t(`model.${f.model}`)} — ${f.label}`, kind: 'file', model: f.model, history: f.result.history })));
  const curves = (metric: 'loss' | 'accuracy') => chartFigure(doc, t, {
    ...once([...sourceLines(t, withHistory), ...fileLines(filesWithHistory)]),
    build: () => historyChart(series, { document: doc, metric, labels }),
    table: () => historyTable(series, { metric, labels }),
  });
  out.push(bars('accuracy'), bars('seconds'), el(doc, 'p', { class: 'rc-source', text: t('cmp.timeCaveat') }));
  if (series.length > 0) out.push(curves('loss'), curves('accuracy'));
  else out.push(el(doc, 'p', { text: t('cmp.noHistory') }));
  return out;
}
