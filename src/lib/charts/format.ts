/** Shown in tables where a value is missing or not finite (a diverged loss). */
export const MISSING = '—';

/** Formats a plain number in the reader's locale (decimal comma in French). */
export function formatNumber(locale: string, value: number, digits = 2): string {
  if (!Number.isFinite(value)) return MISSING;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

/** Formats a fraction (0.9919) as a percentage (99.19 %) in the reader's locale. */
export function formatPercent(locale: string, fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return MISSING;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

/** An axis tick formatter in the reader's locale (Plot's default is English). */
export function tickFormatter(locale: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  return (value) => format.format(value);
}
