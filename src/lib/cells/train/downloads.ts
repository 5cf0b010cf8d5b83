import type { Translate } from '../../i18n';
import { runFileName, runFileText, runHistoryCsv, runToJson } from '../../store/run-file';
import type { TrainResult } from '../../train/protocol';
import { el } from '../dom';
import { browserAutoChoices, type BackendChoiceEntry } from '../../store/backend-choice';

/** This browser's stored backend measurements, for the file ('auto' and "Measure my machine" keep them). */
function measuredHere(): BackendChoiceEntry[] {
  const auto = browserAutoChoices();
  return auto ? (['cnn', 'lstm'] as const).map((m) => auto.read(m)).filter((e): e is BackendChoiceEntry => e !== null) : [];
}

/** How long an object URL outlives its click: some browsers read it after click() has returned. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Hands `text` to the browser as a file named `name`: a Blob behind an object URL, followed
 * through a hidden <a download>. Nothing leaves the page (a blob: URL is local; the CSP needs
 * no exception for a download link).
 */
export function saveText(doc: Document, name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el(doc, 'a', { href: url, download: name, hidden: true });
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/**
 * "Download (JSON)" and "Download (CSV)" under a finished run's results: the whole run in a
 * versioned file that the interpretation page reads back, and its per-epoch history for a
 * spreadsheet. Both are named after the model and the minute the training finished.
 */
export function downloadButtons(doc: Document, t: Translate, result: TrainResult, trainedAt: Date): HTMLElement {
  const button = (text: string, onClick: () => void) => {
    const b = el(doc, 'button', { type: 'button', class: 'cell-button', text });
    b.addEventListener('click', onClick);
    return b;
  };
  const json = button(t('runfile.download.json'), () => {
    const file = runToJson(result, { url: doc.URL, trainedAt, machine: measuredHere() });
    saveText(doc, runFileName(result.model, trainedAt, 'json'), 'application/json', runFileText(file));
  });
  json.dataset['role'] = 'download-json';
  const csv = button(t('runfile.download.csv'), () => {
    saveText(doc, runFileName(result.model, trainedAt, 'csv'), 'text/csv;charset=utf-8', runHistoryCsv(result));
  });
  csv.dataset['role'] = 'download-csv';
  return el(doc, 'div', { class: 'rc-downloads', role: 'group', 'aria-label': t('runfile.download.group') },
    el(doc, 'div', { class: 'rc-download-buttons' }, json, csv),
    el(doc, 'p', { class: 'rc-source', text: t('runfile.download.note') }));
}
