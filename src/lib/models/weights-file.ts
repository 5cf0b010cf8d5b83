// The reference models' weights as the site serves them: one little-endian float16
// blob per model plus a JSON list of tensors (name, shape, offset), checked on load.
import { decodeFloat16, encodeFloat16 } from './float16.ts';

/** One tensor of a weights file: where its values sit, counted in elements. */
export interface WeightSpec {
  name: string;
  shape: number[];
  offset: number;
}

/** A named float32 tensor as plain data. */
export interface NamedValues {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Thrown when a weights file does not match its list of tensors. */
export class WeightsFormatError extends Error {
  override name = 'WeightsFormatError';
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Packs float32 tensors into one float16 blob (2 bytes per value) and its tensor list. */
export function encodeWeights(tensors: NamedValues[]): { specs: WeightSpec[]; bytes: Uint8Array } {
  const total = tensors.reduce((s, t) => s + t.values.length, 0);
  const bits = new Uint16Array(total);
  const specs: WeightSpec[] = [];
  let offset = 0;
  for (const t of tensors) {
    if (t.values.length !== size(t.shape)) throw new WeightsFormatError(`${t.name}: ${t.values.length} values for shape [${t.shape}]`);
    bits.set(encodeFloat16(t.values), offset);
    specs.push({ name: t.name, shape: t.shape.slice(), offset });
    offset += t.values.length;
  }
  return { specs, bytes: littleEndian(bits) };
}

/** Unpacks a float16 blob into float32 tensors; a blob of the wrong length or a tensor list that does not tile it is an error. */
export function decodeWeights(specs: readonly WeightSpec[], bytes: Uint8Array, file = 'weights'): NamedValues[] {
  const expected = specs.reduce((s, t) => s + size(t.shape), 0);
  if (bytes.length !== expected * 2) {
    throw new WeightsFormatError(`${file}: ${bytes.length} bytes where ${expected * 2} were expected (${bytes.length < expected * 2 ? 'truncated' : 'too long'})`);
  }
  const bits = new Uint16Array(expected);
  for (let i = 0; i < expected; i++) bits[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  const all = decodeFloat16(bits);
  let offset = 0;
  return specs.map((s) => {
    if (s.offset !== offset) throw new WeightsFormatError(`${file}: ${s.name} starts at ${s.offset}, expected ${offset}`);
    const n = size(s.shape);
    offset += n;
    return { name: s.name, shape: s.shape.slice(), values: all.slice(s.offset, s.offset + n) };
  });
}

function littleEndian(bits: Uint16Array): Uint8Array {
  const out = new Uint8Array(bits.length * 2);
  for (let i = 0; i < bits.length; i++) {
    out[2 * i] = bits[i]! & 0xff;
    out[2 * i + 1] = bits[i]! >>> 8;
  }
  return out;
}
