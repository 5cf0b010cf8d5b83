import { describe, expect, it } from 'vitest';
import { dictionaries, translator } from '../../i18n';
import { backendLabel, backendSentence } from './auto-note';

describe('backend label and sentence', () => {
  const en = translator(dictionaries.en);
  const fr = translator(dictionaries.fr);
  it('names WASM threads', () => {
    expect(backendLabel(en, 'wasm', 2)).toBe('WASM, 2 threads');
    expect(backendLabel(en, 'wasm', 1)).toBe('WASM, 1 thread');
    expect(backendLabel(en, 'wasm', null)).toBe('WASM');
    expect(backendLabel(en, 'webgl', 4)).toBe('WebGL');
  });
  it('says why WASM has a single thread, in both languages', () => {
    const s = backendSentence(en, 'wasm', 'wasm', null, { threads: 1, threadsReason: 'not-isolated' });
    expect(s).toContain('“WASM, 1 thread”');
    expect(s).toContain('service worker');
    expect(backendSentence(fr, 'wasm', 'wasm', null, { threads: 1, threadsReason: 'threaded-failed' })).toMatch(/«\u202fWASM, 1 thread\u202f».*Un seul thread\u202f:/);
    expect(backendSentence(en, 'wasm', 'wasm', null, { threads: 2, threadsReason: null })).toBe('Training on the TF.js “WASM, 2 threads” backend.');
  });
  it('keeps the fallback reason', () => {
    expect(backendSentence(en, 'webgl', 'wasm', 'WebGL unavailable: no context', { threads: 2, threadsReason: null })).toContain('(WebGL unavailable: no context)');
  });
});
