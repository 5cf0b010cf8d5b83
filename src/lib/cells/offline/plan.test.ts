import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestFiles, validateManifest } from '../../data/manifest';
import { validateWeightsManifest } from '../../models/weights-manifest';
import { fileUrl, parsePlan, PlanError, planSizes, storedBytes, type OfflinePlan } from './plan';
import { buildPlan, type ManifestSource } from './plan-build';

const SHA = 'a'.repeat(64);
const plan: OfflinePlan = {
  files: [
    { path: 'data/mnist/manifest.json', bytes: 100, sha256: SHA, group: 'data' },
    { path: 'data/mnist/test-images-00.u8.gz', bytes: 1_000, sha256: SHA, group: 'data', alt: { bytes: 7_840, sha256: SHA } },
    { path: 'data/models/cnn-s42.f16.bin', bytes: 50, sha256: SHA, group: 'models' },
  ],
};

describe('parsePlan', () => {
  it('reads back what the component wrote', () => {
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
  });

  it('refuses a missing, malformed or invalid list with a PlanError', () => {
    const bad = (files: unknown) => JSON.stringify({ files });
    for (const text of [
      undefined,
      '',
      '{"files": [',
      'null',
      bad([]),
      bad([{ ...plan.files[0], path: '../secret' }]),
      bad([{ ...plan.files[0], path: 'https://elsewhere.example/data/x' }]),
      bad([{ ...plan.files[0], path: '//elsewhere.example/data/x' }]),
      bad([{ ...plan.files[0], path: '/data/x' }]),
      bad([{ ...plan.files[0], path: 'data/../x' }]),
      bad([{ ...plan.files[0], path: 'other/x' }]),
      bad([{ ...plan.files[0], bytes: 0 }]),
      bad([{ ...plan.files[0], bytes: '100' }]),
      bad([{ ...plan.files[0], sha256: 'ABC' }]),
      bad([{ ...plan.files[0], group: 'pages' }]),
      bad([{ ...plan.files[1], alt: { bytes: 1 } }]),
      bad([plan.files[0], plan.files[0]]),
    ]) {
      expect(() => parsePlan(text), String(text)).toThrow(PlanError);
    }
  });
});

describe('sizes', () => {
  it('adds up the whole plan, the data set and the models', () => {
    expect(planSizes(plan)).toEqual({ total: 1_150, data: 1_100, models: 50, files: 3 });
  });

  it('counts the stored bytes', () => {
    expect(storedBytes(plan, new Set())).toBe(0);
    expect(storedBytes(plan, new Set(['data/mnist/manifest.json', 'data/models/cnn-s42.f16.bin', 'data/unknown']))).toBe(150);
  });

  it('joins paths to the base URL, with or without its slash', () => {
    expect(fileUrl('https://h.test/repo/', 'data/mnist/manifest.json')).toBe('https://h.test/repo/data/mnist/manifest.json');
    expect(fileUrl('https://h.test/repo', 'data/x')).toBe('https://h.test/repo/data/x');
    expect(fileUrl('http://localhost:4321/', 'data/x')).toBe('http://localhost:4321/data/x');
  });
});

describe('buildPlan (the generated manifests, as the component reads them)', () => {
  const read = (file: string): ManifestSource => {
    const bytes = readFileSync(resolve(process.cwd(), file));
    return { text: bytes.toString('utf8'), bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const mnist = read('public/data/mnist/manifest.json');
  const models = read('public/data/models/manifest.json');

  it('lists both manifests, every MNIST shard and both models, with their sizes and SHA-256', () => {
    const built = buildPlan(mnist, models);
    const shards = manifestFiles(validateManifest(JSON.parse(mnist.text)));
    const weights = Object.values(validateWeightsManifest(JSON.parse(models.text)).models);
    expect(built.files.map((f) => f.path)).toEqual([
      'data/mnist/manifest.json',
      ...shards.map((s) => `data/mnist/${s.name}`),
      'data/models/manifest.json',
      ...weights.map((w) => `data/models/${w.file}`),
    ]);
    expect(built.files[0]).toEqual({ path: 'data/mnist/manifest.json', bytes: mnist.bytes, sha256: mnist.sha256, group: 'data' });
    expect(built.files[1]).toMatchObject({ bytes: shards[0]!.bytes, sha256: shards[0]!.sha256, alt: { bytes: shards[0]!.rawBytes, sha256: shards[0]!.rawSha256 } });
    const sizes = planSizes(built);
    expect(sizes.data).toBe(mnist.bytes + shards.reduce((a, s) => a + s.bytes, 0));
    expect(sizes.models).toBe(models.bytes + weights.reduce((a, w) => a + w.bytes, 0));
    // What the page reads back is what was built.
    expect(parsePlan(JSON.stringify(built))).toEqual(built);
  });

  it('works without the weights, and fails on a damaged manifest', () => {
    expect(planSizes(buildPlan(mnist, null)).models).toBe(0);
    expect(() => buildPlan({ ...mnist, text: '{}' }, null)).toThrow(/manifest/);
    expect(() => buildPlan(mnist, { ...models, text: '{"format":"reference-weights","version":2}' })).toThrow(/version 2/);
  });
});
