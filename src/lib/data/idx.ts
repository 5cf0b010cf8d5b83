// IDX is the MNIST files' own format: a big-endian magic number (0x0803 images,
// 0x0801 labels), then one int32 per dimension, then the uint8 payload.
// Shared by the browser code and scripts/prepare-data.mjs (Node 24 strips the types),
// so this file must keep to erasable TypeScript and import with explicit .ts extensions.
import { MnistDataError } from './errors.ts';

/** Magic number of an IDX file of uint8 images (3 dimensions). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of uint8 labels (1 dimension). */
export const IDX_LABELS_MAGIC = 2049;

/** Decoded images: `pixels` is a view (not a copy) of the buffer, row-major, count*rows*cols bytes. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}

/** What the caller knows the file must contain; any mismatch is an error. */
export interface IdxExpectation {
  count?: number;
  rows?: number;
  cols?: number;
}

function readHeader(buf: Uint8Array, file: string, magic: number, dims: number): number[] {
  const headerBytes = 4 + 4 * dims;
  if (buf.byteLength < headerBytes) {
    throw new MnistDataError(file, `short file: ${buf.byteLength} bytes, an IDX header needs ${headerBytes}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    throw new MnistDataError(file, `bad magic number ${found}, expected ${magic}`);
  }
  return Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
}

function checkPayload(buf: Uint8Array, file: string, offset: number, size: number): Uint8Array {
  const available = buf.byteLength - offset;
  if (available < size) {
    throw new MnistDataError(file, `short file: payload has ${available} bytes, header announces ${size}`);
  }
  if (available > size) {
    throw new MnistDataError(file, `${available - size} unexpected trailing bytes after the payload`);
  }
  return buf.subarray(offset, offset + size);
}

function expectEqual(file: string, what: string, found: number, expected: number | undefined): void {
  if (expected !== undefined && found !== expected) {
    throw new MnistDataError(file, `wrong ${what}: ${found}, expected ${expected}`);
  }
}

/** Parses an IDX3 uint8 image file (magic 2051), checking it against `expect`. */
export function parseIdxImages(buf: Uint8Array, expect: IdxExpectation = {}, file = 'images'): IdxImages {
  const [count = 0, rows = 0, cols = 0] = readHeader(buf, file, IDX_IMAGES_MAGIC, 3);
  expectEqual(file, 'image count', count, expect.count);
  expectEqual(file, 'row count (image height)', rows, expect.rows);
  expectEqual(file, 'column count (image width)', cols, expect.cols);
  return { count, rows, cols, pixels: checkPayload(buf, file, 16, count * rows * cols) };
}

/** Parses an IDX1 uint8 label file (magic 2049); returns a view of the labels. */
export function parseIdxLabels(buf: Uint8Array, expect: { count?: number } = {}, file = 'labels'): Uint8Array {
  const [count = 0] = readHeader(buf, file, IDX_LABELS_MAGIC, 1);
  expectEqual(file, 'label count', count, expect.count);
  return checkPayload(buf, file, 8, count);
}
