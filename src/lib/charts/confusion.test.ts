// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { confusionCells, confusionChart } from './confusion';
import { contrastRatio } from './palette';
import { TEST_LABELS } from './testing';

const doc = () => document.implementation.createHTMLDocument('');
/** A plausible matrix: ~980 on the diagonal, a few mistakes. */
const matrix = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 970 + t : (t * 3 + p) % 7 === 0 ? t + 1 : 0)));

describe('confusionChart', () => {
  it('draws 100 cells with their counts, true digit on y and predicted on x', () => {
    const el = confusionChart(matrix, { labels: TEST_LABELS, document: doc() });
    const texts = el.querySelectorAll('g[aria-label="text"] text');
    expect(texts).toHaveLength(100);
    expect(texts[0]!.textContent).toBe('970');
    expect(el.querySelectorAll('g[aria-label="cell"]')).toHaveLength(2);
    const nonZero = matrix.flat().filter((c) => c > 0).length;
    const filled = [...el.querySelectorAll('g[aria-label="cell"] rect[aria-label]')];
    expect(filled).toHaveLength(nonZero);
    expect(filled.map((r) => r.getAttribute('aria-label'))).toContain('L-true 3, L-predicted 3: 973');
    expect(el.textContent).toContain('L-predicted');
    expect(el.textContent).toContain('L-true');
  });
  it('prints every non-zero count in a colour that contrasts with its cell', () => {
    for (const c of confusionCells(matrix)) {
      if (c.fill === null) continue;
      expect(contrastRatio(c.fill, c.ink), `cell ${c.actual},${c.predicted}`).toBeGreaterThanOrEqual(4.5);
    }
    const cells = confusionCells(matrix);
    expect(cells.find((c) => c.actual === 0 && c.predicted === 0)!.ink).toBe('#ffffff');
  });
  it('matches its snapshot', async () => {
    const el = confusionChart(matrix, { labels: TEST_LABELS, document: doc() });
    await expect(el.outerHTML).toMatchFileSnapshot('./__snapshots__/confusion.svg');
  });
  it('shows an empty state and rejects anything but 10×10 counts', () => {
    expect(confusionChart([], { labels: TEST_LABELS, document: doc() }).textContent).toContain('«vide»');
    const o = { labels: TEST_LABELS, document: doc() };
    expect(() => confusionChart(matrix.slice(0, 9), o)).toThrow(/10×10/);
    expect(() => confusionChart(matrix.map((r, i) => (i === 4 ? r.slice(1) : r)), o)).toThrow(/row 4 must hold 10/);
    expect(() => confusionChart(matrix.map((r, i) => (i === 2 ? r.map(() => 0.5) : r)), o)).toThrow(/confusion\[2\]\[0\].*integer/);
  });
});
