// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t, type UiKey } from '../../i18n';
import { runFileText, runToJson } from '../../store/run-file';
import { saveRun } from '../../store/runs';
import { ProgressView } from '../progress';
import type { CellContext } from '../types';
import { run as compare } from './compare';
import { fakeResult } from './fixtures';
import { LoadedRunFiles, runFileControl } from './run-files';

const en = (key: UiKey, params?: Record<string, string | number>) => t('en', key, params);
const fr = (key: UiKey, params?: Record<string, string | number>) => t('fr', key, params);

const META = { url: 'https://example.org/cnn/', trainedAt: '2026-12-03T17:10:00.000Z', version: '0.1.0', commit: 'abc123' };
const goodText = (accuracy = 0.95, model: 'cnn' | 'lstm' = 'cnn') => runFileText(runToJson(fakeResult(model, accuracy), META));
const file = (name: string, text: string) => new File([text], name, { type: 'application/json' });

function context(lang: 'en' | 'fr' = 'en'): CellContext {
  const output = document.createElement('div');
  document.body.append(output);
  const parts = ['div', 'div', 'span', 'p', 'p'].map((tag) => document.createElement(tag));
  const progress = new ProgressView(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!);
  return { lang, t: lang === 'en' ? en : fr, output, progress, signal: new AbortController().signal, options: null, backend: 'auto', config: {} };
}

/** Chooses `files` in the file input, as the browser's dialog does, and waits until the status or the alert has changed. */
async function choose(input: HTMLInputElement, files: File[]): Promise<void> {
  const box = input.closest('.rc-runfiles')!;
  const said = () => `${box.querySelector('[role=status]')!.textContent}|${box.querySelector('[role=alert]')!.textContent}`;
  const before = said();
  Object.defineProperty(input, 'files', { configurable: true, value: files });
  input.dispatchEvent(new Event('change'));
  await vi.waitFor(() => expect(said()).not.toBe(before));
}

afterEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('LoadedRunFiles', () => {
  it('adds valid files in order, tells two files of the same name apart, and removes them', () => {
    const store = new LoadedRunFiles();
    const a = store.add('alice.json', goodText());
    const b = store.add('alice.json', goodText(0.9));
    expect(a.ok && b.ok).toBe(true);
    expect(store.list.map((r) => r.shown)).toEqual(['alice.json', 'alice.json (2)']);
    store.remove(store.list[0]!.id);
    expect(store.list.map((r) => r.shown)).toEqual(['alice.json (2)']);
    expect(store.add('alice.json', goodText()).ok && store.list.map((r) => r.shown)).toEqual(['alice.json (2)', 'alice.json']);
  });

  it('refuses a bad file with its reason and keeps the list as it was', async () => {
    const store = new LoadedRunFiles();
    store.add('ok.json', goodText());
    const before = store.list;
    expect(store.add('x.json', '{"format":"cnn-lstm-mnist-run","version":1,"run":')).toMatchObject({ ok: false, reason: 'damaged' });
    expect(store.add('x.json', JSON.stringify({ ...JSON.parse(goodText()), version: 2 }))).toMatchObject({ ok: false, reason: 'future-version' });
    expect(await store.addFile({ name: 'huge.json', size: 50_000_000, text: () => Promise.reject(new Error('must not be read')) })).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await store.addFile({ name: 'gone.json', size: 10, text: () => Promise.reject(new DOMException('NotReadableError')) })).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(store.list).toBe(before);
  });

  it('keeps files in memory only: nothing reaches localStorage', () => {
    const store = new LoadedRunFiles();
    store.add('alice.json', goodText());
    expect(localStorage.length).toBe(0);
  });
});

describe('run file control', () => {
  it('is a labelled file input that takes several JSON files, and says the files stay in memory', () => {
    const box = runFileControl(document, fr, 'fr', new LoadedRunFiles(), () => {});
    const input = box.querySelector('input')!;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.json,application/json');
    expect(input.multiple).toBe(true);
    expect(input.closest('label')!.textContent).toContain('Charger un fichier d’exécution (JSON)');
    expect(box.textContent).toContain('rien n’est enregistré');
    expect(box.querySelector('.rc-files-loaded')!.hasAttribute('hidden')).toBe(true);
  });

  it('lists each good file with a Remove button, and gives the bad ones a clear alert', async () => {
    const store = new LoadedRunFiles();
    const changed = vi.fn();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const box = runFileControl(document, en, 'en', store, changed);
    document.body.append(box);
    const input = box.querySelector('input')!;
    await choose(input, [file('alice-cnn.json', goodText()), file('notes.json', '{"title":"my notes"}'), file('run.csv', 'epoch,loss\r\n')]);
    expect(changed).toHaveBeenCalledTimes(1);
    expect([...box.querySelectorAll('.rc-files li span')].map((s) => s.textContent)).toEqual(['file: alice-cnn.json — CNN, test accuracy 95.00%']);
    const alerts = [...box.querySelectorAll('[role=alert] p')].map((p) => p.textContent);
    expect(alerts).toEqual([en('runfile.error.foreign', { name: 'notes.json' }), en('runfile.error.not-json', { name: 'run.csv' })]);
    expect(box.querySelector('[role=status]')!.textContent).toBe('alice-cnn.json added to the comparison.');
    expect(input.value).toBe('');

    const remove = box.querySelector<HTMLButtonElement>('.rc-files button')!;
    expect(remove.getAttribute('aria-label')).toBe('Remove alice-cnn.json from the comparison');
    remove.click();
    expect(store.list).toHaveLength(0);
    expect(changed).toHaveBeenCalledTimes(2);
    expect(box.querySelector('[role=alert]')!.childElementCount).toBe(0);
    expect(box.querySelector('[role=status]')!.textContent).toBe('alice-cnn.json removed from the comparison.');
    expect(document.activeElement).toBe(input);
  });

  it('changes nothing for a bad file alone', async () => {
    const store = new LoadedRunFiles();
    store.add('alice.json', goodText());
    const changed = vi.fn();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const box = runFileControl(document, fr, 'fr', store, changed);
    const list = box.querySelector('.rc-files')!.innerHTML;
    await choose(box.querySelector('input')!, [file('futur.json', JSON.stringify({ ...JSON.parse(goodText()), version: 3 }))]);
    expect(changed).not.toHaveBeenCalled();
    expect(box.querySelector('.rc-files')!.innerHTML).toBe(list);
    expect(box.querySelector('[role=alert]')!.textContent).toBe(fr('runfile.error.future-version', { name: 'futur.json' }));
    expect(box.querySelector('[role=alert]')!.textContent).toMatch(/^«\u202ffutur\.json\u202f» vient d’une version plus récente du site/);
  });
});

describe('compare cell with run files', () => {
  it('draws each loaded file as a group of its own, beside the stored run, in bars, tables and curves', async () => {
    saveRun(localStorage, fakeResult('cnn'));
    const store = new LoadedRunFiles();
    store.add('alice-cnn.json', goodText(0.93));
    store.add('bob-lstm.json', goodText(0.88, 'lstm'));
    const ctx = context();
    expect(await compare(ctx, store)).toBe('done');
    const tables = [...ctx.output.querySelectorAll('figure table')];
    const rowOf = (table: Element, name: string) => [...table.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')?.textContent === name);
    const alice = rowOf(tables[0]!, 'file: alice-cnn.json')!;
    expect([...alice.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['93.00%', '—', expect.stringMatching(/^TF\.js wasm, 2 epoch\(s\), 2,000 training examples, tested on 1,000, trained .*2026.*, site 0\.1\.0 \(abc123\)$/)]);
    expect(rowOf(tables[0]!, 'file: bob-lstm.json')).toBeDefined();
    expect(rowOf(tables[1]!, 'file: alice-cnn.json')!.querySelector('td')!.textContent).toBe('8 s');
    // The curves' table has a column per file series.
    expect(tables[2]!.querySelector('thead')!.textContent).toContain('CNN — file: alice-cnn.json, training');
    expect(ctx.output.textContent).toContain('CNN — file: alice-cnn.json, TF.js wasm');
    // Nothing of the files is written to storage.
    expect(Object.keys(localStorage)).toEqual(['cnn-lstm-mnist:run:cnn']);
  });

  it('redraws when a file is loaded, and a bad file leaves the figures as they were', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = new LoadedRunFiles();
    const ctx = context();
    await compare(ctx, store);
    const input = ctx.output.querySelector<HTMLInputElement>('input[type=file]')!;
    const figures = ctx.output.querySelector('.rc-compare')!;
    const before = figures.innerHTML;
    await choose(input, [file('broken.json', goodText().slice(0, 200))]);
    expect(figures.innerHTML).toBe(before);
    expect(ctx.output.querySelector('[role=alert]')!.textContent).toBe(en('runfile.error.damaged', { name: 'broken.json' }));
    await choose(input, [file('alice-cnn.json', goodText())]);
    expect(figures.innerHTML).not.toBe(before);
    expect(figures.querySelector('figure table')!.textContent).toContain('file: alice-cnn.json');
    expect(ctx.output.querySelector('[role=alert]')!.childElementCount).toBe(0);
  });

  it('refuses, as damaged, a hand-edited file that passes the storage checks but not the charts’ (accuracy 150 %)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = new LoadedRunFiles();
    const ctx = context();
    await compare(ctx, store);
    const figures = ctx.output.querySelector('.rc-compare')!;
    const before = figures.innerHTML;
    const edited = JSON.parse(goodText());
    edited.run.evaluation.accuracy = 1.5;
    await choose(ctx.output.querySelector<HTMLInputElement>('input[type=file]')!, [file('edited.json', JSON.stringify(edited)), file('alice-cnn.json', goodText())]);
    expect(ctx.output.querySelector('[role=alert]')!.textContent).toBe(en('runfile.error.damaged', { name: 'edited.json' }));
    expect(store.list.map((r) => r.name)).toEqual(['alice-cnn.json']);
    expect(figures.innerHTML).not.toBe(before);
    expect(figures.querySelector('figure table')!.textContent).not.toContain('edited.json');
  });

  it('keeps the page’s loaded files when the cell runs again', async () => {
    const store = new LoadedRunFiles();
    store.add('alice-cnn.json', goodText());
    await compare(context(), store);
    const again = context();
    await compare(again, store);
    expect(again.output.querySelector('.rc-files')!.textContent).toContain('file: alice-cnn.json');
  });
});
