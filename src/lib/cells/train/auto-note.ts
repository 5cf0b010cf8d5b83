import type { Lang, Translate } from '../../i18n';
import { formatDuration, formatNumber } from '../../i18n/format';
import type { BackendChoiceEntry } from '../../store/backend-choice';
import { speedup } from '../../store/backend-choice';
import type { BackendName } from '../../train/protocol';
import type { BackendThreads } from '../../train/client-types';

/** Backends as a student reads them. */
export const BACKEND_LABEL: Readonly<Record<BackendName, string>> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** A backend as the run line names it: "WASM, 2 threads" when WASM runs on several. */
export function backendLabel(t: Translate, backend: BackendName, threads?: number | null): string {
  if (backend === 'wasm' && typeof threads === 'number' && threads > 0) return t(threads > 1 ? 'train.wasmThreads' : 'train.wasmThread', { threads });
  return BACKEND_LABEL[backend];
}

/** The run line's sentence on the backend: which one trains, any fallback, and why WASM has one thread only. */
export function backendSentence(t: Translate, requested: string, backend: BackendName, fallbackReason: string | null, threads?: BackendThreads): string {
  const label = backendLabel(t, backend, threads?.threads);
  const main = fallbackReason ? t('train.fallback', { requested, backend: label, reason: fallbackReason }) : t('train.backend', { backend: label });
  return threads?.threadsReason ? `${main} ${t(`train.threads.${threads.threadsReason}`)}` : main;
}

/** The sentence that says which backend 'auto' picked and why ("WASM, 21× faster than WebGL here"). */
export function autoExplanation(t: Translate, lang: Lang, info: { source: 'measured' | 'stored'; entry: BackendChoiceEntry }): string {
  const { entry } = info;
  const backend = BACKEND_LABEL[entry.backend];
  const lead = speedup(entry.rates, entry.backend);
  const seconds = entry.rates.reduce((s, r) => s + r.seconds, 0);
  const when = info.source === 'measured'
    ? t('auto.now', { seconds: formatDuration(seconds) })
    : t('auto.before', { date: new Date(entry.date).toLocaleDateString(lang, { dateStyle: 'long' }) });
  if (!lead) {
    // Say why the others did not start: that is the fallback a student with no GPU must see.
    const reasons = entry.rates.filter((r) => r.examplesPerSecond === null).map((r) => `${BACKEND_LABEL[r.backend]}: ${r.reason ?? '?'}`).join('; ');
    return t('auto.only', { backend, reasons: reasons || '—', when });
  }
  return t('auto.picked', { backend, factor: formatNumber(lang, lead.factor, 1), other: BACKEND_LABEL[lead.over], when });
}
