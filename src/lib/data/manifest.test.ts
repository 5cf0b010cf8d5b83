import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MnistDataError } from './errors.ts';
import { manifestFiles, shardsCovering, validateManifest, type Manifest } from './manifest.ts';
import { DATA_DIR, KNOWN_COUNTS, requireData } from './test-utils.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
let json: unknown;
let manifest: Manifest;

beforeAll(() => {
  requireData();
  json = JSON.parse(readFileSync(`${DATA_DIR}manifest.json`, 'utf8'));
  manifest = validateManifest(json);
});

describe('generated manifest.json', () => {
  it('describes 60,000 training and 10,000 test examples with MNIST class counts', () => {
    expect(manifest.splits.train.count).toBe(60_000);
    expect(manifest.splits.test.count).toBe(10_000);
    expect(manifest.splits.train.classCounts).toEqual(KNOWN_COUNTS.train);
    expect(manifest.splits.test.classCounts).toEqual(KNOWN_COUNTS.test);
    expect(manifest.splits.train.shards).toHaveLength(6);
    expect(manifest.splits.test.shards).toHaveLength(1);
  });
  it('lists files whose size and SHA-256 (file and payload) match the disk', () => {
    const files = manifestFiles(manifest);
    expect(files).toHaveLength(14);
    for (const f of files) {
      const gz = readFileSync(DATA_DIR + f.name);
      expect(gz.length, f.name).toBe(f.bytes);
      expect(sha256(gz), f.name).toBe(f.sha256);
      const raw = gunzipSync(gz);
      expect(raw.length, f.name).toBe(f.rawBytes);
      expect(sha256(raw), f.name).toBe(f.rawSha256);
    }
  });
  it('stays within the download budget', () => {
    const total = manifestFiles(manifest).reduce((a, f) => a + f.bytes, 0);
    const first = manifest.splits.train.shards[0];
    expect(total).toBeLessThanOrEqual(12_000_000);
    expect((first?.images.bytes ?? Infinity) + (first?.labels.bytes ?? 0)).toBeLessThanOrEqual(2_000_000);
  });
  it('picks only the shards covering a count', () => {
    expect(shardsCovering(manifest.splits.train, 100).map((s) => s.start)).toEqual([0]);
    expect(shardsCovering(manifest.splits.train, 10_001).map((s) => s.start)).toEqual([0, 10_000]);
    expect(shardsCovering(manifest.splits.train, 60_000)).toHaveLength(6);
  });
});

describe('validateManifest', () => {
  /** A deep copy of the real manifest with one change. */
  const broken = (edit: (m: any) => void): unknown => {
    const m = structuredClone(json);
    edit(m);
    return m;
  };
  it('names the broken field in a MnistDataError', () => {
    expect(() => validateManifest(null)).toThrow(MnistDataError);
    expect(() => validateManifest(broken((m) => (m.version = 2)))).toThrow(/^manifest\.json: version must be 1, got 2$/);
    expect(() => validateManifest(broken((m) => (m.splits.test.shards[0].images.sha256 = 'xyz')))).toThrow(/splits\.test\.shards\[0\]\.images\.sha256 must be a string matching/);
    expect(() => validateManifest(broken((m) => (m.splits.train.shards[1].images.name = '../x.gz')))).toThrow(/shards\[1\]\.images\.name/);
    expect(() => validateManifest(broken((m) => (m.splits.train.classCounts[0] += 1)))).toThrow(/classCounts \(sum\)/);
    expect(() => validateManifest(broken((m) => m.splits.train.shards.splice(2, 1)))).toThrow(/shards\[2\]\.start must be 20000, got 30000/);
    expect(() => validateManifest(broken((m) => (m.image.rows = 32)))).toThrow(/image\.rows/);
  });
});
