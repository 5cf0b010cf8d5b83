import { describe, expect, it } from 'vitest';
import { MnistDataError } from './errors.ts';
import { parseIdxImages, parseIdxLabels } from './idx.ts';
import { classCounts } from './stats.ts';

/** An IDX buffer: big-endian magic, dimensions, then the payload. */
function idx(magic: number, dims: number[], payload: number[]): Uint8Array {
  const buf = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(buf.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  buf.set(payload, 4 + 4 * dims.length);
  return buf;
}

describe('parseIdxImages', () => {
  const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
  it('reads count, dims and the row-major payload', () => {
    const out = parseIdxImages(idx(2051, [2, 3, 4], pixels), { count: 2, rows: 3, cols: 4 });
    expect([out.count, out.rows, out.cols]).toEqual([2, 3, 4]);
    expect(Array.from(out.pixels)).toEqual(pixels);
  });
  it('rejects a bad magic number, e.g. a label file', () => {
    expect(() => parseIdxImages(idx(2049, [2, 3, 4], pixels), {}, 'x.idx')).toThrow(/x\.idx: bad magic number 2049, expected 2051/);
  });
  it('rejects a short header and a short payload', () => {
    expect(() => parseIdxImages(new Uint8Array(10), {}, 'h')).toThrow(/h: short file: 10 bytes/);
    expect(() => parseIdxImages(idx(2051, [2, 3, 4], pixels.slice(0, 20)), {}, 'p')).toThrow(/p: short file: payload has 20 bytes, header announces 24/);
  });
  it('rejects trailing bytes', () => {
    expect(() => parseIdxImages(idx(2051, [2, 3, 4], [...pixels, 0]))).toThrow(/1 unexpected trailing bytes/);
  });
  it('rejects a wrong count or wrong dims', () => {
    const buf = idx(2051, [2, 3, 4], pixels);
    expect(() => parseIdxImages(buf, { count: 3 })).toThrow(/wrong image count: 2, expected 3/);
    expect(() => parseIdxImages(buf, { rows: 28 })).toThrow(/wrong row count \(image height\): 3, expected 28/);
    expect(() => parseIdxImages(buf, { cols: 28 })).toThrow(/wrong column count/);
    expect(() => parseIdxImages(buf, { count: 3 })).toThrow(MnistDataError);
  });
});

describe('parseIdxLabels', () => {
  it('reads labels', () => {
    expect(Array.from(parseIdxLabels(idx(2049, [3], [7, 0, 9]), { count: 3 }))).toEqual([7, 0, 9]);
  });
  it('names the file in its errors', () => {
    expect(() => parseIdxLabels(idx(2051, [3], [7, 0, 9]), {}, 'l.idx')).toThrow(/^l\.idx: bad magic number 2051, expected 2049$/);
    expect(() => parseIdxLabels(idx(2049, [3], [7, 0, 9]), { count: 4 }, 'l.idx')).toThrow(/l\.idx: wrong label count: 3, expected 4/);
    expect(() => parseIdxLabels(idx(2049, [5], [7, 0, 9]), {}, 'l.idx')).toThrow(/l\.idx: short file/);
  });
  it('works on a view into a larger buffer (Node Buffers are pooled)', () => {
    const inner = idx(2049, [2], [4, 5]);
    const outer = new Uint8Array(inner.length + 6);
    outer.set(inner, 3);
    expect(Array.from(parseIdxLabels(outer.subarray(3, 3 + inner.length)))).toEqual([4, 5]);
  });
});

describe('classCounts', () => {
  it('counts each digit and refuses out-of-range labels', () => {
    expect(classCounts(new Uint8Array([0, 9, 9, 3]))).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
    expect(() => classCounts(new Uint8Array([10]))).toThrow(RangeError);
  });
});
