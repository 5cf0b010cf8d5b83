import notebook from '../../../data/notebook.json';
import { spread, type Spread } from '../../figures/stats';
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
export type SourceKind = 'notebook' | 'keras' | 'reference' | 'student';

/** One model's figures from one source, with a sentence saying how they were obtained. */
export interface RunSource {
  kind: SourceKind;
  model: ModelKind;
  /** "Notebook (Keras…)", "Reference run: TF.js webgl, 5 epochs…", "Your run: …". */
  label: string;
  /** The same in plain words, for the caption under a figure (the data table keeps `label`'s technical detail). */
  caption?: string;
  accuracy: number | null;
  seconds: number | null;
  /** Full result (reference and student runs); the notebook only published two numbers. */
  result: TrainResult | null;
  /** Over every seed of the source, when it has several runs: `accuracy`/`seconds` are then their means. */
  spread?: { accuracy: Spread; seconds: Spread };
}

export const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];

// Reference runs are committed by `npm run reference`; they may not exist yet, so they are
// globbed (an absent file is simply no entry) rather than imported. Only the main seed's
// files come whole (histories, confusions, errors); the literal 42 is NOTEBOOK_OPTIONS.seed
// (a glob takes no variable; sources.test checks they agree).
const referenceFiles = import.meta.glob<{ default: unknown }>('../../../data/reference/*-s42.json', { eager: true });
// Of every seed's file, TF.js and Keras, only three fields travel to the browser (Vite's
// named JSON imports are tree-shaken): enough for the means and ranges.
const seedTests = import.meta.glob<{ accuracy?: unknown }>(['../../../data/reference/*-s*.json', '../../../data/keras/*-s*.json'], { eager: true, import: 'test' });
const seedFits = import.meta.glob<unknown>(['../../../data/reference/*-s*.json', '../../../data/keras/*-s*.json'], { eager: true, import: 'fitSeconds' });
const seedEnvs = import.meta.glob<Record<string, unknown>>(['../../../data/reference/*-s*.json', '../../../data/keras/*-s*.json'], { eager: true, import: 'environment' });

/** The committed main reference run of `model`, or null when there is none (or it is malformed). */
export function referenceRun(model: ModelKind, files: Record<string, { default: unknown }> = referenceFiles) {
  const entry = Object.entries(files).find(([path]) => new RegExp(`/${model}-s\\d+\\.json$`).test(path));
  return entry ? parseReference(entry[1].default) : null;
}

/** One seed's test accuracy and fit time, from a result file's three fields. */
export interface SeedFigures { source: 'reference' | 'keras'; model: ModelKind; seed: number; accuracy: number; seconds: number; environment: Record<string, unknown> }

/** Every full run's figures by source and model, from the globbed fields (double fits left out: another configuration). */
export function seedRuns(
  tests: Record<string, { accuracy?: unknown }> = seedTests, fits: Record<string, unknown> = seedFits, envs: Record<string, Record<string, unknown>> = seedEnvs,
): SeedFigures[] {
  const out: SeedFigures[] = [];
  for (const [path, test] of Object.entries(tests)) {
    const m = /\/(reference|keras)\/(cnn|lstm)-s(\d+)\.json$/.exec(path);
    const accuracy = test?.accuracy;
    const seconds = fits[path];
    if (!m || typeof accuracy !== 'number' || typeof seconds !== 'number') continue;
    out.push({ source: m[1] as SeedFigures['source'], model: m[2] as ModelKind, seed: Number(m[3]), accuracy, seconds, environment: envs[path] ?? {} });
  }
  return out.sort((a, b) => a.seed - b.seed);
}

/** Mean and range of accuracy and time over the runs of one source and model; null when none. */
export function seedSpread(runs: readonly SeedFigures[], source: SeedFigures['source'], model: ModelKind): { accuracy: Spread; seconds: Spread; runs: SeedFigures[] } | null {
  const mine = runs.filter((r) => r.source === source && r.model === model);
  const accuracy = spread(mine.map((r) => r.accuracy));
  const seconds = spread(mine.map((r) => r.seconds));
  return accuracy && seconds ? { accuracy, seconds, runs: mine } : null;
}

/** Words for how the Keras runs ran: versions, threads, processor, seeds. */
function kerasLabel(t: Translate, lang: Lang, s: { runs: SeedFigures[] }): string {
  const env = s.runs[0]!.environment;
  const text = (k: string) => (typeof env[k] === 'string' || typeof env[k] === 'number' ? String(env[k]) : '?');
  return t('src.keras', {
    keras: text('keras'), tensorflow: text('tensorflow'), threads: text('threads'),
    cpu: t('src.cpu', { cpu: text('cpu'), cores: text('cores') }), seeds: s.runs.map((r) => r.seed).join(', '),
    trainSize: formatNumber(lang, 60_000),
  });
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
  const seeds = seedRuns();
  for (const model of MODELS) {
    const nb = notebook.models[model];
    sources.push({ kind: 'notebook', model, label: t('src.notebook'), accuracy: nb.testAccuracy, seconds: nb.fitSeconds, result: null });
    const keras = seedSpread(seeds, 'keras', model);
    if (keras) {
      sources.push({
        kind: 'keras', model, label: kerasLabel(t, lang, keras), accuracy: keras.accuracy.mean, seconds: keras.seconds.mean, result: null,
        spread: { accuracy: keras.accuracy, seconds: keras.seconds },
      });
    }
    const ref = referenceRun(model);
    if (ref) {
      const refs = seedSpread(seeds, 'reference', model);
      const several = refs && refs.runs.length > 1 ? refs : null;
      sources.push({
        kind: 'reference', model,
        label: referenceLabel(t, lang, ref.result, ref.info) + (several ? t('src.referenceSeeds', { seeds: several.runs.map((r) => r.seed).join(', '), seed: ref.result.options.seed }) : ''),
        caption: t('src.referencePlain', {
          backend: t(`src.backendName.${ref.result.backend}`), cores: /threads false/.test(ref.info.backend) ? t('src.oneCore') : '', setup: setup(t, lang, ref.result),
        }) + (several ? t('src.referenceSeeds', { seeds: several.runs.map((r) => r.seed).join(', '), seed: ref.result.options.seed }) : ''),
        accuracy: several ? several.accuracy.mean : ref.result.evaluation?.accuracy ?? null,
        seconds: several ? several.seconds.mean : ref.result.fitSeconds,
        result: ref.result,
        ...(several ? { spread: { accuracy: several.accuracy, seconds: several.seconds } } : {}),
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
