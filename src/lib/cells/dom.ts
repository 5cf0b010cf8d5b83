import type { DataTable } from '../charts/tables';
import { toLang, translator, type Lang, type Translate } from '../i18n';
import { parseJson } from './shell-dom';

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (false/undefined skipped) and children, in the given document. */
export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * `text` with a break opportunity (<wbr>) after each `mark`: identifiers with no space
 * ("val_accuracy", "Conv2D/BatchMatMul") may wrap there in a narrow column, and the text
 * itself (what is copied and what a screen reader reads) stays exactly `text`.
 */
export function breakAfter(doc: Document, text: string, mark: string): (string | HTMLElement)[] {
  const parts = text.split(mark);
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [`${part}${mark}`, el(doc, 'wbr')] : [part]));
}

/**
 * Renders a chart's data table (first column as row headers, numbers right-aligned).
 * Column names may break after an underscore: Keras's "val_accuracy" keeps its exact
 * spelling but no longer sets the width of a column of short numbers on a phone.
 */
export function tableElement(doc: Document, table: DataTable, numeric = true): HTMLTableElement {
  const head = el(doc, 'tr', {}, ...table.columns.map((c, i) => el(doc, 'th', { scope: 'col', class: i > 0 && numeric ? 'num' : undefined }, ...breakAfter(doc, c, '_'))));
  const body = table.rows.map((row) =>
    el(doc, 'tr', {}, ...row.map((cell, i) => (i === 0 ? el(doc, 'th', { scope: 'row', text: cell }) : el(doc, 'td', { class: numeric ? 'num' : undefined, text: cell })))),
  );
  return el(doc, 'table', { class: 'rc-table' }, el(doc, 'caption', { text: table.caption }), el(doc, 'thead', {}, head), el(doc, 'tbody', {}, ...body));
}

/** A notice paragraph (discarded run, results not kept…). */
export function notice(doc: Document, text: string): HTMLParagraphElement {
  return el(doc, 'p', { class: 'rc-notice', text });
}

/**
 * The translator and language an island was rendered with (data-strings, data-lang):
 * malformed or missing JSON gives a translator that shows keys, never a thrown error
 * that would leave the island dead.
 */
export function islandText(host: HTMLElement): { t: Translate; lang: Lang } {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseJson(host.dataset['strings']))) {
    if (typeof value === 'string') strings[key] = value;
  }
  return { t: translator(strings), lang: toLang(host.dataset['lang']) };
}
