/** Thrown when a chart or table is given data it cannot honestly draw. */
export class ChartInputError extends Error {
  override name = 'ChartInputError';
}

/** Throws unless value is a number (NaN allowed: a diverged loss is real data). */
export function requireNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new ChartInputError(`${what} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

/** Throws unless value is a finite fraction in [0, 1] (accuracies, as Keras reports them). */
export function requireFraction(value: unknown, what: string): number {
  const n = requireNumber(value, what);
  if (!(n >= 0 && n <= 1)) {
    throw new ChartInputError(`${what} must be a fraction in [0, 1] (e.g. 0.9919 for 99.19 %), got ${n}`);
  }
  return n;
}

/** Throws unless value is one of the allowed strings. */
export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) {
    throw new ChartInputError(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Throws unless values is an array of exactly n fractions (one per digit). */
export function requireFractions(values: unknown, n: number, what: string): number[] {
  if (!Array.isArray(values) || values.length !== n) {
    const got = Array.isArray(values) ? `${values.length} values` : JSON.stringify(values);
    throw new ChartInputError(`${what} must hold ${n} values (one per digit), got ${got}`);
  }
  return values.map((v, i) => requireFraction(v, `${what}[${i}]`));
}
