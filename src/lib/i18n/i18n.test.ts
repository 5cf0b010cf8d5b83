import { describe, expect, it } from 'vitest';
import { dictionaries, fill, pickStrings, t, toLang, translator } from './index';
import { formatBytes, formatDuration, formatPercent } from './format';
import { chartLabels } from './chart-labels';
import { TEST_LABELS } from '../charts/testing';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('ui strings', () => {
  it('have exactly the same keys in French and English', () => {
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.fr).sort());
  });
  it('have no empty string in either language', () => {
    for (const dict of Object.values(dictionaries)) {
      for (const [key, value] of Object.entries(dict)) expect(value.trim(), key).not.toBe('');
    }
  });
  it('use the same placeholders in both languages', () => {
    for (const [key, value] of Object.entries(dictionaries.fr)) {
      expect(placeholders(dictionaries.en[key as keyof typeof dictionaries.en]), key).toEqual(placeholders(value));
    }
  });
  it('are translated: an identical string is only allowed for technical labels', () => {
    // Keras vocabulary and notation read the same in both languages.
    const sameOnPurpose = new Set([
      'cell.epochBatch', 'opt.epochs', 'model.cnn', 'model.lstm', 'chart.cnn', 'chart.lstm', 'chart.mlp', 'chart.epoch',
      'chart.validation', 'chart.notebook', 'chart.source', 'model.mlp', 'rows.pause', 'dc.count', 'rows.min', 'rows.max', 'measure.backend', 'measure.rateCnn', 'measure.rateLstm',
      'train.wasmThreads', 'train.wasmThread',
    ]);
    const same = Object.keys(dictionaries.fr).filter((k) => {
      const key = k as keyof typeof dictionaries.fr;
      return dictionaries.fr[key] === dictionaries.en[key] && !sameOnPurpose.has(key);
    });
    expect(same).toEqual([]);
  });
});

/** Each French value with its placeholders and URLs blanked out, so that only its prose is checked. */
const frenchProse = Object.entries(dictionaries.fr).map(
  ([key, value]) => [key, value.replace(/\{\w+\}/g, 'X').replace(/\bhttps?:\/\/\S+/g, 'URL')] as const,
);
/** The no-break spaces French typography puts before : ; ? ! and inside « » (narrow U+202F preferred). */
const isNoBreak = (c: string | undefined) => c === '\u202f' || c === '\u00a0';
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

describe('French ui strings', () => {
  it('put a no-break space, never a plain one, before : ; ? ! and inside « »', () => {
    const faults: string[] = [];
    for (const [key, prose] of frenchProse) {
      const fault = (what: string) => faults.push(`${key}: ${what} in ${JSON.stringify(dictionaries.fr[key as keyof typeof dictionaries.fr])}`);
      for (const m of prose.matchAll(/[:;?!]/g)) {
        const i = m.index;
        if (i === 0) continue; // nothing before it: not a word's punctuation
        if (m[0] === ':' && /\d/.test(prose[i - 1]!) && /\d/.test(prose[i + 1] ?? '')) continue; // a time, 10:05
        if (!isNoBreak(prose[i - 1]) || isSpace(prose[i - 2])) fault(`“${m[0]}” at ${i} without a single no-break space before it`);
      }
      for (const m of prose.matchAll(/«/g)) {
        if (!isNoBreak(prose[m.index + 1]) || isSpace(prose[m.index + 2])) fault(`“«” at ${m.index} not followed by a no-break space`);
      }
      for (const m of prose.matchAll(/»/g)) {
        if (!isNoBreak(prose[m.index - 1]) || isSpace(prose[m.index - 2])) fault(`“»” at ${m.index} not preceded by a no-break space`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('group the thousands of literal numbers with a no-break space', () => {
    const faults = frenchProse.filter(([, prose]) => /\d \d{3}(?!\d)/.test(prose) || /(?<![\w.])\d{4,}(?!\w)/.test(prose));
    expect(faults.map(([key]) => key)).toEqual([]);
  });

  it('say « exécution », not « run »', () => {
    const faults = frenchProse.filter(([, prose]) => /\bruns?\b/i.test(prose));
    expect(faults.map(([key]) => key)).toEqual([]);
  });

  it('hedge the epochs the notebook really trained (stated 5, probably 10) in both languages', () => {
    expect(dictionaries.fr['src.notebook']).toContain('5 epochs annoncées, probablement 10 en réalité');
    expect(dictionaries.en['src.notebook']).toContain('5 epochs stated, probably 10 in fact');
    for (const dict of Object.values(dictionaries)) {
      for (const [key, value] of Object.entries(dict)) expect(value, key).not.toMatch(/2 × 5 epochs|10 epochs(?! \w)/);
    }
  });
});

describe('t and helpers', () => {
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(t('en', 'cell.done', { time: '4 s' })).toBe('Done in 4 s.');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
  it('maps Starlight locales to a language, French by default', () => {
    expect(toLang('en')).toBe('en');
    expect(toLang('en-GB')).toBe('en');
    expect(toLang('fr')).toBe('fr');
    expect(toLang(undefined)).toBe('fr');
  });
  it('picks only the prefixed strings and translates from them on the client', () => {
    const picked = pickStrings('fr', ['opt.']);
    expect(Object.keys(picked).every((k) => k.startsWith('opt.'))).toBe(true);
    expect(picked['opt.epochs']).toBe('Epochs');
    expect(picked['cell.run']).toBeUndefined();
    const tr = translator(picked);
    expect(tr('opt.error.too-large', { limit: 50 })).toBe('Au plus 50.');
    expect(tr('cell.run')).toBe('cell.run');
  });
  it('formats numbers the way each language writes them', () => {
    expect(formatPercent('en', 0.9919)).toBe('99.19%');
    expect(formatPercent('fr', 0.9919).replace(/\s/g, ' ')).toBe('99,19 %');
    expect(formatDuration(184)).toBe('3 min 04 s');
    expect(formatDuration(42.4)).toBe('42 s');
  });
  it('writes byte sizes in octets in French (o, ko, Mo) and in bytes in English', () => {
    expect(formatBytes('fr', 512)).toBe('512\u202fo');
    expect(formatBytes('fr', 48_000)).toBe('48\u202fko');
    expect(formatBytes('fr', 9_912_422)).toBe('9,9\u202fMo');
    expect(formatBytes('en', 512)).toBe('512 B');
    expect(formatBytes('en', 48_000)).toBe('48 kB');
    expect(formatBytes('en', 9_912_422)).toBe('9.9 MB');
  });
});

describe('chartLabels', () => {
  it('fills every field the charts expect, in both languages', () => {
    for (const lang of ['fr', 'en'] as const) {
      const labels = chartLabels(lang, (key) => t(lang, key));
      expect(Object.keys(labels).sort()).toEqual(Object.keys(TEST_LABELS).sort());
      expect(labels.locale).toBe(lang);
      expect(Object.values(labels).every((v) => v.length > 0 && !v.startsWith('chart.'))).toBe(true);
    }
  });
});
