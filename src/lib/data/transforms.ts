// Image transforms of the experiments, on raw uint8 MNIST pixels (n × 784, row-major 28 × 28),
// applied before the images become tensors. Pure functions: the input is never modified.
import { deriveSeed } from '../models/seeds.ts';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

function checkImages(images: Uint8Array, where: string): number {
  if (!(images instanceof Uint8Array) || images.length % PIXELS !== 0) {
    throw new RangeError(`${where}: expected n × 784 uint8 pixels, got ${images?.length} values`);
  }
  return images.length / PIXELS;
}

/** A fixed random order of the 784 pixel positions (Fisher–Yates, mulberry32 seeded by `seed`): the same seed gives the same permutation. */
export function pixelPermutation(seed: number): Uint16Array {
  let state = deriveSeed(seed, 1000);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const perm = Uint16Array.from({ length: PIXELS }, (_, i) => i);
  for (let i = PIXELS - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
}

/** Pixel i of each output image is pixel perm[i] of the input: every pixel kept, all local structure gone. */
export function permutePixels(images: Uint8Array, perm: Uint16Array): Uint8Array {
  const n = checkImages(images, 'permutePixels');
  if (perm.length !== PIXELS) throw new RangeError(`permutePixels: the permutation has ${perm.length} entries, not 784`);
  const out = new Uint8Array(images.length);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    for (let i = 0; i < PIXELS; i++) out[base + i] = images[base + perm[i]!]!;
  }
  return out;
}

/** Moves every image `dx` pixels right (negative: left) and `dy` down (negative: up); the uncovered border is 0. */
export function shiftImages(images: Uint8Array, dx: number, dy: number): Uint8Array {
  const n = checkImages(images, 'shiftImages');
  if (!Number.isInteger(dx) || !Number.isInteger(dy) || Math.abs(dx) >= SIDE || Math.abs(dy) >= SIDE) {
    throw new RangeError(`shiftImages: shifts must be integers in (-28, 28), got ${dx}, ${dy}`);
  }
  const out = new Uint8Array(images.length);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    for (let r = 0; r < SIDE; r++) {
      const from = r - dy;
      if (from < 0 || from >= SIDE) continue;
      for (let c = 0; c < SIDE; c++) {
        const fc = c - dx;
        if (fc >= 0 && fc < SIDE) out[base + r * SIDE + c] = images[base + from * SIDE + fc]!;
      }
    }
  }
  return out;
}

/** Rows in reverse order (bottom row first): the LSTM then reads from the bottom up. */
export function flipRows(images: Uint8Array): Uint8Array {
  const n = checkImages(images, 'flipRows');
  const out = new Uint8Array(images.length);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    for (let r = 0; r < SIDE; r++) out.set(images.subarray(base + r * SIDE, base + (r + 1) * SIDE), base + (SIDE - 1 - r) * SIDE);
  }
  return out;
}

/** Rows and columns swapped: the LSTM then reads the columns from left to right. */
export function transposeImages(images: Uint8Array): Uint8Array {
  const n = checkImages(images, 'transposeImages');
  const out = new Uint8Array(images.length);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) out[base + c * SIDE + r] = images[base + r * SIDE + c]!;
  }
  return out;
}
