/**
 * Turns a drawing into an MNIST-style 28×28 digit, the way MNIST itself was made:
 * crop to the ink, scale (anti-aliased) so the longer side is 20 px keeping the
 * aspect ratio, then place it in 28×28 with its centre of mass at the centre.
 */

/** Side of an MNIST image. */
export const SIDE = 28;
/** Side of the box MNIST fits each digit into. */
export const BOX = 20;
/** Ink below this (0–1) counts as background when cropping. */
const INK = 0.05;

/** Area-averaging 1-D resample of `src` (n samples) to m samples: exact for any ratio. */
export function resample1d(src: Float32Array, m: number): Float32Array {
  const n = src.length;
  const out = new Float32Array(m);
  const step = n / m;
  for (let i = 0; i < m; i++) {
    const a = i * step;
    const b = a + step;
    let sum = 0;
    for (let j = Math.floor(a); j < Math.ceil(b) && j < n; j++) {
      const overlap = Math.min(b, j + 1) - Math.max(a, j);
      if (overlap > 0) sum += (src[j] ?? 0) * overlap;
    }
    out[i] = sum / step;
  }
  return out;
}

/** Crops ink (width×height, values 0–1) to its bounding box; null when nothing is drawn. */
export function cropToInk(ink: Float32Array, width: number, height: number): { pixels: Float32Array; width: number; height: number } | null {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((ink[y * width + x] ?? 0) > INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const pixels = new Float32Array(w * h);
  for (let y = 0; y < h; y++) pixels.set(ink.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w);
  return { pixels, width: w, height: h };
}

/** Resizes a w×h image to tw×th with separable area averaging. */
export function resize(pixels: Float32Array, w: number, h: number, tw: number, th: number): Float32Array {
  const rows = new Float32Array(tw * h);
  for (let y = 0; y < h; y++) rows.set(resample1d(pixels.subarray(y * w, (y + 1) * w), tw), y * tw);
  const out = new Float32Array(tw * th);
  const column = new Float32Array(h);
  for (let x = 0; x < tw; x++) {
    for (let y = 0; y < h; y++) column[y] = rows[y * tw + x] ?? 0;
    resample1d(column, th).forEach((v, y) => (out[y * tw + x] = v));
  }
  return out;
}

/** Centre of mass of a w×h image, in pixel indices (MNIST's digits sit at about (14, 14) this way). */
export function centreOfMass(pixels: Float32Array, w: number, h: number): { x: number; y: number } {
  let sum = 0, sx = 0, sy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = pixels[y * w + x] ?? 0;
      sum += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return sum > 0 ? { x: sx / sum, y: sy / sum } : { x: (w - 1) / 2, y: (h - 1) / 2 };
}

/** The drawing as 784 values in [0, 1] (row-major, ink = 1), or null if the pad is empty. */
export function toMnist(ink: Float32Array, width: number, height: number): Float32Array | null {
  const crop = cropToInk(ink, width, height);
  if (!crop) return null;
  const scale = BOX / Math.max(crop.width, crop.height);
  const tw = Math.max(1, Math.round(crop.width * scale));
  const th = Math.max(1, Math.round(crop.height * scale));
  const small = resize(crop.pixels, crop.width, crop.height, tw, th);
  const com = centreOfMass(small, tw, th);
  // Shift so the centre of mass lands on the field's centre, without pushing ink out.
  const ox = Math.min(SIDE - tw, Math.max(0, Math.round(SIDE / 2 - com.x)));
  const oy = Math.min(SIDE - th, Math.max(0, Math.round(SIDE / 2 - com.y)));
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) out[(oy + y) * SIDE + ox + x] = Math.min(1, Math.max(0, small[y * tw + x] ?? 0));
  }
  return out;
}
