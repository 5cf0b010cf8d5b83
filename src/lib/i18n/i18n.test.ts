import { describe, expect, it } from 'vitest';
import { dictionaries, fill, pickStrings, t, toLang, translator } from './index';
import { formatDuration, formatPercent } from './format';
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
      'cell.epochBatch', 'opt.epochs', 'model.cnn', 'model.lstm', 'chart.cnn', 'chart.lstm', 'chart.epoch',
      'chart.validation', 'chart.notebook', 'chart.source', 'rows.pause', 'dc.count',
    ]);
    const same = Object.keys(dictionaries.fr).filter((k) => {
      const key = k as keyof typeof dictionaries.fr;
      return dictionaries.fr[key] === dictionaries.en[key] && !sameOnPurpose.has(key);
    });
    expect(same).toEqual([]);
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
