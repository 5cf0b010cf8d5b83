import { describe, expect, it } from 'vitest';
import { DATA_CACHE, DATA_SHA256_HEADER } from '../../offline/contract';
import { BASE, bytesOf, fakeFetch, FakeCacheStorage, fakeSite, fakeWorker, sha256 } from './fakes';
import { askWorkerStatus, classify, downloadPlan, freeSpace, isStatusReply, OfflineError, removeCopy, storedPaths, type DownloadProgress } from './store';

function setup(faults?: Parameters<typeof fakeFetch>[1]) {
  const { plan, bodies } = fakeSite();
  const storage = new FakeCacheStorage();
  const server = fakeFetch(bodies, faults);
  const env = { caches: storage.api, fetch: server.fetch, baseUrl: BASE };
  return { plan, bodies, storage, server, env };
}

async function failure(p: Promise<unknown>): Promise<OfflineError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(OfflineError);
    return error as OfflineError;
  }
  throw new Error('expected a failure');
}

describe('storedPaths', () => {
  it('finds nothing, and creates no cache, when DATA_CACHE does not exist', async () => {
    const { plan, storage, env, server } = setup();
    expect((await storedPaths(plan, env)).size).toBe(0);
    expect(storage.opened).toEqual([]);
    expect(server.calls).toEqual([]);
  });

  it('counts the files DATA_CACHE holds, but not one stored for another version of the file', async () => {
    const { plan, storage, env, server } = setup();
    const cache = await storage.open(DATA_CACHE);
    await cache.put(BASE + 'data/mnist/manifest.json', new Response('x')); // put by the worker on the way: no header
    await cache.put(BASE + 'data/models/cnn-s42.f16.bin', new Response('x', { headers: { [DATA_SHA256_HEADER]: '0'.repeat(64) } }));
    expect([...(await storedPaths(plan, env))]).toEqual(['data/mnist/manifest.json']);
    expect(server.calls).toEqual([]);
  });
});

describe('downloadPlan', () => {
  it('stores every file verified, with its SHA-256, and reports progress up to the total', async () => {
    const { plan, bodies, storage, env, server } = setup();
    const seen: DownloadProgress[] = [];
    await downloadPlan(plan, env, (p) => seen.push(p));
    const cache = await storage.open(DATA_CACHE);
    for (const f of plan.files) {
      const entry = cache.entries.get(BASE + f.path);
      expect(entry?.body).toEqual(bodies.get(BASE + f.path));
      expect(new Headers(entry?.headers).get(DATA_SHA256_HEADER)).toBe(f.sha256);
    }
    const total = 7_300;
    expect(seen.every((p) => p.total === total)).toBe(true);
    expect(seen.at(-1)?.done).toBe(total);
    // Progress moves inside a file (streamed in chunks), never backwards.
    expect(seen.some((p) => p.file === 'data/mnist/train-images-00.u8.gz' && p.done > 300 && p.done < 5_300)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    // Same origin only, each request marked so the service worker leaves the storing to the page.
    expect(server.calls.map((c) => c.url)).toEqual(plan.files.map((f) => BASE + f.path));
    expect(server.calls.every((c) => c.url.startsWith(BASE) && c.header === '1')).toBe(true);
    expect(await storedPaths(plan, env)).toEqual(new Set(plan.files.map((f) => f.path)));
  });

  it('does not download again what is already stored with the right SHA-256, and verifies what the worker stored', async () => {
    const { plan, bodies, storage, env, server } = setup();
    await downloadPlan(plan, env, () => {});
    const cache = await storage.open(DATA_CACHE);
    // The worker stored the manifest on the way (no header): read locally and checked, not fetched.
    const url = BASE + 'data/mnist/manifest.json';
    cache.entries.set(url, { body: bodies.get(url)!.slice(), headers: [] });
    server.calls.length = 0;
    await downloadPlan(plan, env, () => {});
    expect(server.calls).toEqual([]);
    expect(new Headers(cache.entries.get(url)?.headers).get(DATA_SHA256_HEADER)).toBe(plan.files[0]?.sha256);
  });

  it('replaces a damaged stored copy', async () => {
    const { plan, bodies, storage, env, server } = setup();
    const cache = await storage.open(DATA_CACHE);
    const url = BASE + 'data/models/cnn-s42.f16.bin';
    cache.entries.set(url, { body: bytesOf(2_000, 99), headers: [] });
    await downloadPlan(plan, env, () => {});
    expect(cache.entries.get(url)?.body).toEqual(bodies.get(url));
    expect(server.calls.filter((c) => c.url === url)).toHaveLength(1);
  });

  it('accepts a .gz file the server decoded on the way (its payload SHA-256)', async () => {
    const { plan, bodies, env, storage } = setup();
    const url = BASE + 'data/mnist/train-images-00.u8.gz';
    const payload = bytesOf(7_840, 5);
    bodies.set(url, payload);
    const file = plan.files[1]!;
    file.alt = { bytes: payload.length, sha256: sha256(payload) };
    await downloadPlan(plan, env, () => {});
    expect((await storage.open(DATA_CACHE)).entries.get(url)?.body).toEqual(payload);
  });

  it('retries a damaged download once from the network, bypassing the HTTP cache', async () => {
    const { plan, env, server } = setup((url, attempt) => (url.endsWith('.gz') && attempt === 1 ? 'damaged' : null));
    await downloadPlan(plan, env, () => {});
    expect(server.calls.filter((c) => c.url.endsWith('.gz')).map((c) => c.cache)).toEqual([undefined, 'reload']);
  });

  it('on a persistent SHA-256 mismatch, deletes the file from DATA_CACHE and names it', async () => {
    const { plan, env, storage } = setup((url) => (url.endsWith('.gz') ? 'damaged' : null));
    const error = await failure(downloadPlan(plan, env, () => {}));
    expect(error.kind).toBe('integrity');
    expect(error.file).toBe('data/mnist/train-images-00.u8.gz');
    const cache = await storage.open(DATA_CACHE);
    expect(cache.entries.has(BASE + 'data/mnist/train-images-00.u8.gz')).toBe(false);
    // The file before it stays stored; the one after was never fetched.
    expect(cache.entries.has(BASE + 'data/mnist/manifest.json')).toBe(true);
    expect(cache.entries.has(BASE + 'data/models/cnn-s42.f16.bin')).toBe(false);
  });

  it('says "offline" when fetch rejects and when the connection drops mid-body, keeping what was stored', async () => {
    for (const fault of ['network', 'cut'] as const) {
      const { plan, env } = setup((url) => (url.endsWith('.gz') ? fault : null));
      const error = await failure(downloadPlan(plan, env, () => {}));
      expect(error.kind, fault).toBe('offline');
      expect(error.file).toBe('data/mnist/train-images-00.u8.gz');
      expect(await storedPaths(plan, env)).toEqual(new Set(['data/mnist/manifest.json']));
    }
  });

  it('says "quota" when the cache refuses to store (QuotaExceededError)', async () => {
    const { plan, env, storage } = setup();
    (await storage.open(DATA_CACHE)).failPut = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect((await failure(downloadPlan(plan, env, () => {}))).kind).toBe('quota');
  });

  it('reports an HTTP error with its status and file', async () => {
    const { plan, env } = setup((url) => (url.endsWith('.bin') ? 404 : null));
    const error = await failure(downloadPlan(plan, env, () => {}));
    expect([error.kind, error.status, error.file]).toEqual(['http', 404, 'data/models/cnn-s42.f16.bin']);
  });

  it('refuses a body longer than the file can be', async () => {
    const { plan, bodies, env } = setup();
    bodies.set(BASE + 'data/mnist/manifest.json', bytesOf(5_000, 1));
    expect((await failure(downloadPlan(plan, env, () => {}))).kind).toBe('integrity');
  });
});

describe('removeCopy and classify', () => {
  it('deletes DATA_CACHE and only it', async () => {
    const { plan, env, storage } = setup();
    await downloadPlan(plan, env, () => {});
    await storage.open('cnn-lstm-mnist-site-abc');
    expect(await removeCopy(env)).toBe(true);
    expect([...storage.caches.keys()]).toEqual(['cnn-lstm-mnist-site-abc']);
    expect((await storedPaths(plan, env)).size).toBe(0);
  });

  it('classifies network, quota and other errors', () => {
    expect(classify(new TypeError('Failed to fetch')).kind).toBe('offline');
    expect(classify(new DOMException('full', 'QuotaExceededError')).kind).toBe('quota');
    expect(classify(new Error('odd')).kind).toBe('other');
    expect(classify('odd').message).toBe('odd');
  });
});

describe('askWorkerStatus', () => {
  it('asks with a status message on a port and returns the reply', async () => {
    const reply = { type: 'status', version: 'abc', precached: 40, precacheTotal: 42 } as const;
    const worker = fakeWorker(reply);
    expect(await askWorkerStatus(worker, 1_000)).toEqual(reply);
    expect(worker.messages).toEqual([{ type: 'status' }]);
  });

  it('gives null when the worker is silent, or answers nonsense', async () => {
    expect(await askWorkerStatus(fakeWorker(null), 50)).toBeNull();
    expect(await askWorkerStatus(fakeWorker({ type: 'status', version: 'x', precached: 5, precacheTotal: 2 }), 200)).toBeNull();
    expect(isStatusReply({ type: 'status', version: 'x', precached: 0, precacheTotal: 0 })).toBe(true);
    expect(isStatusReply({ type: 'status', precached: 1, precacheTotal: 2 })).toBe(false);
  });
});

describe('freeSpace', () => {
  it('is quota minus usage, or null when the browser cannot say', async () => {
    expect(await freeSpace({ estimate: async () => ({ quota: 100, usage: 30 }) } as StorageManager)).toBe(70);
    expect(await freeSpace({ estimate: async () => ({}) } as StorageManager)).toBeNull();
    expect(await freeSpace({ estimate: () => Promise.reject(new Error('no')) } as unknown as StorageManager)).toBeNull();
    expect(await freeSpace(undefined)).toBeNull();
  });
});
