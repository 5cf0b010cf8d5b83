import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from './float16';

describe('float16', () => {
  it('encodes known values', () => {
    expect(toFloat16Bits(0)).toBe(0);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(-Infinity)).toBe(0xfc00);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
    expect(toFloat16Bits(2 ** -24)).toBe(1); // smallest subnormal
    expect(toFloat16Bits(2 ** -26)).toBe(0); // rounds to zero
  });

  it('rounds half to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: even mantissa (1) wins.
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('round-trips every finite float16 exactly', () => {
    for (let h = 0; h < 65536; h++) {
      const v = fromFloat16Bits(h);
      if (!Number.isFinite(v)) continue;
      expect(toFloat16Bits(v)).toBe(h);
    }
  });

  it('keeps weights within half an ulp (relative 2^-11)', () => {
    const xs = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 0.3);
    const back = decodeFloat16(encodeFloat16(xs));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const tol = Math.max(Math.abs(x) * 2 ** -11, 2 ** -25);
      expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(tol);
    }
  });
});
