import type { Lang } from './index';

/** Formats a number with the language's decimal mark (0,9919 in French, 0.9919 in English). */
export function formatNumber(lang: Lang, value: number, digits = 0): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Formats a ratio in [0, 1] as a percentage ("99,19 %" / "99.19%"). */
export function formatPercent(lang: Lang, ratio: number, digits = 2): string {
  return new Intl.NumberFormat(lang, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** Formats a duration in seconds as "42 s", "3 min 05 s" or "1 h 02 min", the same in both languages. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Formats a byte count as kB/MB with the language's decimal mark. */
export function formatBytes(lang: Lang, bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${formatNumber(lang, bytes / 1_000, 0)} kB`;
  return `${formatNumber(lang, bytes / 1_000_000, 1)} MB`;
}
