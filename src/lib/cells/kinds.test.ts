import { describe, expect, it } from 'vitest';
import { dictionaries, pickStrings } from '../i18n';
import { CELL_KINDS, isCellKind, mayAutorun, SHELL_STRINGS, type CellKind } from './kinds';

describe('cell kinds', () => {
  it('each have a default title in both languages', () => {
    for (const kind of Object.keys(CELL_KINDS)) {
      for (const lang of ['fr', 'en'] as const) expect(Object.hasOwn(dictionaries[lang], `title.${kind}`), `${lang} title.${kind}`).toBe(true);
    }
  });
  it('only name string groups that exist', () => {
    for (const [kind, spec] of Object.entries(CELL_KINDS)) {
      for (const prefix of [...SHELL_STRINGS, ...spec.strings]) {
        expect(Object.keys(pickStrings('fr', [prefix])).length, `${kind}: ${prefix}`).toBeGreaterThan(0);
      }
    }
  });
  it('only let cells that download nothing heavy run by themselves', () => {
    // experiment-reference reads the committed results and browser storage only (no TF.js, no MNIST).
    expect((Object.keys(CELL_KINDS) as CellKind[]).filter(mayAutorun)).toEqual(['compare', 'confusion', 'experiment-reference']);
  });
  it('recognise kinds and nothing else', () => {
    expect(isCellKind('train-cnn')).toBe(true);
    expect(isCellKind('toString')).toBe(false);
    expect(isCellKind(undefined)).toBe(false);
  });
});
