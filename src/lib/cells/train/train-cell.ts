import { autoExplanation, backendSentence } from './auto-note';
import type { HistorySeries } from '../../charts/history';
import { chartLabels } from '../../i18n/chart-labels';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../../i18n/format';
import { QUICK_OPTIONS } from '../../models/options';
import { openStorage, saveRun } from '../../store/runs';
import type { BackendName, ModelKind, TrainResult } from '../../train/protocol';
import { el, notice } from '../dom';
import { noticeText, referenceRun } from '../interpret/sources';
import type { CellContext, CellOutcome } from '../types';
import { asCellError, getTrainer, untilDone } from './client-adapter';
import { downloadButtons } from './downloads';
import { LiveView } from './live-view';
import { resultsTable } from './results';

/**
 * model.fit() for real: trains `model` in the page's worker with the form's options,
 * draws the curves live, prints the epochs as Keras does, then shows the test accuracy
 * and fit time beside the reference run and the notebook, and keeps the result.
 */
export async function run(ctx: CellContext, model: ModelKind): Promise<CellOutcome> {
  const { t, lang, output, signal, progress } = ctx;
  const doc = output.ownerDocument;
  const options = ctx.options ?? { ...QUICK_OPTIONS };
  const labels = chartLabels(lang, t);
  const name = t(`model.${model}`);
  const ref = referenceRun(model);
  const refSeries: HistorySeries | null = ref ? { name: `${name} — ${labels.reference}`, kind: 'reference', model, history: ref.result.history } : null;
  const setup = t('src.setup', { epochs: options.epochs, trainSize: formatNumber(lang, options.trainSize), testSize: formatNumber(lang, options.testSize) });
  const backendLine = el(doc, 'p', { class: 'rc-source' });
  output.append(backendLine);
  let view: LiveView | null = null;
  let backend: BackendName | null = null;
  const ensureView = (): LiveView => {
    if (!view) {
      const source = t('train.sourceLive', { backend: backend ?? ctx.backend, setup });
      view = new LiveView(doc, t, lang, labels, model, options, source, refSeries);
      output.append(view.root);
    }
    return view;
  };

  progress.set(null, t('train.starting'));
  let autoNote = '';
  const trainer = await getTrainer();
  signal.throwIfAborted();
  let result: TrainResult;
  try {
    const handle = trainer.train({ model, options, backend: ctx.backend, save: true }, {
      onPhase: (phase) => {
        progress.set(null, t(`cell.phase.${phase}`));
        progress.announce(t(`cell.phase.${phase}`));
      },
      onDataProgress: (p) => progress.set(p.totalBytes > 0 ? p.loadedBytes / p.totalBytes : null,
        t('cell.download', { loaded: formatBytes(lang, p.loadedBytes), total: formatBytes(lang, p.totalBytes) })),
      onBackend: (b, reason, threads) => {
        backend = b;
        backendLine.textContent = backendSentence(t, ctx.backend, b, reason, threads) + (autoNote ? ` ${autoNote}` : '');
        ensureView();
      },
      onAuto: (info) => {
        autoNote = autoExplanation(t, lang, info);
        backendLine.textContent = autoNote;
      },
      onBatch: (log) => {
        const v = ensureView();
        v.addBatch(log);
        const done = v.epochs.length; // counted here, so the base of log.epoch does not matter
        progress.set((done + log.batch / log.batchesPerEpoch) / options.epochs, [
          t('cell.epochBatch', { epoch: Math.min(done + 1, options.epochs), epochs: options.epochs, batch: log.batch, batches: log.batchesPerEpoch }),
          t('cell.elapsed', { time: formatDuration(log.elapsedSeconds) }),
          t('cell.eta', { time: formatDuration(log.etaSeconds) }),
        ].join(' · '));
      },
      onEpoch: (log) => {
        const v = ensureView();
        v.addEpoch(log);
        progress.announce(t('train.epochDone', { epoch: v.epochs.length, epochs: options.epochs, accuracy: formatPercent(lang, log.val_accuracy) }));
      },
    });
    result = await untilDone(handle, signal);
  } catch (error) {
    throw asCellError(error);
  }
  ensureView().finish();
  showResults(ctx, model, result);
  return result.stopped ? 'stopped' : 'done';
}

function showResults(ctx: CellContext, model: ModelKind, result: TrainResult): void {
  const { t, lang, output } = ctx;
  const doc = output.ownerDocument;
  const storage = openStorage();
  const finishedAt = new Date();
  // A run stopped before its first epoch holds nothing worth replacing the last one with (nor handing in).
  const saved = result.history.length > 0 ? saveRun(storage, result, finishedAt) : null;
  const setup = t('src.setup', { epochs: result.options.epochs, trainSize: formatNumber(lang, result.options.trainSize), testSize: formatNumber(lang, result.options.testSize) });
  const mine = t(result.stopped ? 'train.mineStopped' : 'train.mine', { backend: result.backend, setup });
  const summary = result.evaluation
    ? t('train.final', { accuracy: formatPercent(lang, result.evaluation.accuracy), time: formatDuration(result.fitSeconds) })
    : t('train.noEvaluation', { epochs: result.history.length });
  output.append(el(doc, 'p', { class: 'rc-final', text: summary }), resultsTable(doc, t, lang, model, result, mine, storage));
  if (result.history.length > 0) output.append(downloadButtons(doc, t, result, finishedAt));
  if (saved) output.append(saved.kept ? el(doc, 'p', { class: 'rc-source', text: t('store.saved') }) : notice(doc, noticeText(t, saved.notice)));
  // The figures are in localStorage; the model itself goes to IndexedDB, which may refuse it.
  if (result.saveError !== undefined) output.append(notice(doc, t('train.modelNotKept', { model: t(`model.${model}`), reason: result.saveError })));
}
