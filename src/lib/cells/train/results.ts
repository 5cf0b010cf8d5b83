import type { Lang, Translate } from '../../i18n';
import { formatDuration, formatNumber, formatPercent } from '../../i18n/format';
import type { ModelKind, TrainResult } from '../../train/protocol';
import { breakAfter, el } from '../dom';
import { gatherSources } from '../interpret/sources';

/** Non-breaking spaces: "3 min 04 s" is one piece in a narrow column, never "3 min / 04 s". */
const glue = (text: string) => text.replaceAll(' ', '\u00a0');

/** "7,6 s" under a minute, "3 min 04 s (184 s)" above; it may wrap only before the parenthesis. */
function duration(lang: Lang, seconds: number): string {
  return seconds < 60 ? glue(`${formatNumber(lang, seconds, 1)} s`) : `${glue(formatDuration(seconds))} ${glue(`(${formatNumber(lang, seconds, 0)} s)`)}`;
}

/**
 * A source sentence ("Reference run: TF.js wasm (…), 5 epoch(s)… — Node …") as a bold name
 * over its conditions in smaller type, so the long conditions wrap under a short, scannable
 * name instead of widening the column. Every source sentence reads "Name: conditions"
 * (train.mine, src.reference, src.notebook…); one without a colon is all name. The text
 * stays exactly the sentence (the colon ends the name), so nothing is lost for screen readers.
 */
export function sourceParts(doc: Document, label: string): HTMLElement[] {
  const colon = label.indexOf(':');
  if (colon < 0) return [el(doc, 'strong', { class: 'rc-src-name', text: label })];
  return [
    el(doc, 'strong', { class: 'rc-src-name', text: label.slice(0, colon + 1) }),
    el(doc, 'span', { class: 'rc-src-how' }, ...breakAfter(doc, label.slice(colon + 1), '/')),
  ];
}

/**
 * The run's final figures beside the reference run's and the notebook's: one row per
 * source, each saying how it ran, so nobody compares a 1-epoch browser run to Keras unawares.
 */
export function resultsTable(doc: Document, t: Translate, lang: Lang, model: ModelKind, mine: TrainResult, mineLabel: string, storage: Storage | null): HTMLTableElement {
  // Reference first: it ran this very code, so it is the closest comparison; then Keras on
  // the same machine, then the notebook.
  const order = { reference: 0, keras: 1, notebook: 2, student: 3 } as const;
  const others = gatherSources(t, lang, storage).sources
    .filter((s) => s.model === model && s.kind !== 'student')
    .sort((a, b) => order[a.kind] - order[b.kind]);
  const rows = [
    { label: mineLabel, accuracy: mine.evaluation?.accuracy ?? null, seconds: mine.fitSeconds, strong: true },
    ...others.map((s) => ({ label: s.label, accuracy: s.accuracy, seconds: s.seconds, strong: false })),
  ];
  if (!others.some((s) => s.kind === 'reference')) rows.splice(1, 0, { label: t('src.referenceMissing'), accuracy: null, seconds: null, strong: false });
  const cell = (v: string) => el(doc, 'td', { class: 'num', text: v });
  const header = (label: string) => el(doc, 'th', { scope: 'row' }, ...sourceParts(doc, label));
  return el(doc, 'table', { class: 'rc-table rc-results' },
    el(doc, 'caption', { text: t('train.resultsCaption', { model: t(`model.${model}`) }) }),
    el(doc, 'thead', {}, el(doc, 'tr', {},
      el(doc, 'th', { scope: 'col', text: t('train.colSource') }),
      el(doc, 'th', { scope: 'col', class: 'num', text: t('train.colAccuracy') }),
      el(doc, 'th', { scope: 'col', class: 'num', text: t('train.colFit') }))),
    el(doc, 'tbody', {}, ...rows.map((r) => el(doc, 'tr', { class: r.strong ? 'is-mine' : undefined },
      header(r.label),
      cell(r.accuracy === null ? '—' : formatPercent(lang, r.accuracy)),
      cell(r.seconds === null ? '—' : duration(lang, r.seconds))))));
}
