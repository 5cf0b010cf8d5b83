import type { DataTable } from '../charts/tables';
import type { Translate } from '../i18n';
import { el, tableElement } from './dom';

/** What a chart figure shows: the chart (built lazily), its data table, and where the numbers come from. */
export interface FigureSpec {
  build: () => Element;
  table: () => DataTable;
  /** Source line(s): "notebook (Keras…)", "reference run on …", "your run on webgl". */
  sources: readonly string[];
  /** A visible title above the sources, when the chart's own label is not enough. */
  title?: string;
  /** How to read the figure (e.g. "faint curve: the reference run"), shown after the sources. */
  note?: string;
}

function caption(doc: Document, t: Translate, spec: FigureSpec): HTMLElement {
  return el(doc, 'figcaption', {}, spec.title ? el(doc, 'strong', { text: spec.title }) : null,
    ...spec.sources.map((s) => el(doc, 'span', { class: 'rc-source', text: t('cell.source', { source: s }) })),
    spec.note ? el(doc, 'span', { class: 'rc-source', text: spec.note }) : null);
}

/**
 * Runs `fn` once `target` nears the viewport (at once where IntersectionObserver
 * is missing). Charts below the fold cost nothing until the reader gets there.
 */
export function whenVisible(target: Element, fn: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    fn();
    return () => {};
  }
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    fn();
  }, { rootMargin: '300px 0px' });
  observer.observe(target);
  return () => observer.disconnect();
}

/**
 * A <figure>: chart slot (filled when visible, with el.replaceChildren(chart)), a caption
 * naming the sources, and the same numbers as a table in a <details>.
 */
export function chartFigure(doc: Document, t: Translate, spec: FigureSpec): HTMLElement {
  const slot = el(doc, 'div', { class: 'rc-chart' });
  const table = spec.table();
  const details = el(doc, 'details', { class: 'rc-data' }, el(doc, 'summary', { text: t('cell.chartData') }), tableElement(doc, table));
  const figure = el(doc, 'figure', { class: 'rc-figure' }, slot, caption(doc, t, spec), details);
  whenVisible(figure, () => slot.replaceChildren(spec.build()));
  return figure;
}

/** A figure whose chart and table are rebuilt as data arrives (training curves). */
export interface LiveFigure {
  element: HTMLElement;
  /** Redraws the chart (only while on screen; off screen it waits) and the table. */
  update(): void;
}

/** Like chartFigure, for data that grows: update() after each change (callers throttle it). */
export function liveFigure(doc: Document, t: Translate, spec: FigureSpec): LiveFigure {
  const slot = el(doc, 'div', { class: 'rc-chart' });
  const details = el(doc, 'details', { class: 'rc-data' }, el(doc, 'summary', { text: t('cell.chartData') }));
  const element = el(doc, 'figure', { class: 'rc-figure' }, slot, caption(doc, t, spec), details);
  let visible = typeof IntersectionObserver === 'undefined';
  let stale = true;
  const draw = () => {
    slot.replaceChildren(spec.build());
    stale = false;
  };
  if (!visible) {
    new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && stale) draw();
    }, { rootMargin: '200px 0px' }).observe(element);
  }
  const update = () => {
    const table = tableElement(doc, spec.table());
    details.querySelector('table')?.remove();
    details.append(table);
    stale = true;
    if (visible) draw();
  };
  update();
  return { element, update };
}
