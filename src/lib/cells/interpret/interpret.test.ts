// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { t, type UiKey } from '../../i18n';
import { FakeStorage } from '../../store/fake-storage';
import { runKey, saveRun } from '../../store/runs';
import { ProgressView } from '../progress';
import type { CellContext } from '../types';
import { run as compare } from './compare';
import { fakeResult } from './fixtures';
import { evaluatedRun } from './pick';
import { gatherSources, parseReference, referenceRun } from './sources';

const en = (key: UiKey, params?: Record<string, string | number>) => t('en', key, params);

function context(): CellContext {
  const output = document.createElement('div');
  const parts = ['div', 'div', 'span', 'p', 'p'].map((tag) => document.createElement(tag));
  const progress = new ProgressView(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!);
  return { lang: 'en', t: en, output, progress, signal: new AbortController().signal, options: null, backend: 'auto', config: {} };
}

afterEach(() => localStorage.clear());

describe('sources', () => {
  it('always has the notebook’s published figures, labelled as such', () => {
    const { sources } = gatherSources(en, 'en', new FakeStorage());
    const nb = sources.filter((s) => s.kind === 'notebook');
    expect(nb.map((s) => [s.model, s.accuracy, s.seconds])).toEqual([['cnn', 0.9919, 184], ['lstm', 0.9855, 207]]);
    expect(nb[0]!.label).toMatch(/^Original notebook: Keras in Python/);
  });

  it('adds the student’s stored runs with backend and setup, and reports damaged entries', () => {
    const storage = new FakeStorage();
    saveRun(storage, fakeResult('cnn'), new Date('2025-03-04T10:00:00Z'));
    storage.setItem(runKey('lstm'), 'not json');
    const { sources, notices } = gatherSources(en, 'en', storage);
    const mine = sources.find((s) => s.kind === 'student')!;
    expect(mine).toMatchObject({ model: 'cnn', accuracy: 0.961, seconds: 8 });
    expect(mine.label).toContain('Your run: this browser, TF.js wasm, 2 epoch(s), 2,000 training examples, tested on 1,000');
    expect(notices).toEqual([{ kind: 'discarded', model: 'lstm', reason: 'corrupt' }]);
    expect(evaluatedRun(sources, 'cnn')?.kind).toBe('student');
  });

  it('reads a reference file holding a result directly or under `result`, and refuses anything else', () => {
    const r = fakeResult('lstm');
    expect(parseReference(r)?.result).toEqual(r);
    expect(parseReference({ result: r, runtime: 'Node 24, tfjs cpu' })?.meta).toEqual({ runtime: 'Node 24, tfjs cpu' });
    expect(parseReference({ result: { ...r, history: 'x' } })).toBeNull();
    expect(referenceRun('cnn', {})).toBeNull();
    expect(referenceRun('cnn', { '../x/cnn.json': { default: { result: fakeResult('cnn') } } })?.result.model).toBe('cnn');
  });
});

describe('compare cell', () => {
  it('draws accuracy and time from every source, with tables and the student run labelled', async () => {
    saveRun(localStorage, fakeResult('cnn'));
    localStorage.setItem(runKey('lstm'), '{"v":99,"savedAt":"2030-01-01","result":{}}');
    const ctx = context();
    expect(await compare(ctx)).toBe('done');
    const text = ctx.output.textContent ?? '';
    expect(text).toContain('comes from a newer version of the site');
    const tables = [...ctx.output.querySelectorAll('table')].map((tb) => tb.textContent ?? '');
    expect(tables[0]).toContain('99.19%'); // notebook CNN
    expect(tables[0]).toContain('96.10%'); // the stored run
    expect(tables[1]).toContain('184 s'); // notebook time
    expect(ctx.output.querySelectorAll('figure svg').length).toBeGreaterThanOrEqual(3);
    for (const model of ['CNN', 'LSTM']) {
      const hasRef = referenceRun(model.toLowerCase() as 'cnn' | 'lstm') !== null;
      expect(text.includes(`${model} — Reference run not available yet.`)).toBe(!hasRef);
    }
  });

  it('says so when the student has not trained anything yet', async () => {
    const ctx = context();
    await compare(ctx);
    expect(ctx.output.textContent).toContain('You have not trained a model in this browser yet');
  });
});
