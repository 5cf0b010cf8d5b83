import type { Lang, Translate } from '../../i18n';
import { formatBytes, formatNumber, formatPercent } from '../../i18n/format';
import { MAX_RUN_FILE_BYTES, parseRunFile, type RunFile, type RunFileProblem } from '../../store/run-file';
import type { ModelKind, TrainResult } from '../../train/protocol';
import { el } from '../dom';

// Run files a student or a teacher loads on the interpretation page, to compare other
// people's runs with their own. They are checked exactly as stored runs are (run-file.ts →
// validate.ts), and live in this page's memory only: never written to storage.

/** One loaded file: its name as chosen, the name shown (made unique), and its validated content. */
export interface LoadedRun {
  id: number;
  name: string;
  shown: string;
  file: RunFile;
}

/** Why a chosen file was not added. */
export type LoadProblem = RunFileProblem | 'too-large' | 'unreadable';

/** What one chosen file did. */
export type LoadOutcome = { ok: true; run: LoadedRun } | { ok: false; name: string; reason: LoadProblem; detail: string };

/** The files loaded on a page, in the order they came; a bad file changes nothing. */
export class LoadedRunFiles {
  #runs: LoadedRun[] = [];
  #next = 1;

  get list(): readonly LoadedRun[] {
    return this.#runs;
  }

  /** Validates `text` and adds it; two files with the same name are told apart as "name (2)". */
  add(name: string, text: string): LoadOutcome {
    const parsed = parseRunFile(text);
    if (!parsed.ok) return { ok: false, name, reason: parsed.reason, detail: parsed.detail };
    let shown = name;
    for (let n = 2; this.#runs.some((r) => r.shown === shown); n++) shown = `${name} (${n})`;
    const run: LoadedRun = { id: this.#next++, name, shown, file: parsed.file };
    this.#runs = [...this.#runs, run];
    return { ok: true, run };
  }

  /** Reads a chosen file (size first: a huge file is not read at all), then adds it. Never throws. */
  async addFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<LoadOutcome> {
    if (file.size > MAX_RUN_FILE_BYTES) return { ok: false, name: file.name, reason: 'too-large', detail: `${file.size} bytes` };
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return { ok: false, name: file.name, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
    }
    return this.add(file.name, text);
  }

  remove(id: number): LoadedRun | undefined {
    const gone = this.#runs.find((r) => r.id === id);
    this.#runs = this.#runs.filter((r) => r.id !== id);
    return gone;
  }
}

/** This page's loaded files: they survive a rerun of the comparison cell, not a reload. */
export const pageRunFiles = new LoadedRunFiles();

/** A loaded file as the comparison draws it: its model, its group's name, how it ran. */
export interface FileSource {
  id: number;
  model: ModelKind;
  /** "file: alice-cnn.json", the group's name in the charts and tables. */
  label: string;
  /** "TF.js wasm, 1 epoch(s)…, trained 3 Dec 2026, 17:10, site 0.1.0 (abc123)". */
  how: string;
  accuracy: number | null;
  seconds: number;
  result: TrainResult;
}

/** The comparison's view of each loaded file. */
export function fileSources(t: Translate, lang: Lang, runs: readonly LoadedRun[]): FileSource[] {
  return runs.map(({ id, shown, file }) => {
    const r = file.run;
    const setup = t('src.setup', { epochs: r.options.epochs, trainSize: formatNumber(lang, r.options.trainSize), testSize: formatNumber(lang, r.options.testSize) });
    const date = new Date(file.trainedAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const version = file.site.commit ? `${file.site.version} (${file.site.commit})` : file.site.version;
    return {
      id, model: r.model, label: t('runfile.source', { name: shown }),
      how: t(r.stopped ? 'runfile.howStopped' : 'runfile.how', { backend: r.backend, setup, date, version }),
      accuracy: r.evaluation?.accuracy ?? null, seconds: r.fitSeconds, result: r,
    };
  });
}

/** The words for a file that was not added. */
export function problemText(t: Translate, lang: Lang, outcome: Extract<LoadOutcome, { ok: false }>): string {
  return t(`runfile.error.${outcome.reason}`, { name: outcome.name, size: outcome.reason === 'too-large' ? formatBytes(lang, Number.parseInt(outcome.detail, 10)) : '' });
}

/**
 * "Load a run file": a labelled file input (several files at once), the list of loaded files
 * each with its Remove button, a status line and an alert for the files refused. `changed`
 * redraws the comparison, once per file added or removed; when it throws, the file is refused.
 */
export function runFileControl(doc: Document, t: Translate, lang: Lang, store: LoadedRunFiles, changed: () => void): HTMLElement {
  const input = el(doc, 'input', { type: 'file', accept: '.json,application/json', multiple: true, 'data-role': 'run-file' });
  const alert = el(doc, 'div', { class: 'rc-file-alert', role: 'alert' });
  const status = el(doc, 'p', { class: 'rc-file-status', role: 'status' });
  const list = el(doc, 'ul', { class: 'rc-files' });
  const loaded = el(doc, 'div', { class: 'rc-files-loaded' }, el(doc, 'p', { text: t('runfile.loaded') }), list);

  const render = () => {
    const sources = fileSources(t, lang, store.list);
    loaded.hidden = sources.length === 0;
    list.replaceChildren(...sources.map((s) => {
      const run = store.list.find((r) => r.id === s.id)!;
      const text = s.accuracy === null
        ? t('runfile.itemNoEval', { file: s.label, model: t(`model.${s.model}`) })
        : t('runfile.item', { file: s.label, model: t(`model.${s.model}`), accuracy: formatPercent(lang, s.accuracy) });
      const remove = el(doc, 'button', { type: 'button', class: 'cell-button', text: t('runfile.remove'), 'aria-label': t('runfile.removeAria', { file: run.shown }) });
      remove.addEventListener('click', () => {
        const gone = store.remove(s.id);
        if (!gone) return;
        alert.replaceChildren();
        status.textContent = t('runfile.removed', { file: gone.shown });
        render();
        changed();
        // The button is gone: focus goes back to the file input rather than to the page's top.
        input.focus();
      });
      return el(doc, 'li', {}, el(doc, 'span', { text }), ' ', remove);
    }));
  };

  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = ''; // the same file may be chosen again after a fix
    if (files.length === 0) return;
    void (async () => {
      const outcomes: LoadOutcome[] = [];
      for (const file of files) {
        const outcome = await store.addFile(file);
        if (outcome.ok) {
          // The charts check more than storage does (accuracy in [0, 1], time >= 0): a hand-edited
          // file that passes validate.ts but not them is taken back out, and the figures stay as they were.
          try {
            changed();
          } catch (error) {
            store.remove(outcome.run.id);
            outcomes.push({ ok: false, name: outcome.run.name, reason: 'damaged', detail: error instanceof Error ? error.message : String(error) });
            continue;
          }
        }
        outcomes.push(outcome);
      }
      const added = outcomes.filter((o): o is Extract<LoadOutcome, { ok: true }> => o.ok);
      const refused = outcomes.filter((o): o is Extract<LoadOutcome, { ok: false }> => !o.ok);
      for (const o of refused) console.warn(`run file ${o.name}: ${o.reason} (${o.detail})`);
      alert.replaceChildren(...refused.map((o) => el(doc, 'p', { class: 'rc-notice rc-file-error', text: problemText(t, lang, o) })));
      status.textContent = added.map((o) => t('runfile.added', { file: o.run.shown })).join(' ');
      if (added.length > 0) render();
    })();
  });

  render();
  return el(doc, 'div', { class: 'rc-runfiles' },
    el(doc, 'p', { class: 'rc-runfiles-title' }, el(doc, 'strong', { text: t('runfile.load.title') })),
    el(doc, 'label', { class: 'rc-runfile-label' }, el(doc, 'span', { text: t('runfile.load.label') }), ' ', input),
    el(doc, 'p', { class: 'rc-source', text: t('runfile.load.note') }),
    alert, status, loaded);
}
