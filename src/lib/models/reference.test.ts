import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileFetch } from '../data/node-fetch';
import type { FetchLike } from '../data/download';
import { buildReferenceModel, fetchReferenceWeights } from './reference';
import { validateWeightsManifest, WeightsError } from './weights-manifest';
import { decodeWeights, encodeWeights } from './weights-file';

const BASE = 'http://local/data/models/';
const served = fileFetch('public');
const manifestPath = 'public/data/models/manifest.json';

/** The served files, with one of them replaced by what `change` makes of it. */
function tampered(file: string, change: (bytes: Uint8Array) => Uint8Array | null): FetchLike {
  return async (url, init) => {
    if (!url.endsWith(`/${file}`)) return served(url, init);
    const bytes = new Uint8Array(await (await served(url, init)).arrayBuffer());
    const out = change(bytes);
    return out ? new Response(out as Uint8Array<ArrayBuffer>) : new Response('not found', { status: 404, statusText: 'Not Found' });
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weights file format', () => {
  it('round-trips tensors through float16 and rejects a blob of the wrong length', () => {
    const tensors = [{ name: 'k', shape: [2, 3], values: Float32Array.of(0.5, -1, 0.1, 2, 0, -0.25) }, { name: 'b', shape: [3], values: Float32Array.of(1, 2, 3) }];
    const { specs, bytes } = encodeWeights(tensors);
    expect(bytes.length).toBe(18);
    const back = decodeWeights(specs, bytes);
    expect(back.map((t) => t.name)).toEqual(['k', 'b']);
    expect(back[0]!.values[2]).toBeCloseTo(0.1, 3);
    expect(Array.from(back[1]!.values)).toEqual([1, 2, 3]);
    expect(() => decodeWeights(specs, bytes.subarray(0, 16), 'x.bin')).toThrow(/x\.bin: 16 bytes where 18 were expected \(truncated\)/);
  });

  it('validates the manifest field by field', () => {
    expect(() => validateWeightsManifest({ format: 'mnist-shards', version: 1 })).toThrow(/manifest\.json: format/);
    expect(() => validateWeightsManifest({ format: 'reference-weights', version: 2 })).toThrow(/version 2/);
  });
});

describe.skipIf(!existsSync(manifestPath))('the served reference weights', () => {
  it('are within budget, and the committed check (weights-check.json) is about these very files and passed', () => {
    const manifest = validateWeightsManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
    const total = manifest.models.cnn.bytes + manifest.models.lstm.bytes;
    expect(total).toBeLessThanOrEqual(2_500_000);
    const check = JSON.parse(readFileSync('src/data/reference/weights-check.json', 'utf8'));
    expect(check.pass).toBe(true);
    for (const kind of ['cnn', 'lstm'] as const) {
      expect(check.models[kind].sha256).toBe(manifest.models[kind].sha256);
      expect(Math.abs(check.models[kind].float32Accuracy - check.models[kind].float16Accuracy) * 100).toBeLessThanOrEqual(0.05);
    }
  });

  it('load into models that predict, and free what they made', async () => {
    const { entry, weights } = await fetchReferenceWeights('lstm', { baseUrl: BASE, fetch: served });
    expect(entry.params).toBe(81_674);
    const before = tf.memory().numTensors;
    const model = buildReferenceModel('lstm', weights, entry.file);
    const probs = tf.tidy(() => (model.predict(tf.zeros([1, 28, 28])) as tf.Tensor).sum().dataSync()[0]);
    expect(probs).toBeCloseTo(1, 5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('name the file when it fails its checksum, is truncated or missing (after one retry)', async () => {
    const file = JSON.parse(readFileSync(manifestPath, 'utf8')).models.cnn.file as string;
    let calls = 0;
    const flip = tampered(file, (b) => (calls++, (b[1000] = b[1000]! ^ 1), b));
    await expect(fetchReferenceWeights('cnn', { baseUrl: BASE, fetch: flip })).rejects.toThrow(new RegExp(`^${file}: SHA-256 mismatch`));
    expect(calls).toBe(2); // a fresh second try, as for the shards
    await expect(fetchReferenceWeights('cnn', { baseUrl: BASE, fetch: tampered(file, (b) => b.subarray(0, 5000)) })).rejects.toThrow(new RegExp(`^${file}: received 5000 bytes.*truncated`));
    const missing = fetchReferenceWeights('cnn', { baseUrl: BASE, fetch: tampered(file, () => null) });
    await expect(missing).rejects.toBeInstanceOf(WeightsError);
    await expect(missing).rejects.toThrow(new RegExp(`^${file}: HTTP 404`));
    await expect(fetchReferenceWeights('cnn', { baseUrl: BASE, fetch: tampered('manifest.json', () => new TextEncoder().encode('{')) })).rejects.toThrow(/^manifest\.json: not valid JSON/);
  });

  it('refuse weights that do not fit the model', async () => {
    const { weights } = await fetchReferenceWeights('lstm', { baseUrl: BASE, fetch: served });
    expect(() => buildReferenceModel('cnn', weights, 'lstm-s42.f16.bin')).toThrow(/lstm-s42\.f16\.bin: tensors .* do not fit the CNN/);
  });
});
