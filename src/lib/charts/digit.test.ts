// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { digitImage, digitPaths, digitSvgString } from './digit';

const doc = () => document.implementation.createHTMLDocument('');

/** A vertical bar ("1"): columns 13–14 full ink, column 12 half ink, rows 4–23. */
function one(): Uint8Array {
  const px = new Uint8Array(784);
  for (let y = 4; y < 24; y++) {
    px[y * 28 + 12] = 128;
    px[y * 28 + 13] = 255;
    px[y * 28 + 14] = 255;
  }
  return px;
}

describe('digitImage', () => {
  it('draws one path per grey level, with runs merged, in currentColor', () => {
    const svg = digitImage(one(), { document: doc(), size: 84, ariaLabel: 'digit 1' });
    expect(svg.getAttribute('viewBox')).toBe('0 0 28 28');
    expect(svg.getAttribute('width')).toBe('84');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('digit 1');
    const paths = [...svg.querySelectorAll('path')];
    expect(paths).toHaveLength(2);
    expect(paths.map((p) => p.getAttribute('fill-opacity'))).toEqual(['0.533', '1']);
    // 20 rows, each one merged 2-pixel run for full ink.
    expect(paths[1]!.getAttribute('d')!.match(/M/g)).toHaveLength(20);
    expect(paths[1]!.getAttribute('d')).toContain('M13 4h2v1h-2z');
    expect(paths.every((p) => p.getAttribute('fill') === 'currentColor')).toBe(true);
  });
  it('accepts normalised floats, and hides decorative digits from screen readers', () => {
    const svg = digitImage(Float32Array.from(one(), (v) => v / 255), { document: doc(), ariaLabel: null });
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelectorAll('path')).toHaveLength(2);
    expect(digitImage(new Uint8Array(784), { document: doc(), ariaLabel: 'blank' }).querySelectorAll('path')).toHaveLength(0);
  });
  it('stays light: a gallery of 50 real-looking digits is a few hundred nodes', () => {
    const d = doc();
    let nodes = 0;
    for (let k = 0; k < 50; k++) {
      const px = new Uint8Array(784).map((_, i) => ((i * 31 + k * 17) % 97 < 20 ? (i * 13 + k) % 256 : 0));
      nodes += digitImage(px, { document: d, ariaLabel: `#${k}` }).querySelectorAll('*').length;
    }
    expect(nodes).toBeLessThanOrEqual(50 * 16);
  });
  it('rejects wrong sizes and out-of-range values', () => {
    expect(() => digitImage(new Uint8Array(783), { document: doc(), ariaLabel: null })).toThrow(/784 pixels/);
    expect(() => digitImage(new Float32Array(784).fill(2), { document: doc(), ariaLabel: null })).toThrow(/pixel 0/);
    expect(() => digitImage(one(), { document: doc(), ariaLabel: null, levels: 1 })).toThrow(/levels/);
  });
});

describe('digitSvgString', () => {
  it('draws exactly what digitImage draws, as a string for build-time HTML', () => {
    const html = digitSvgString(one(), { size: 48, ariaLabel: 'vrai 1 « un » & <autre>', levels: 8 });
    const host = document.createElement('div');
    host.innerHTML = html;
    const svg = host.querySelector('svg')!;
    const dom = digitImage(one(), { document: doc(), size: 48, ariaLabel: 'vrai 1 « un » & <autre>', levels: 8 });
    expect(svg.getAttribute('aria-label')).toBe('vrai 1 « un » & <autre>');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('width')).toBe('48');
    expect(svg.getAttribute('fill')).toBe('currentColor');
    const d = (s: Element) => [...s.querySelectorAll('path')].map((p) => [p.getAttribute('d'), p.getAttribute('fill-opacity')]);
    expect(d(svg)).toEqual(d(dom));
    expect(d(svg)).toEqual(digitPaths(one(), 8).map((p) => [p.d, String(p.opacity)]));
  });
  it('hides decorative digits and validates like digitImage', () => {
    expect(digitSvgString(one(), { ariaLabel: null })).toContain('aria-hidden="true"');
    expect(() => digitSvgString(new Uint8Array(10), { ariaLabel: null })).toThrow(/784 pixels/);
  });
});
