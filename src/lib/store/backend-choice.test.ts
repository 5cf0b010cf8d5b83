import { describe, expect, it } from 'vitest';
import { choiceKey, clearChoices, readChoice, speedup, writeChoice } from './backend-choice';
import { FakeStorage } from './fake-storage';
import type { Measurement } from '../backends/measure';

const ctx = { browser: 'Chrome/140', site: '0.1.0+abc' };
const m: Measurement = {
  model: 'cnn', picked: 'wasm', seconds: 4.1,
  rates: [
    { backend: 'wasm', examplesPerSecond: 420, reason: null, seconds: 0.7 },
    { backend: 'webgpu', examplesPerSecond: null, reason: 'navigator.gpu is missing', seconds: 0 },
    { backend: 'webgl', examplesPerSecond: 20, reason: 'upper bound', seconds: 3.4 },
  ],
};

describe('backend choice', () => {
  it('stores a measurement and reads it back for the same browser and site version only', () => {
    const s = new FakeStorage();
    const e = writeChoice(s, m, ctx, new Date('2026-12-03T17:00:00Z'));
    expect(e).toMatchObject({ version: 1, model: 'cnn', backend: 'wasm', date: '2026-12-03T17:00:00.000Z' });
    expect(readChoice(s, 'cnn', ctx)).toEqual(e);
    expect(readChoice(s, 'lstm', ctx)).toBeNull();
    expect(readChoice(s, 'cnn', { ...ctx, browser: 'Chrome/141' })).toBeNull();
    expect(readChoice(s, 'cnn', { ...ctx, site: '0.2.0+def' })).toBeNull();
    clearChoices(s);
    expect(readChoice(s, 'cnn', ctx)).toBeNull();
  });

  it('ignores damaged, foreign or future entries, and never throws on a blocked or full storage', () => {
    const s = new FakeStorage();
    for (const raw of ['{', 'null', '[]', JSON.stringify({ ...writeChoice(null, m, ctx), version: 2 }), JSON.stringify({ ...writeChoice(null, m, ctx), backend: 'tpu' }),
      JSON.stringify({ ...writeChoice(null, m, ctx), rates: [{ backend: 'wasm', examplesPerSecond: -1, reason: null, seconds: 1 }] }),
      JSON.stringify({ ...writeChoice(null, m, ctx), backend: 'webgpu' })]) {
      s.setItem(choiceKey('cnn'), raw);
      expect(readChoice(s, 'cnn', ctx), raw).toBeNull();
    }
    const blocked = new FakeStorage();
    blocked.blocked = true;
    expect(() => writeChoice(blocked, m, ctx)).not.toThrow();
    expect(readChoice(blocked, 'cnn', ctx)).toBeNull();
    expect(() => writeChoice(new FakeStorage(10), m, ctx)).not.toThrow();
  });

  it('says how much faster the pick was than the runner-up', () => {
    expect(speedup(m.rates, 'wasm')).toEqual({ over: 'webgl', factor: 21 });
    expect(speedup([m.rates[0]!], 'wasm')).toBeNull();
  });
});
