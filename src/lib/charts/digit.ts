import { ChartInputError } from './validate';

/** Options of digitImage; ariaLabel null marks a decorative digit (its caption says it all). */
export interface DigitOptions { document: Document; size?: number; ariaLabel: string | null; levels?: number }

const SIDE = 28;
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Draws a 28×28 MNIST digit as a tiny SVG: grey levels are quantised (16 by default)
 * and each level is one <path> of run-length rectangles, so a gallery of 50 digits
 * stays at a few hundred nodes instead of 39,200 <rect>s. Ink is currentColor, so the
 * digit is dark on a light page and light on a dark one.
 */
export function digitImage(pixels: Uint8Array | Float32Array, options: DigitOptions): SVGSVGElement {
  const levels = options.levels ?? 16;
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
  const doc = options.document;
  const svg = doc.createElementNS(SVG_NS, 'svg');
  const size = String(options.size ?? 56);
  for (const [k, v] of [['viewBox', `0 0 ${SIDE} ${SIDE}`], ['width', size], ['height', size], ['class', 'digit'], ['shape-rendering', 'crispEdges']]) {
    svg.setAttribute(k!, v!);
  }
  if (options.ariaLabel === null) {
    svg.setAttribute('aria-hidden', 'true');
  } else {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', options.ariaLabel);
  }
  for (const [level, d] of [...paths].sort((a, b) => a[0] - b[0])) {
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('fill-opacity', String(Math.round((level / (levels - 1)) * 1000) / 1000));
    svg.append(path);
  }
  return svg;
}
