import { confusionChart } from '../../charts/confusion';
import { perClassChart, type PerClassSeries } from '../../charts/perClass';
import { confusionTable, perClassTable } from '../../charts/tables';
import { el } from '../dom';
import { chartFigure } from '../figure';
import type { CellContext, CellOutcome } from '../types';
import { sourceLines } from './compare';
import { evaluatedRun } from './pick';
import { MODELS, startInterpretation } from './sources';

/** Confusion matrices of both models and their per-digit accuracy, from the student's runs or the references. */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, output } = ctx;
  const { doc, labels, sources } = startInterpretation(ctx);
  const pair = el(doc, 'div', { class: 'rc-pair' });
  const perClass: PerClassSeries[] = [];
  const used = [];
  for (const model of MODELS) {
    const source = evaluatedRun(sources, model);
    const name = t(`model.${model}`);
    if (!source?.result?.evaluation) {
      pair.append(el(doc, 'p', { text: t('ana.none', { model: name }) }));
      continue;
    }
    const { confusion, perClassAccuracy } = source.result.evaluation;
    used.push(source);
    perClass.push({ name: `${name} — ${source.kind === 'student' ? labels.student : labels.reference}`, model, values: perClassAccuracy });
    pair.append(chartFigure(doc, t, {
      title: t('ana.confusionTitle', { model: name }),
      sources: sourceLines(t, [source]),
      build: () => confusionChart(confusion, { document: doc, labels, width: 340, height: 340 }),
      table: () => confusionTable(confusion, { labels }),
    }));
  }
  output.append(pair);
  if (perClass.length > 0) {
    output.append(chartFigure(doc, t, {
      sources: sourceLines(t, used),
      build: () => perClassChart(perClass, { document: doc, labels }),
      table: () => perClassTable(perClass, { labels }),
    }));
  }
  return 'done';
}
