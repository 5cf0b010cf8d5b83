import type { ModelKind } from '../train/protocol';

/** Every model a chart may colour: the notebook's two and the experiments' control without spatial prior. */
export type ChartModel = ModelKind | 'mlp';

/**
 * Okabe–Ito hues (safe for the common colour-vision deficiencies), each kept only
 * if it reaches 3:1 against both the light (#ffffff) and the dark (#17181c) page,
 * the WCAG minimum for graphics (checked in palette.test.ts). Only bluish green and reddish
 * purple pass besides these two; the MLP takes bluish green (EXTRA_COLORS[0] too: no chart
 * draws the MLP beside a series that names no model).
 */
export const MODEL_COLORS: Readonly<Record<ChartModel, string>> = { cnn: '#0072B2', lstm: '#D55E00', mlp: '#009E73' };

/** Further hues for series that name no model, in order of use. */
export const EXTRA_COLORS: readonly string[] = ['#009E73', '#CC79A7'];

/** Backgrounds the charts must read on: Starlight's light and dark themes. */
export const BACKGROUNDS = { light: '#ffffff', dark: '#17181c' } as const;

/** Parses '#rrggbb' or 'rgb(r, g, b)' into 0–255 channels. */
export function parseColor(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(color);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`Unsupported colour "${color}" (expected #rrggbb or rgb(r, g, b))`);
}

/** WCAG relative luminance of a colour. */
export function luminance(color: string): number {
  const [r, g, b] = parseColor(color).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the given fill. */
export function textColorOn(fill: string): '#000000' | '#ffffff' {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}

/** The fixed colour of a series: its model's hue, else the index-th extra hue. */
export function seriesColor(model: ChartModel | undefined, index: number): string {
  return model ? MODEL_COLORS[model] : EXTRA_COLORS[index % EXTRA_COLORS.length]!;
}
