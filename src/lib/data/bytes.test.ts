import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gunzip, isGzip, readBody, sha256Hex } from './bytes.ts';
import { MnistDataError } from './errors.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('byte helpers', () => {
  const data = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

  it('hashes like node:crypto', async () => {
    expect(await sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
  });
  it('refuses to skip verification where crypto.subtle is missing (insecure context)', async () => {
    vi.stubGlobal('crypto', {});
    await expect(sha256Hex(data, 'x.gz')).rejects.toThrow(/^x\.gz: cannot verify: crypto\.subtle is unavailable/);
  });
  it('recognises gzip and round-trips it', async () => {
    const gz = new Uint8Array(gzipSync(data));
    expect([isGzip(gz), isGzip(data), isGzip(new Uint8Array([0x1f]))]).toEqual([true, false, false]);
    expect(await gunzip(gz, 'a.gz')).toEqual(data);
    await expect(gunzip(gz.slice(0, 30), 'a.gz')).rejects.toThrow(MnistDataError);
  });
  it('streams a body, reporting the running total, and stops past the size limit', async () => {
    const seen: number[] = [];
    const body = await readBody(new Response(new Blob([data, data])), 'b', 10_000, undefined, (n) => seen.push(n));
    expect(body).toHaveLength(10_000);
    expect(seen.at(-1)).toBe(10_000);
    await expect(readBody(new Response(new Blob([data, data])), 'b', 9_999, undefined, () => undefined)).rejects.toThrow(/^b: response is larger than the expected 9999 bytes/);
  });
});
