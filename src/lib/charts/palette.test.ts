import { describe, expect, it } from 'vitest';
import { BACKGROUNDS, EXTRA_COLORS, MODEL_COLORS, contrastRatio, luminance, seriesColor, textColorOn } from './palette';

describe('palette', () => {
  it('computes WCAG contrast like the reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(luminance('rgb(255, 255, 255)')).toBeCloseTo(1, 6);
    expect(() => luminance('blue')).toThrow(/Unsupported colour/);
  });
  it('keeps every series hue at 3:1 or more on both the light and the dark page', () => {
    for (const color of [...Object.values(MODEL_COLORS), ...EXTRA_COLORS]) {
      expect(contrastRatio(color, BACKGROUNDS.light), `${color} on light`).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(color, BACKGROUNDS.dark), `${color} on dark`).toBeGreaterThanOrEqual(3);
    }
  });
  it('gives each model its own fixed hue and cycles extras for unnamed series', () => {
    expect(seriesColor('cnn', 5)).toBe(MODEL_COLORS.cnn);
    expect(seriesColor('mlp', 0)).toBe(MODEL_COLORS.mlp);
    expect(new Set(Object.values(MODEL_COLORS)).size).toBe(3);
    expect(Object.keys(MODEL_COLORS).sort()).toEqual(['cnn', 'lstm', 'mlp']);
    expect(seriesColor('lstm', 0)).not.toBe(MODEL_COLORS.cnn);
    expect(seriesColor(undefined, 0)).toBe(EXTRA_COLORS[0]);
    expect(seriesColor(undefined, EXTRA_COLORS.length)).toBe(EXTRA_COLORS[0]);
  });
  it('picks the text colour that reads best on a fill', () => {
    expect(textColorOn('#08306b')).toBe('#ffffff');
    expect(textColorOn('#c6dbef')).toBe('#000000');
  });
});
