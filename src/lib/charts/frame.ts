import * as Plot from '@observablehq/plot';
import type { ChartLabels } from './labels';

/** What every chart returns: Plot's SVG, or a figure when it carries a legend. */
export type ChartElement = SVGSVGElement | HTMLElement;

/** Rendering context every chart takes: the document to build nodes in (jsdom in tests). */
export interface ChartContext {
  document: Document;
  /** Outer width in px; the SVG still scales down to its container (max-width: 100 %). */
  width?: number;
  height?: number;
}

/** Inline styles shared by every chart; text and axes inherit the page colour (light or dark). */
export const CHART_STYLE = { fontSize: '12px', overflow: 'visible' } as const;

/** Width/height options, set only when given (Plot otherwise picks 640 px wide). */
export function sizeOptions(ctx: ChartContext): { width?: number; height?: number } {
  return { ...(ctx.width === undefined ? {} : { width: ctx.width }), ...(ctx.height === undefined ? {} : { height: ctx.height }) };
}

/** A framed "no data yet" message, so an empty page slot reads as intended, not broken. */
export function emptyChart(title: string, labels: Pick<ChartLabels, 'empty'>, ctx: ChartContext): ChartElement {
  return Plot.plot({
    document: ctx.document,
    ...sizeOptions(ctx),
    height: 120,
    style: CHART_STYLE,
    ariaLabel: `${title}: ${labels.empty}`,
    marks: [
      Plot.frame({ strokeOpacity: 0.25, ariaHidden: 'true' }),
      Plot.text([labels.empty], { frameAnchor: 'middle', fontSize: 14, fillOpacity: 0.8 }),
    ],
  });
}

/** One key entry: how a series is drawn, and its name. */
export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  opacity?: number;
  width?: number;
  marker?: 'filled' | 'ring' | 'square';
  /** False for dot-only series (no line behind the marker). */
  line?: boolean;
}

/**
 * A small HTML key with line swatches. Plot's own legends show colour only; these
 * charts also vary dash (training/validation) and weight (your run/reference).
 */
export function lineLegend(items: readonly LegendItem[], document: Document): HTMLElement {
  const svgNs = 'http://www.w3.org/2000/svg';
  const root = document.createElement('div');
  root.className = 'chart-legend';
  root.setAttribute('style', 'display:flex;flex-wrap:wrap;gap:0.25rem 1rem;font-size:12px;');
  for (const item of items) {
    const entry = document.createElement('span');
    entry.setAttribute('style', 'display:inline-flex;align-items:center;gap:0.4em;');
    const swatch = document.createElementNS(svgNs, 'svg');
    swatch.setAttribute('width', '28');
    swatch.setAttribute('height', '10');
    swatch.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS(svgNs, 'line');
    for (const [k, v] of [['x1', '1'], ['x2', '27'], ['y1', '5'], ['y2', '5'], ['stroke', item.color],
      ['stroke-width', String(item.width ?? 2)], ['stroke-opacity', String(item.opacity ?? 1)]] as const) {
      line.setAttribute(k, v);
    }
    if (item.dash) line.setAttribute('stroke-dasharray', item.dash);
    if (item.line !== false) swatch.append(line);
    if (item.marker === 'square') {
      const square = document.createElementNS(svgNs, 'rect');
      for (const [k, v] of [['x', '10.5'], ['y', '1.5'], ['width', '7'], ['height', '7'], ['fill', item.color]] as const) square.setAttribute(k, v);
      swatch.append(square);
    } else if (item.marker) {
      const dot = document.createElementNS(svgNs, 'circle');
      dot.setAttribute('cx', '14');
      dot.setAttribute('cy', '5');
      dot.setAttribute('r', item.line === false ? '4' : '3');
      dot.setAttribute('fill', item.marker === 'filled' ? item.color : 'none');
      dot.setAttribute('stroke', item.color);
      swatch.append(dot);
    }
    entry.append(swatch, document.createTextNode(item.label));
    root.append(entry);
  }
  return root;
}

/**
 * Plot puts aria-label on individual shapes (rect, circle, path), which ARIA forbids
 * on elements without a role; giving them role="img" keeps the per-shape description.
 */
export function labelShapes<T extends Element>(chart: T): T {
  for (const el of chart.querySelectorAll('[aria-label]:not(svg):not(g):not([role])')) {
    el.setAttribute('role', 'img');
  }
  return chart;
}
