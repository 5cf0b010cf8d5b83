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

/** Byte units per language: French writes octets (o, ko, Mo), English bytes (B, kB, MB). */
const BYTE_UNITS: Record<Lang, readonly [string, string, string]> = { fr: ['o', 'ko', 'Mo'], en: ['B', 'kB', 'MB'] };

/**
 * Formats a byte count as "12 ko" / "12 kB" or "9,9 Mo" / "9.9 MB", with the language's decimal
 * mark; French keeps the number and its unit together with a narrow no-break space.
 */
export function formatBytes(lang: Lang, bytes: number): string {
  const [b, kb, mb] = BYTE_UNITS[lang];
  const sep = lang === 'fr' ? '\u202f' : ' ';
  if (bytes < 1_000) return `${formatNumber(lang, bytes, 0)}${sep}${b}`;
  if (bytes < 1_000_000) return `${formatNumber(lang, bytes / 1_000, 0)}${sep}${kb}`;
  return `${formatNumber(lang, bytes / 1_000_000, 1)}${sep}${mb}`;
}
