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
import { gatherSources, parseReference, referenceRun, startInterpretation } from './sources';

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

  it('reads a reference file: the reference script’s report, a TrainResult, or one under `result`', () => {
    const r = fakeResult('lstm');
    expect(parseReference(r)?.result).toEqual(r);
    expect(parseReference({ result: r })?.info).toEqual({ backend: 'wasm' });
    const ev = r.evaluation!;
    const report = {
      model: 'lstm', options: r.options, history: r.history, fitSeconds: 207.5, dataSeconds: 3, buildSeconds: 0.2,
      test: { loss: ev.loss, accuracy: ev.accuracy }, confusion: ev.confusion, perClassAccuracy: ev.perClassAccuracy,
      misclassifiedCount: 2, misclassified: ev.misclassified,
      environment: { backend: 'wasm (simd true, threads false)', cpu: 'Xeon', cores: 2, node: 'v24.1.0', tfjs: '4.22.0', date: '2025-05-01T10:00:00Z' },
    };
    const parsed = parseReference(report)!;
    expect(parsed.result).toMatchObject({ model: 'lstm', backend: 'wasm', fitSeconds: 207.5, stopped: false, evaluation: { accuracy: ev.accuracy } });
    expect(parsed.info).toEqual({ backend: 'wasm (simd true, threads false)', node: 'v24.1.0', tfjs: '4.22.0', cpu: 'Xeon', cores: 2, date: '2025-05-01T10:00:00Z' });
    expect(parseReference({ ...report, confusion: [[1]] })).toBeNull();
    expect(parseReference({ ...report, environment: { backend: 'tensorflow' } })).toBeNull();
    expect(parseReference({ result: { ...r, history: 'x' } })).toBeNull();
    expect(referenceRun('cnn', {})).toBeNull();
    const found = referenceRun('lstm', { '../../../data/reference/lstm-s42.json': { default: report } });
    expect(found?.result.evaluation?.confusion).toEqual(ev.confusion);
  });
});

describe('startInterpretation', () => {
  it('shows the storage notices first and hands back the document, chart labels and sources', () => {
    const storage = new FakeStorage();
    saveRun(storage, fakeResult('lstm'));
    storage.setItem(runKey('cnn'), '{"v":1,"savedAt":"2025-01-01","result":{"model":"cnn"}}');
    const ctx = context();
    ctx.output.append(document.createElement('hr')); // anything already there stays first
    const { doc, labels, sources } = startInterpretation(ctx, storage);
    expect(doc).toBe(document);
    expect(labels).toMatchObject({ locale: 'en', student: en('chart.student') });
    expect(sources.filter((s) => s.kind === 'student').map((s) => s.model)).toEqual(['lstm']);
    const notices = [...ctx.output.children].slice(1);
    expect(notices.map((n) => [n.className, n.textContent])).toEqual([['rc-notice', 'Your last saved result for the CNN was incomplete: it was deleted.']]);
  });

  it('says once that storage is unavailable when reading it throws, and still gives the published figures', () => {
    const blocked = new FakeStorage();
    blocked.getItem = () => {
      throw new DOMException('Access is denied', 'SecurityError');
    };
    const ctx = context();
    const { sources } = startInterpretation(ctx, blocked);
    expect(sources.map((s) => s.kind)).not.toContain('student');
    expect(sources.filter((s) => s.kind === 'notebook')).toHaveLength(2);
    expect(ctx.output.textContent).toBe(en('store.notKept.unavailable'));
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

describe('seed runs', () => {
  it('the main-seed glob in sources.ts is the notebook options’ seed', async () => {
    const { NOTEBOOK_OPTIONS } = await import('../../models/options');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('src/lib/cells/interpret/sources.ts', 'utf8')).toContain(`reference/*-s${NOTEBOOK_OPTIONS.seed}.json`);
  });
  it('reads every seed of each source, leaves double fits out, and gives mean and range', async () => {
    const { seedRuns, seedSpread } = await import('./sources');
    const tests = {
      '/data/keras/cnn-s0.json': { accuracy: 0.99 }, '/data/keras/cnn-s1.json': { accuracy: 0.98 },
      '/data/keras/cnn-double-s0.json': { accuracy: 0.995 }, '/data/reference/cnn-s42.json': { accuracy: 0.97 },
    };
    const fits = { '/data/keras/cnn-s0.json': 100, '/data/keras/cnn-s1.json': 200, '/data/keras/cnn-double-s0.json': 1, '/data/reference/cnn-s42.json': 900 };
    const runs = seedRuns(tests, fits, {});
    expect(runs.map((r) => `${r.source}/${r.seed}`)).toEqual(['keras/0', 'keras/1', 'reference/42']);
    const s = seedSpread(runs, 'keras', 'cnn')!;
    expect(s.accuracy).toEqual({ mean: 0.985, min: 0.98, max: 0.99, n: 2 });
    expect(s.seconds.mean).toBe(150);
    expect(seedSpread(runs, 'keras', 'lstm')).toBeNull();
  });
  it('gathers a Keras source with its spread when its files exist', () => {
    const { sources } = gatherSources(en, 'en', new FakeStorage());
    const keras = sources.filter((s) => s.kind === 'keras');
    for (const k of keras) {
      expect(k.spread!.accuracy.mean).toBe(k.accuracy);
      expect(k.label).toMatch(/^Keras, same machine: .*Keras 3\.\d+\.\d+ on TensorFlow 2\.\d+/);
    }
  });
});
