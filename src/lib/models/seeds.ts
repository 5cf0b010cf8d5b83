/**
 * Seed helpers. Every initializer and the dropout layer get their own stream
 * derived from the run seed: reusing one seed everywhere would give layers of
 * the same shape identical (correlated) weights.
 */

/** Throws unless `seed` is a non-negative safe integer; `where` names the caller. */
export function assertSeed(seed: unknown, where: string): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new TypeError(`${where}: seed must be a non-negative safe integer, got ${String(seed)}`);
  }
}

/** Mixes (seed, stream) into a 32-bit unsigned integer (murmur3 finalizer). */
export function deriveSeed(seed: number, stream: number): number {
  // Fold both 32-bit halves of a safe integer so large seeds stay distinct.
  let h = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ Math.imul(stream + 1, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
