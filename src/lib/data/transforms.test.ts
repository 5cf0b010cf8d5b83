import { describe, expect, it } from 'vitest';
import { flipRows, permutePixels, pixelPermutation, shiftImages, transposeImages } from './transforms';

/** n blank 28 × 28 images with single lit pixels: [image, row, col, value]. */
function images(n: number, lit: [number, number, number, number][]): Uint8Array {
  const out = new Uint8Array(n * 784);
  for (const [k, r, c, v] of lit) out[k * 784 + r * 28 + c] = v;
  return out;
}
const litAt = (img: Uint8Array, k = 0) => [...img.subarray(k * 784, (k + 1) * 784)].flatMap((v, i) => (v ? [[Math.floor(i / 28), i % 28, v]] : []));

describe('pixelPermutation', () => {
  it('is a bijection of the 784 positions, the same for the same seed, another for another seed', () => {
    const p = pixelPermutation(42);
    expect(new Set(p).size).toBe(784);
    expect(Math.min(...p)).toBe(0);
    expect(Math.max(...p)).toBe(783);
    expect(pixelPermutation(42)).toEqual(p);
    expect(pixelPermutation(43)).not.toEqual(p);
    expect([...p].filter((v, i) => v === i).length).toBeLessThan(10); // it really moves pixels
  });
  it('moves the same pixel to the same place in train and test images, and keeps every pixel value', () => {
    const perm = pixelPermutation(7);
    const train = images(2, [[0, 3, 4, 200], [1, 27, 27, 9]]);
    const test = images(1, [[0, 3, 4, 50]]);
    const a = permutePixels(train, perm);
    const b = permutePixels(test, perm);
    const where = perm.indexOf(3 * 28 + 4);
    expect(a[where]).toBe(200);
    expect(b[where]).toBe(50);
    expect(a[784 + perm.indexOf(783)]).toBe(9);
    expect([...a].sort()).toEqual([...train].sort());
    expect(train[3 * 28 + 4]).toBe(200); // input untouched
  });
  it('refuses a wrong permutation or wrong sizes', () => {
    expect(() => permutePixels(new Uint8Array(784), new Uint16Array(10))).toThrow(/784/);
    expect(() => permutePixels(new Uint8Array(100), pixelPermutation(1))).toThrow(/n × 784/);
  });
});

describe('shiftImages', () => {
  it('moves a single pixel where it should, in each direction', () => {
    const img = images(1, [[0, 10, 12, 255]]);
    expect(litAt(shiftImages(img, 2, 0))).toEqual([[10, 14, 255]]);
    expect(litAt(shiftImages(img, -3, 0))).toEqual([[10, 9, 255]]);
    expect(litAt(shiftImages(img, 0, 4))).toEqual([[14, 12, 255]]);
    expect(litAt(shiftImages(img, 0, -1))).toEqual([[9, 12, 255]]);
    expect(litAt(shiftImages(img, 0, 0))).toEqual([[10, 12, 255]]);
  });
  it('fills the uncovered border with 0 and drops what leaves the image', () => {
    const img = images(1, [[0, 0, 27, 1], [0, 5, 0, 2]]);
    expect(litAt(shiftImages(img, 1, 0))).toEqual([[5, 1, 2]]);
    const full = new Uint8Array(784).fill(7);
    const moved = shiftImages(full, 0, 3);
    expect(moved.subarray(0, 3 * 28).every((v) => v === 0)).toBe(true);
    expect(moved.subarray(3 * 28).every((v) => v === 7)).toBe(true);
  });
  it('shifts every image of a batch and refuses absurd shifts', () => {
    const img = images(2, [[0, 1, 1, 3], [1, 2, 2, 4]]);
    const out = shiftImages(img, 1, 1);
    expect(litAt(out, 0)).toEqual([[2, 2, 3]]);
    expect(litAt(out, 1)).toEqual([[3, 3, 4]]);
    expect(() => shiftImages(img, 0.5, 0)).toThrow(/integers/);
    expect(() => shiftImages(img, 28, 0)).toThrow(/integers/);
  });
});

describe('reading orders', () => {
  it('flipRows puts the bottom row first', () => {
    expect(litAt(flipRows(images(1, [[0, 0, 5, 9], [0, 27, 1, 8]])))).toEqual([[0, 1, 8], [27, 5, 9]]);
  });
  it('transposeImages swaps rows and columns, and twice gives the image back', () => {
    const img = images(1, [[0, 2, 20, 9]]);
    expect(litAt(transposeImages(img))).toEqual([[20, 2, 9]]);
    expect(transposeImages(transposeImages(img))).toEqual(img);
  });
});
