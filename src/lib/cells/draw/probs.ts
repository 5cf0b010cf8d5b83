import type { Lang, Translate } from '../../i18n';
import { formatPercent } from '../../i18n/format';
import { el } from '../dom';

/** Index of the largest probability. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}

/**
 * Ten probability bars (0–9) as a list that reads well aloud ("7, 93 %"), the winner
 * marked; bar widths are set through CSSOM, which the site's CSP allows.
 */
export function probabilityBars(doc: Document, t: Translate, lang: Lang, modelName: string, probabilities: readonly number[]): HTMLElement {
  const top = argmax(probabilities);
  const items = probabilities.map((p, digit) => {
    const fill = el(doc, 'span', { class: 'dd-fill' });
    fill.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
    return el(doc, 'li', { class: digit === top ? 'is-top' : undefined },
      el(doc, 'span', { class: 'dd-digit', text: String(digit) }),
      el(doc, 'span', { class: 'dd-bar', 'aria-hidden': 'true' }, fill),
      el(doc, 'span', { class: 'dd-p', text: formatPercent(lang, p, 1) }));
  });
  return el(doc, 'div', {},
    el(doc, 'p', { class: 'dd-top', text: t('draw.top', { model: modelName, digit: top, p: formatPercent(lang, probabilities[top] ?? 0, 1) }) }),
    el(doc, 'ol', { class: 'dd-probs', start: 0, 'aria-label': t('draw.probs', { model: modelName }) }, ...items));
}
