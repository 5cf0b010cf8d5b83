import { backendSentence } from '../train/auto-note';
import { experimentChart, experimentTable, shiftChart, shiftTable, sizeChart, sizeTable } from '../../charts/experiment';
import { EXPERIMENTS, isReferenceConfig, scaleExperiment, type ArmResult, type ExperimentId } from '../../experiments/spec';
import type { Spread } from '../../figures/stats';
import { chartLabels } from '../../i18n/chart-labels';
import { formatDuration, formatNumber, formatPercent } from '../../i18n/format';
import { EXPERIMENT_OPTIONS } from '../../models/options';
import { loadExperiment, saveExperiment } from '../../store/experiments';
import { openStorage } from '../../store/runs';
import type { ExperimentRunResult } from '../../train/protocol';
import { el, notice } from '../dom';
import { chartFigure } from '../figure';
import { seedRuns, seedSpread } from '../interpret/sources';
import { asCellError, getTrainer, untilDone } from '../train/client-adapter';
import { CellError, type CellContext, type CellOutcome } from '../types';
import { armLabel, armRows, referenceFigures, shiftRows, sizeRows, sizeScale } from './rows';

/** Whether `value` names an experiment (data-config is plain JSON). */
function experimentId(value: unknown): ExperimentId {
  if (typeof value === 'string' && Object.hasOwn(EXPERIMENTS, value)) return value as ExperimentId;
  throw new CellError('internal', `unknown experiment ${JSON.stringify(value)}`);
}

/**
 * Runs one experiment in the page's worker (every arm, with the form's options and seed),
 * then draws the student's points beside the reference results of the same configuration,
 * keeps the run, and says how it compares. Stop keeps the arms already finished.
 */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output, signal, progress } = ctx;
  const doc = output.ownerDocument;
  const id = experimentId(ctx.config['experiment']);
  const options = ctx.options ?? { ...EXPERIMENT_OPTIONS };
  const exp = scaleExperiment(EXPERIMENTS[id], options);
  if (!isReferenceConfig(options)) output.append(notice(doc, t('exp.otherConfig')));
  const list = el(doc, 'ol', { class: 'rc-arms' });
  output.append(list);
  let current = 0;
  progress.set(null, t('train.starting'));
  const trainer = await getTrainer();
  signal.throwIfAborted();
  let result: ExperimentRunResult;
  try {
    const handle = trainer.experiment({ experiment: id, options, backend: ctx.backend }, {
      onPhase: (phase) => progress.set(null, t(`cell.phase.${phase}`)),
      onBackend: (b, reason, threads) => output.prepend(el(doc, 'p', { class: 'rc-source', text: backendSentence(t, ctx.backend, b, reason, threads) })),
      onArmStart: (arm, index, total) => {
        current = index;
        const a = exp.arms[index]!;
        const text = t('exp.armStart', { index: index + 1, total, arm: armLabel(t, lang, id, a) });
        progress.set(index / total, text);
        progress.announce(text);
        list.append(el(doc, 'li', { 'data-arm': arm, text: `${armLabel(t, lang, id, a)} …` }));
      },
      onBatch: (log) => {
        const a = exp.arms[current]!;
        const inArm = (log.epoch + log.batch / log.batchesPerEpoch) / a.epochs;
        progress.set((current + Math.min(1, inArm)) / exp.arms.length,
          `${t('exp.armStart', { index: current + 1, total: exp.arms.length, arm: armLabel(t, lang, id, a) })} · ${t('cell.epochBatch', { epoch: log.epoch + 1, epochs: a.epochs, batch: log.batch, batches: log.batchesPerEpoch })}`);
      },
      onArm: (r) => {
        const item = list.querySelector(`li[data-arm="${r.arm}"]`);
        const a = exp.arms.find((x) => x.id === r.arm)!;
        if (item) item.textContent = t('exp.armDone', { arm: armLabel(t, lang, id, a), accuracy: formatPercent(lang, r.accuracy), time: formatDuration(r.fitSeconds) });
      },
    });
    result = await untilDone(handle, signal);
  } catch (error) {
    throw asCellError(error);
  }
  showResults(ctx, id, result);
  return result.stopped ? 'stopped' : 'done';
}

/** The full reference runs (60,000 × 5 epochs) per model, the size chart's last point. */
function fullReference(): Partial<Record<'cnn' | 'lstm', Spread>> {
  const runs = seedRuns();
  const out: Partial<Record<'cnn' | 'lstm', Spread>> = {};
  for (const model of ['cnn', 'lstm'] as const) {
    const s = seedSpread(runs, 'reference', model);
    if (s) out[model] = s.accuracy;
  }
  return out;
}

/** The figure of an experiment: the student's results beside the reference (when there is one). */
export function experimentFigure(doc: Document, ctx: Pick<CellContext, 't' | 'lang'>, id: ExperimentId, mine: readonly ArmResult[], trainSize: number): HTMLElement {
  const { t, lang } = ctx;
  const labels = chartLabels(lang, t);
  const ref = referenceFigures(id);
  const sources = [...(mine.length > 0 ? [t('exp.sourceMine')] : []), ref ? t('exp.sourceReference', { seeds: ref.seeds.join(', ') }) : t('exp.referenceMissing')];
  if (id === 'shift') {
    const rows = shiftRows(ref, mine);
    return chartFigure(doc, t, { sources, build: () => shiftChart(rows, { document: doc, labels }), table: () => shiftTable(rows, { labels }) });
  }
  if (id === 'size') {
    const rows = sizeRows(ref, mine, sizeScale(trainSize), fullReference());
    return chartFigure(doc, t, { sources: [...sources, t('exp.sourceFull')], build: () => sizeChart(rows, { document: doc, labels }), table: () => sizeTable(rows, { labels }) });
  }
  const rows = armRows(t, lang, id, ref, mine);
  return chartFigure(doc, t, { sources, build: () => experimentChart(rows, { document: doc, labels }), table: () => experimentTable(rows, { labels }) });
}

function showResults(ctx: CellContext, id: ExperimentId, result: ExperimentRunResult): void {
  const { t, lang, output } = ctx;
  const doc = output.ownerDocument;
  if (result.stopped) output.append(notice(doc, t('exp.partial', { done: result.results.length, total: result.arms })));
  output.append(el(doc, 'p', { class: 'rc-final', text: t('exp.final', {
    time: formatDuration(result.seconds), seed: result.options.seed, trainSize: formatNumber(lang, result.options.trainSize),
  }) }));
  output.append(experimentFigure(doc, ctx, id, result.results, result.options.trainSize));
  if (result.results.length > 0 && !saveExperiment(openStorage(), result)) output.append(notice(doc, t('exp.notKept')));
}

/**
 * The reference figure of an experiment, drawn when the cell nears the viewport (it reads
 * only committed results and browser storage: no TF.js, no MNIST), with the student's last
 * kept run of it when there is one.
 */
export async function runReference(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output } = ctx;
  const doc = output.ownerDocument;
  const id = experimentId(ctx.config['experiment']);
  const stored = loadExperiment(openStorage(), id);
  if (stored) {
    const date = new Date(stored.savedAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    output.append(el(doc, 'p', { class: 'rc-source', text: t(stored.result.stopped ? 'exp.storedPartial' : 'exp.stored', { date, seed: stored.result.options.seed }) }));
  } else output.append(el(doc, 'p', { class: 'rc-source', text: t('exp.noStored') }));
  output.append(experimentFigure(doc, ctx, id, stored?.result.results ?? [], stored?.result.options.trainSize ?? EXPERIMENT_OPTIONS.trainSize));
  return 'done';
}
