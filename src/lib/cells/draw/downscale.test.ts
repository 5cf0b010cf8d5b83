import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../data/mnist';
import { fileFetch } from '../../data/node-fetch';
import { BASE_URL, PUBLIC_DIR, requireData } from '../../data/test-utils';
import { centreOfMass, resample1d, toMnist } from './downscale';

/** A w×h canvas with a filled rectangle of ink. */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const ink = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * w + x] = 1;
  return ink;
}

function inkBox(img: Float32Array): { w: number; h: number } {
  let x0 = 28, y0 = 28, x1 = -1, y1 = -1;
  img.forEach((v, i) => {
    if (v > 0.01) {
      const x = i % 28, y = Math.floor(i / 28);
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  });
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

describe('resample1d', () => {
  it('keeps the mean when shrinking or growing', () => {
    const src = Float32Array.from({ length: 280 }, (_, i) => (i % 7) / 6);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(resample1d(src, 20))).toBeCloseTo(mean(src), 5);
    expect(mean(resample1d(Float32Array.of(0, 1, 1), 7))).toBeCloseTo(2 / 3, 5);
  });
});

describe('toMnist', () => {
  beforeAll(requireData);

  it('returns null for an empty pad', () => {
    expect(toMnist(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });

  it('fits the longer side to 20 px, keeps the aspect ratio and centres the mass at 14', () => {
    // A tall bar drawn in a corner of the pad: 40 px wide, 200 px tall.
    const img = toMnist(rect(280, 280, 10, 30, 50, 230), 280, 280)!;
    expect(inkBox(img)).toEqual({ w: 4, h: 20 });
    const com = centreOfMass(img, 28, 28);
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...img)).toBeLessThanOrEqual(1);
    expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
  });

  it('scales a wide shape by its width', () => {
    const img = toMnist(rect(300, 200, 0, 90, 300, 120), 300, 200)!;
    expect(inkBox(img)).toEqual({ w: 20, h: 2 });
  });

  it('reproduces real MNIST digits from a 10× enlarged copy (MNIST was made this way)', async () => {
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 20, fetch: fileFetch(PUBLIC_DIR), cache: null });
    for (let k = 0; k < set.count; k++) {
      const digit = Float32Array.from(set.images.subarray(k * 784, (k + 1) * 784), (v) => v / 255);
      const big = new Float32Array(280 * 280);
      for (let y = 0; y < 280; y++) for (let x = 0; x < 280; x++) big[y * 280 + x] = digit[Math.floor(y / 10) * 28 + Math.floor(x / 10)]!;
      const back = toMnist(big, 280, 280)!;
      // Pearson correlation with the original: the two should be nearly the same picture.
      const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
      const [ma, mb] = [mean(digit), mean(back)];
      let sab = 0, saa = 0, sbb = 0;
      for (let i = 0; i < 784; i++) {
        const a = digit[i]! - ma, b = back[i]! - mb;
        sab += a * b; saa += a * a; sbb += b * b;
      }
      expect(sab / Math.sqrt(saa * sbb), `test digit ${k}`).toBeGreaterThan(0.97);
    }
  });
});
