/** Seeded PRNG (mulberry32): small, fast, and identical in every JS engine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The example order of one epoch. Derived from (seed, epoch) alone, not from
 * a running generator, so a run resumed at epoch k shuffles exactly as an
 * uninterrupted one would.
 */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  const rand = mulberry32((seed * 1_000_003 + epoch * 7919) >>> 0);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
