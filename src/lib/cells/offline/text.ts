// The offline control's states and what each one shows: pure functions from a state to texts and
// button settings, unit-tested without a DOM. The custom element (offline-control.ts) only applies them.
import type { Lang, Translate, UiKey } from '../../i18n';
import { formatBytes, formatNumber, formatPercent } from '../../i18n/format';
import type { OfflineErrorKind } from './store';

/** What the site's service worker said it holds of this deployment, or null when it did not answer. */
export type PagesStatus = { precached: number; total: number } | null;

/** Why the control cannot work in this browser at all. */
export type UnsupportedReason = 'insecure' | 'no-sw' | 'no-cache';

/** Every state the control can be in. Sizes are bytes of the plan (as the manifests list them). */
export type OfflineState =
  | { kind: 'broken' }
  | { kind: 'unsupported'; reason: UnsupportedReason }
  | { kind: 'uncontrolled' }
  | { kind: 'checking' }
  | { kind: 'ready'; stored: number; total: number; pages: PagesStatus; removed?: boolean }
  | { kind: 'downloading'; done: number; total: number }
  | { kind: 'done'; stored: number; pages: PagesStatus; persisted: boolean | null }
  | { kind: 'removing'; stored: number; pages: PagesStatus }
  | {
      kind: 'error';
      error: OfflineErrorKind | 'remove';
      stored: number;
      total: number;
      pages: PagesStatus;
      file?: string | undefined;
      status?: number | undefined;
      message?: string | undefined;
    };

/** What the element shows for a state. */
export interface OfflineView {
  /** The live status line. */
  status: string;
  /** The pages-and-code line, or null when there is nothing to say. */
  pages: string | null;
  start: { label: string; disabled: boolean; hidden: boolean };
  remove: { disabled: boolean; hidden: boolean };
  /** The progress bar, or null to hide it. */
  progress: { value: number; max: number } | null;
}

/** "Téléchargement : 3,4 Mo sur 13,4 Mo (25 %)." / "Downloading: 3.4 MB of 13.4 MB (25%)." */
export function progressText(t: Translate, lang: Lang, done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  // French puts a narrow no-break space before %; some ICU versions give U+00A0.
  const percent = formatPercent(lang, ratio, 0).replace(/\u00a0/g, '\u202f');
  return t('offline.downloading', { done: formatBytes(lang, Math.min(done, total)), total: formatBytes(lang, total), percent });
}

/** The pages-and-code line of a worker's answer. */
export function pagesText(t: Translate, lang: Lang, pages: PagesStatus): string {
  if (!pages) return t('offline.pagesUnknown');
  const n = (v: number) => formatNumber(lang, v).replace(/\u00a0/g, '\u202f'); // French groups thousands with U+202F
  return t('offline.pages', { done: n(pages.precached), total: n(pages.total) });
}

/** The "already stored" line: how much of the plan this browser holds. */
export function storedText(t: Translate, lang: Lang, stored: number, total: number): string {
  if (stored <= 0) return t('offline.storedNone');
  return t('offline.stored', { stored: formatBytes(lang, stored), total: formatBytes(lang, total) });
}

const ERROR_KEYS: Record<OfflineErrorKind | 'remove', UiKey> = {
  offline: 'offline.error.offline',
  quota: 'offline.error.quota',
  integrity: 'offline.error.integrity',
  http: 'offline.error.http',
  other: 'offline.error.other',
  remove: 'offline.error.remove',
};

/** The message of a failed download or removal, in plain words, with the sizes that matter. */
export function errorText(t: Translate, lang: Lang, s: Extract<OfflineState, { kind: 'error' }>): string {
  return t(ERROR_KEYS[s.error], {
    stored: formatBytes(lang, s.stored),
    total: formatBytes(lang, s.total),
    needed: formatBytes(lang, Math.max(0, s.total - s.stored)),
    file: s.file ?? '?',
    status: s.status ?? '?',
    message: s.message || '?',
  });
}

/** Maps a state to what the control shows. */
export function viewOf(state: OfflineState, t: Translate, lang: Lang): OfflineView {
  const start = (disabled: boolean, label = t('offline.start')) => ({ label, disabled, hidden: false });
  const noRemove = { disabled: true, hidden: true };
  const base = { pages: null, progress: null, remove: noRemove } as const;
  switch (state.kind) {
    case 'broken':
      return { ...base, status: t('offline.broken'), start: start(true) };
    case 'unsupported':
      return { ...base, status: t(state.reason === 'insecure' ? 'offline.insecure' : state.reason === 'no-sw' ? 'offline.noSw' : 'offline.noCache'), start: start(true) };
    case 'uncontrolled':
      return { ...base, status: t('offline.notControlled'), start: start(true) };
    case 'checking':
      return { ...base, status: t('offline.checking'), start: start(true) };
    case 'ready': {
      const stored = storedText(t, lang, state.stored, state.total);
      const label = state.stored > 0 ? t('offline.startRest', { size: formatBytes(lang, state.total - state.stored) }) : t('offline.start');
      return {
        ...base,
        status: state.removed ? `${t('offline.removed')} ${stored}` : stored,
        pages: pagesText(t, lang, state.pages),
        start: start(false, label),
        // A partial copy can be removed too (what is stored stays until then).
        remove: state.stored > 0 ? { disabled: false, hidden: false } : noRemove,
      };
    }
    case 'downloading':
      return { ...base, status: progressText(t, lang, state.done, state.total), start: start(true), progress: { value: Math.min(state.done, state.total), max: Math.max(state.total, 1) } };
    case 'done': {
      const complete = state.pages === null || state.pages.precached >= state.pages.total;
      const size = formatBytes(lang, state.stored);
      const main = complete ? t('offline.done', { size }) : t('offline.doneNoPages', { size });
      return {
        ...base,
        status: state.persisted === false ? `${main} ${t('offline.notPersisted')}` : main,
        pages: pagesText(t, lang, state.pages),
        start: { ...start(true), hidden: true },
        remove: { disabled: false, hidden: false },
      };
    }
    case 'removing':
      return { ...base, status: t('offline.removing'), pages: pagesText(t, lang, state.pages), start: start(true), remove: { disabled: true, hidden: false } };
    case 'error':
      return {
        ...base,
        status: errorText(t, lang, state),
        pages: pagesText(t, lang, state.pages),
        start: start(false, state.error === 'remove' ? t('offline.start') : t('offline.retry')),
        remove: state.stored > 0 ? { disabled: false, hidden: false } : noRemove,
      };
  }
}
