import notebook from '../../../data/notebook.json';
import type { Measurement } from '../../backends/measure';
import { formatDuration, formatNumber } from '../../i18n/format';
import type { BackendName, ModelKind } from '../../train/protocol';
import { el, tableElement } from '../dom';
import { referenceRun } from '../interpret/sources';
import { BACKEND_LABEL, autoExplanation } from '../train/auto-note';
import { getTrainer, untilDone } from '../train/client-adapter';
import type { CellContext, CellOutcome } from '../types';

const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];
const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** The notebook preset: 60,000 images, 5 epochs (validation not counted in the estimate). */
const NOTEBOOK_EXAMPLES = 60_000 * 5;

/** Rows of the measurement table: one per backend tried, in a fixed order. */
export function measureRows(ms: readonly Measurement[], t: CellContext['t'], lang: CellContext['lang']): string[][] {
  const tried = ORDER.filter((b) => ms.some((m) => m.rates.some((r) => r.backend === b)));
  return tried.map((backend) => {
    const cells = MODELS.map((model) => ms.find((m) => m.model === model)?.rates.find((r) => r.backend === backend));
    const rate = (r: (typeof cells)[number]) => (r?.examplesPerSecond ? formatNumber(lang, r.examplesPerSecond, 0) : r ? t('measure.didNotStart') : '—');
    const time = (r: (typeof cells)[number]) => (r?.examplesPerSecond ? formatDuration(NOTEBOOK_EXAMPLES / r.examplesPerSecond) : '—');
    return [BACKEND_LABEL[backend], rate(cells[0]), rate(cells[1]), time(cells[0]), time(cells[1])];
  });
}

/**
 * "Measure my machine": both models' training step timed on every backend this browser starts,
 * shown as examples per second and as the estimated time of the notebook preset, beside the
 * notebook's and the reference runs' times. The result is also what 'auto' picks next time.
 */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output, progress, signal } = ctx;
  const doc = output.ownerDocument;
  progress.set(null, t('measure.running'));
  const trainer = await getTrainer();
  const done: Measurement[] = [];
  const live = el(doc, 'p', {});
  output.append(live);
  const handle = trainer.benchmark({
    onMeasured: (m) => {
      done.push(m);
      live.textContent = t('measure.modelDone', { model: t(`model.${m.model}`) });
      progress.announce(live.textContent);
    },
  });
  const ms = await untilDone(handle, signal);
  if (signal.aborted || ms.length < MODELS.length) return 'stopped';
  live.remove();
  const table = {
    caption: t('measure.caption'),
    columns: [t('measure.backend'), t('measure.rateCnn'), t('measure.rateLstm'), t('measure.timeCnn'), t('measure.timeLstm')],
    rows: measureRows(ms, t, lang),
  };
  const reasons = ms.flatMap((m) => m.rates.filter((r) => r.reason).map((r) => `${BACKEND_LABEL[r.backend]} (${t(`model.${m.model}`)}): ${r.reason}`));
  const ref = (model: ModelKind) => referenceRun(model)?.result.fitSeconds;
  const refLine = t('measure.reference', {
    nbCnn: formatDuration(notebook.models.cnn.fitSeconds), nbLstm: formatDuration(notebook.models.lstm.fitSeconds),
    refCnn: ref('cnn') ? formatDuration(ref('cnn')!) : '?', refLstm: ref('lstm') ? formatDuration(ref('lstm')!) : '?',
  });
  output.append(
    tableElement(doc, table),
    el(doc, 'p', { text: t('measure.how') }),
    el(doc, 'p', { text: refLine }),
    ...ms.map((m) => el(doc, 'p', { text: t('measure.perModel', { model: t(`model.${m.model}`), text: autoExplanation(t, lang, { source: 'measured', entry: { version: 1, model: m.model, backend: m.picked, rates: m.rates, browser: '', site: '', date: new Date().toISOString() } }) }) })),
    ...(reasons.length ? [el(doc, 'details', {}, el(doc, 'summary', { text: t('measure.reasons') }), el(doc, 'ul', {}, ...reasons.map((r) => el(doc, 'li', { text: r }))))] : []),
  );
  progress.announce(t('measure.done'));
  return 'done';
}
