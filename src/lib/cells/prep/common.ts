import type { MnistProgress } from '../../data/mnist';
import { formatBytes } from '../../i18n/format';
import type { CellContext } from '../types';

/** Reads a positive integer from the cell's data-config, else `fallback`. */
export function configInt(ctx: CellContext, key: string, fallback: number, max = Infinity): number {
  const value = ctx.config[key];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

/**
 * A progress listener for one or more parallel downloads (e.g. train and test):
 * the bar shows their sum, in compressed bytes as the manifest lists them.
 */
export function downloadProgress(ctx: CellContext): (part: string) => (p: MnistProgress) => void {
  const parts = new Map<string, MnistProgress>();
  return (part) => (p) => {
    parts.set(part, p);
    let loaded = 0;
    let total = 0;
    for (const q of parts.values()) {
      loaded += q.loadedBytes;
      total += q.totalBytes;
    }
    ctx.progress.set(total > 0 ? loaded / total : null, ctx.t('cell.download', { loaded: formatBytes(ctx.lang, loaded), total: formatBytes(ctx.lang, total) }));
  };
}

/** Writes a shape the way NumPy prints it: (60000, 28, 28) or (60000,). */
export function pyShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Minimum, maximum and mean of an array of pixels, in one pass. */
export function pixelStats(values: Uint8Array | Float32Array): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: values.length > 0 ? sum / values.length : NaN };
}
