import { ChartInputError } from './validate';

/** Options of digitImage; ariaLabel null marks a decorative digit (its caption says it all). */
export interface DigitOptions { document: Document; size?: number; ariaLabel: string | null; levels?: number }

/** One grey level of a digit: its run-length path and the opacity it is drawn at. */
export interface DigitPath { level: number; d: string; opacity: number }

const SIDE = 28;
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The drawing of a 28×28 MNIST digit, shared by the DOM (digitImage) and the build-time
 * string (digitSvgString): grey levels are quantised (16 by default) and each non-blank
 * level is one path of run-length rectangles, darkest last.
 */
export function digitPaths(pixels: Uint8Array | Float32Array, levels = 16): DigitPath[] {
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new ChartInputError(`levels must be an integer in 2..256, got ${levels}`);
  if ((!(pixels instanceof Uint8Array) && !(pixels instanceof Float32Array)) || pixels.length !== SIDE * SIDE) {
    throw new ChartInputError(`a digit is ${SIDE * SIDE} pixels (Uint8Array 0–255 or Float32Array 0–1), got ${pixels?.length ?? typeof pixels}`);
  }
  const scale = pixels instanceof Uint8Array ? 1 / 255 : 1;
  const quantised = new Uint16Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]! * scale;
    if (!(v >= 0 && v <= 1)) throw new ChartInputError(`pixel ${i} is ${pixels[i]}, outside the valid range`);
    quantised[i] = Math.round(v * (levels - 1));
  }
  const paths = new Map<number, string>();
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; ) {
      const level = quantised[y * SIDE + x]!;
      let run = 1;
      while (x + run < SIDE && quantised[y * SIDE + x + run] === level) run++;
      if (level > 0) paths.set(level, `${paths.get(level) ?? ''}M${x} ${y}h${run}v1h-${run}z`);
      x += run;
    }
  }
  return [...paths].sort((a, b) => a[0] - b[0])
    .map(([level, d]) => ({ level, d, opacity: Math.round((level / (levels - 1)) * 1000) / 1000 }));
}

/** The <svg> element's attributes, in order, for either rendering. */
function svgAttributes(size: number | undefined, ariaLabel: string | null): [string, string][] {
  const s = String(size ?? 56);
  const a11y: [string, string][] = ariaLabel === null ? [['aria-hidden', 'true']] : [['role', 'img'], ['aria-label', ariaLabel]];
  return [['viewBox', `0 0 ${SIDE} ${SIDE}`], ['width', s], ['height', s], ['class', 'digit'], ['shape-rendering', 'crispEdges'], ...a11y];
}

/**
 * Draws a 28×28 MNIST digit as a tiny SVG: grey levels are quantised (16 by default)
 * and each level is one <path> of run-length rectangles, so a gallery of 50 digits
 * stays at a few hundred nodes instead of 39,200 <rect>s. Ink is currentColor, so the
 * digit is dark on a light page and light on a dark one.
 */
export function digitImage(pixels: Uint8Array | Float32Array, options: DigitOptions): SVGSVGElement {
  const paths = digitPaths(pixels, options.levels ?? 16);
  const doc = options.document;
  const svg = doc.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of svgAttributes(options.size, options.ariaLabel)) svg.setAttribute(k, v);
  for (const { d, opacity } of paths) {
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('fill-opacity', String(opacity));
    svg.append(path);
  }
  return svg;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The same drawing as digitImage, as an SVG string to inline in an HTML page at build time
 * (no DOM; no xmlns, which HTML does not need): currentColor is set once on the <svg> and
 * inherited by its paths, to keep the markup small.
 */
export function digitSvgString(pixels: Uint8Array | Float32Array, options: Omit<DigitOptions, 'document'>): string {
  const paths = digitPaths(pixels, options.levels ?? 16);
  const attrs: [string, string][] = [...svgAttributes(options.size, options.ariaLabel), ['fill', 'currentColor']];
  return `<svg ${attrs.map(([k, v]) => `${k}="${escapeAttr(v)}"`).join(' ')}>${paths.map(({ d, opacity }) => `<path d="${d}" fill-opacity="${opacity}"/>`).join('')}</svg>`;
}
