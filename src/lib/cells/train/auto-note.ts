import type { Lang, Translate } from '../../i18n';
import { formatDuration, formatNumber } from '../../i18n/format';
import type { BackendChoiceEntry } from '../../store/backend-choice';
import { speedup } from '../../store/backend-choice';
import type { BackendName } from '../../train/protocol';

/** Backends as a student reads them. */
export const BACKEND_LABEL: Readonly<Record<BackendName, string>> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

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
