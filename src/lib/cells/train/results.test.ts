// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { t, type Lang, type UiKey } from '../../i18n';
import { FakeStorage } from '../../store/fake-storage';
import { fakeResult } from '../interpret/fixtures';
import { referenceRun } from '../interpret/sources';
import { resultsTable, sourceParts } from './results';

const tr = (lang: Lang) => (key: UiKey, params?: Record<string, string | number>) => t(lang, key, params);

describe('sourceParts', () => {
  it('splits "Name: conditions" at the first colon without changing the text', () => {
    const label = 'Reference run: TF.js wasm (faster A/B/C), 5 epoch(s) — Node v24, 10:05';
    const parts = sourceParts(document, label);
    expect(parts.map((p) => p.className)).toEqual(['rc-src-name', 'rc-src-how']);
    expect(parts[0]!.textContent).toBe('Reference run:');
    expect(parts.map((p) => p.textContent).join('')).toBe(label);
    // A break opportunity after each slash of the kernel list, none elsewhere.
    expect(parts[1]!.querySelectorAll('wbr')).toHaveLength(2);
    expect(parts[1]!.innerHTML).toContain('A/<wbr>B/<wbr>C)');
  });

  it('keeps a sentence with no colon whole, as the name', () => {
    const parts = sourceParts(document, 'Reference run not available yet.');
    expect(parts).toHaveLength(1);
    expect(parts[0]!.textContent).toBe('Reference run not available yet.');
  });
});

describe('resultsTable', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`names each row over its full conditions, the reference's backend included (${lang})`, () => {
      const mine = fakeResult('cnn');
      const mineLabel = tr(lang)('train.mine', { backend: 'wasm', setup: '2 epoch(s)' });
      const table = resultsTable(document, tr(lang), lang, 'cnn', mine, mineLabel, new FakeStorage());
      const heads = [...table.querySelectorAll('tbody th[scope=row]')];
      expect(heads[0]!.textContent).toBe(mineLabel);
      expect(heads[0]!.querySelector('.rc-src-name')!.textContent).toMatch(/^(Your run|Votre exécution)\s?:$/);
      const ref = referenceRun('cnn');
      // The committed reference describes its backend in full (kernels and all): it is all there.
      if (ref) expect(heads[1]!.querySelector('.rc-src-how')!.textContent).toContain(ref.info.backend);
      else expect(heads[1]!.textContent).toBe(tr(lang)('src.referenceMissing'));
      expect(heads.at(-1)!.textContent).toBe(tr(lang)('src.notebook'));
      expect(table.querySelector('caption')?.textContent).toBe(tr(lang)('train.resultsCaption', { model: 'CNN' }));
    });
  }

  it('keeps "3 min 04 s" in one piece and lets only the seconds in parentheses go to the next line', () => {
    const table = resultsTable(document, tr('en'), 'en', 'cnn', { ...fakeResult('cnn'), fitSeconds: 184 }, 'Your run: x', new FakeStorage());
    const time = table.querySelector('tbody tr td:last-child')!.textContent!;
    expect(time).toBe('3\u00a0min\u00a004\u00a0s (184\u00a0s)');
    expect(time.replace(/\s/g, ' ')).toBe('3 min 04 s (184 s)');
  });
});
