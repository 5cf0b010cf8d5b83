// Imported by Node scripts too (type stripping): erasable TypeScript and .ts imports only.

/** Mean, smallest, largest and count of a set of runs' values. */
export interface Spread { mean: number; min: number; max: number; n: number }

/** The spread of `values`; null when there are none. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}
