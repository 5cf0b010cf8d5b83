// Imported by Node scripts too (type stripping): erasable TypeScript and .ts imports only.
import type { Spread } from './stats.ts';

/** How a figure is written: see FORMATS for what each gives. */
export type FigureFormat = 'pct' | 'pts' | 'int' | 'num' | 's' | 'dur' | 'min' | 'x' | 'mb' | 'pctRange' | 'sRange' | 'intRange' | 'minRange';

/** Each format with an example (French), for error messages and the writers' guide. */
export const FORMATS: Readonly<Record<FigureFormat, string>> = {
  pct: 'fraction → 99,10 % (digits: 2)',
  pts: 'fraction difference → 0,64 (percentage points, digits: 2)',
  int: 'number → 1 011 466',
  num: 'number → 0,0292 (digits: 2)',
  s: 'seconds → 994 s',
  dur: 'seconds → 16 min 34 s',
  min: 'seconds → 17 min',
  x: 'ratio → 1,35 ×',
  mb: 'bytes → 2,19 Mo (digits: 2)',
  pctRange: 'spread → 99,05–99,12 %',
  sRange: 'spread → 737–812 s',
  intRange: 'spread → 85–95',
  minRange: 'spread → 12–14 min',
};

const NNBSP = '\u202F';
const isSpread = (v: unknown): v is Spread =>
  typeof v === 'object' && v !== null && typeof (v as Spread).min === 'number' && typeof (v as Spread).max === 'number';

function number(lang: 'fr' | 'en', value: number, digits: number): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)
    // French groups thousands with a narrow no-break space (Intl already does; older ICU used U+00A0).
    .replace(/\u00A0/g, NNBSP);
}

/** Writes `value` in `lang` as `as` says; throws on a value of the wrong kind (a build error, not a blank). */
export function formatFigure(value: unknown, as: FigureFormat, lang: 'fr' | 'en', digits?: number): string {
  const unit = (n: string, u: string) => (lang === 'fr' ? `${n}${NNBSP}${u}` : u === '%' ? `${n}%` : `${n}\u00A0${u}`);
  if (as.endsWith('Range')) {
    if (!isSpread(value)) throw new Error(`format ${as} needs a spread {mean, min, max}, got ${JSON.stringify(value)}`);
    const single = (v: number) => formatFigure(v, as.replace('Range', '') as FigureFormat, lang, digits);
    const [lo, hi] = [single(value.min), single(value.max)];
    if (lo === hi) return lo;
    const bare = (s: string) => s.replace(/[\u00A0\u202F]?(%|s|min)$/, '');
    return as === 'intRange' ? `${lo}–${hi}` : `${bare(lo)}–${hi}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`format ${as} needs a finite number, got ${JSON.stringify(value)}`);
  switch (as) {
    case 'pct': return unit(number(lang, value * 100, digits ?? 2), '%');
    case 'pts': return number(lang, value * 100, digits ?? 2);
    case 'int': return number(lang, Math.round(value), 0);
    case 'num': return number(lang, value, digits ?? 2);
    case 's': return unit(number(lang, value, digits ?? 0), 's');
    case 'min': return unit(number(lang, value / 60, digits ?? 0), 'min');
    case 'mb': return unit(number(lang, value / 1e6, digits ?? 2), lang === 'fr' ? 'Mo' : 'MB');
    case 'x': return lang === 'fr' ? `${number(lang, value, digits ?? 2)}${NNBSP}×` : `${number(lang, value, digits ?? 2)}×`;
    case 'dur': {
      const s = Math.round(value);
      const m = Math.floor(s / 60);
      if (m === 0) return unit(String(s), 's');
      return `${unit(String(m), 'min')} ${unit(String(s % 60).padStart(2, '0'), 's')}`;
    }
    default: throw new Error(`unknown figure format "${String(as)}" (known: ${Object.keys(FORMATS).join(', ')})`);
  }
}
