import notebook from '../../../data/notebook.json';
import type { ChartLabels } from '../../charts/labels';
import type { Lang, Translate } from '../../i18n';
import { chartLabels } from '../../i18n/chart-labels';
import { formatNumber } from '../../i18n/format';
import { loadRuns, openStorage, type RunNotice } from '../../store/runs';
import type { ModelKind, TrainResult } from '../../train/protocol';
import { notice } from '../dom';
import type { CellContext } from '../types';
import { parseReference, type ReferenceInfo } from './reference';

export { parseReference } from './reference';

/** Where a set of figures comes from. */
export type SourceKind = 'notebook' | 'reference' | 'student';

/** One model's figures from one source, with a sentence saying how they were obtained. */
export interface RunSource {
  kind: SourceKind;
  model: ModelKind;
  /** "Notebook (Keras…)", "Reference run: TF.js webgl, 5 epochs…", "Your run: …". */
  label: string;
  accuracy: number | null;
  seconds: number | null;
  /** Full result (reference and student runs); the notebook only published two numbers. */
  result: TrainResult | null;
}

export const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];

// Reference runs are committed by the engine helper's script; they may not exist yet,
// so they are globbed (an absent file is simply no entry) rather than imported.
const referenceFiles = import.meta.glob<{ default: unknown }>('../../../data/reference/*.json', { eager: true });

/** The committed reference run of `model`, or null when there is none (or it is malformed). */
export function referenceRun(model: ModelKind, files: Record<string, { default: unknown }> = referenceFiles) {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${model}.json`));
  return entry ? parseReference(entry[1].default) : null;
}

function setup(t: Translate, lang: Lang, r: TrainResult): string {
  return t('src.setup', { epochs: r.options.epochs, trainSize: formatNumber(lang, r.options.trainSize), testSize: formatNumber(lang, r.options.testSize) });
}

/** Words for how the reference ran: backend as described, setup, then machine and date when known. */
function referenceLabel(t: Translate, lang: Lang, result: TrainResult, info: ReferenceInfo): string {
  const where: string[] = [];
  if (info.node) where.push(`Node ${info.node}`);
  if (info.tfjs) where.push(`TF.js ${info.tfjs}`);
  if (info.cpu) where.push(info.cores ? t('src.cpu', { cpu: info.cpu, cores: info.cores }) : info.cpu);
  if (info.date && !Number.isNaN(Date.parse(info.date))) where.push(new Date(info.date).toLocaleDateString(lang, { dateStyle: 'medium' }));
  return t('src.reference', { backend: info.backend, setup: setup(t, lang, result), where: where.length ? ` — ${where.join(', ')}` : '' });
}

/** Gathers every source for both models; notices say what was discarded or cannot be kept. */
export function gatherSources(t: Translate, lang: Lang, storage: Storage | null = openStorage()): { sources: RunSource[]; notices: RunNotice[] } {
  const sources: RunSource[] = [];
  for (const model of MODELS) {
    const nb = notebook.models[model];
    sources.push({ kind: 'notebook', model, label: t('src.notebook'), accuracy: nb.testAccuracy, seconds: nb.fitSeconds, result: null });
    const ref = referenceRun(model);
    if (ref) {
      sources.push({
        kind: 'reference', model, label: referenceLabel(t, lang, ref.result, ref.info),
        accuracy: ref.result.evaluation?.accuracy ?? null, seconds: ref.result.fitSeconds, result: ref.result,
      });
    }
  }
  const { runs, notices } = loadRuns(storage);
  for (const model of MODELS) {
    const run = runs[model];
    if (!run) continue;
    const r = run.result;
    const date = new Date(run.savedAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const label = t(r.stopped ? 'src.studentStopped' : 'src.student', { backend: r.backend, setup: setup(t, lang, r), date });
    sources.push({ kind: 'student', model, label, accuracy: r.evaluation?.accuracy ?? null, seconds: r.fitSeconds, result: r });
  }
  return { sources, notices };
}

/** The text of a storage notice. */
export function noticeText(t: Translate, n: RunNotice): string {
  if (n.kind === 'not-kept') return t(`store.notKept.${n.reason}`);
  return t(`store.discarded.${n.reason}`, { model: t(`model.${n.model}`) });
}

/**
 * The common start of the interpretation cells: every source, with the storage notices
 * already shown at the top of the output (a discarded run must be said before any chart).
 */
export function startInterpretation(ctx: CellContext, storage: Storage | null = openStorage()): { doc: Document; labels: ChartLabels; sources: RunSource[] } {
  const { t, lang, output } = ctx;
  const doc = output.ownerDocument;
  const { sources, notices } = gatherSources(t, lang, storage);
  for (const n of notices) output.append(notice(doc, noticeText(t, n)));
  return { doc, labels: chartLabels(lang, t), sources };
}
