// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { binPixels, histogramChart } from './histogram';
import { TEST_LABELS } from './testing';

const doc = () => document.implementation.createHTMLDocument('');

describe('binPixels', () => {
  it('bins raw grey levels on [0, 256) and normalised values on [0, 1]', () => {
    const raw = binPixels(new Uint8Array([0, 7, 8, 255, 255]), 32);
    expect(raw.counts.slice(0, 2)).toEqual([2, 1]);
    expect(raw.counts[31]).toBe(2);
    expect(raw.x1[31]).toBe(256);
    const norm = binPixels(new Float32Array([0, 0.5, 1, 1]), 4);
    expect(norm.counts).toEqual([1, 0, 1, 2]);
    expect(norm.max).toBe(1);
  });
  it('gives the same shape before and after normalisation (255 is the only scaling)', () => {
    const raw = new Uint8Array(784 * 1000);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) % 256 > 200 ? (i * 7) % 256 : 0;
    const norm = Float32Array.from(raw, (v) => v / 255);
    const a = binPixels(raw, 16);
    const b = binPixels(norm, 16);
    expect(a.total).toBe(784_000);
    expect(a.counts.reduce((x, y) => x + y, 0)).toBe(784_000);
    // v/255*16 can land on a bin edge differently from v*16/256 for a few levels; shares match to 1 %.
    a.counts.forEach((c, i) => expect(Math.abs(c - b.counts[i]!) / a.total).toBeLessThan(0.01));
  });
  it('rejects values outside [0, 1], bad bin counts and other arrays', () => {
    expect(() => binPixels(new Float32Array([0.2, 1.5]))).toThrow(/pixel 1 is 1.5/);
    expect(() => binPixels(new Float32Array([NaN]))).toThrow(/outside/);
    expect(() => binPixels(new Uint8Array(4), 0)).toThrow(/bins/);
    expect(() => binPixels([1, 2] as unknown as Uint8Array)).toThrow(/Uint8Array/);
  });
});

describe('histogramChart', () => {
  it('draws one bar per bin with the axis of the data range', () => {
    const el = histogramChart(new Uint8Array([0, 0, 0, 128, 255]), { labels: TEST_LABELS, document: doc(), bins: 16 });
    expect(el.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(16);
    expect(el.textContent).toContain('L-pixel-value');
    expect(el.textContent).toContain('L-pixel-share (%)');
    const ticks = [...el.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks.at(-1)).toBe('250');
    const norm = histogramChart(new Float32Array([0, 0.5, 1]), { labels: TEST_LABELS, document: doc() });
    expect([...norm.querySelectorAll('g[aria-label="x-axis tick label"] text')].at(-1)?.textContent).toBe('1');
  });
  it('shows an empty state for no pixels', () => {
    expect(histogramChart(new Uint8Array(0), { labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
  });
});

describe('shape labels', () => {
  it('gives every labelled shape a role, as ARIA requires (axe: aria-prohibited-attr)', () => {
    const chart = histogramChart(new Uint8Array([0, 10, 200, 255]), { labels: TEST_LABELS, document: doc() });
    const labelled = [...chart.querySelectorAll('[aria-label]:not(svg):not(g)')];
    expect(labelled.length).toBeGreaterThan(0);
    for (const el of labelled) expect(el.getAttribute('role')).toBe('img');
  });
});
