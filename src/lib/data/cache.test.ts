import { describe, expect, it } from 'vitest';
import { CacheStorageShardCache, FallbackShardCache, MemoryShardCache, type ShardCache } from './cache.ts';

/** A minimal in-memory CacheStorage (Node has none), enough for the calls the cache makes. */
function fakeCacheStorage(): CacheStorage {
  const store = new Map<string, Response>();
  const abs = (k: RequestInfo | URL): string => new URL(typeof k === 'string' ? k : k instanceof URL ? k.href : k.url, 'http://site.test/').href;
  const cache = {
    match: async (k: RequestInfo | URL) => store.get(abs(k))?.clone(),
    put: async (k: RequestInfo | URL, r: Response) => void store.set(abs(k), r),
    keys: async () => [...store.keys()].map((u) => new Request(u)),
    delete: async (k: RequestInfo | URL) => store.delete(abs(k)),
  };
  return { open: async () => cache } as unknown as CacheStorage;
}

const bytes = (...b: number[]): Uint8Array<ArrayBuffer> => new Uint8Array(b);

describe('CacheStorageShardCache', () => {
  it('round-trips bytes and drops older versions of the same file', async () => {
    const storage = fakeCacheStorage();
    const c = new CacheStorageShardCache(storage);
    await c.put('/data/a.gz?sha256=1', bytes(1, 2));
    await c.put('/data/b.gz?sha256=1', bytes(5));
    expect(Array.from((await c.get('/data/a.gz?sha256=1')) ?? [])).toEqual([1, 2]);
    await c.put('/data/a.gz?sha256=2', bytes(3));
    expect(await c.get('/data/a.gz?sha256=1')).toBeUndefined();
    expect(Array.from((await c.get('/data/a.gz?sha256=2')) ?? [])).toEqual([3]);
    expect(Array.from((await c.get('/data/b.gz?sha256=1')) ?? [])).toEqual([5]);
  });
});

describe('FallbackShardCache', () => {
  it('switches to memory after the primary cache throws', async () => {
    let calls = 0;
    const broken: ShardCache = {
      get: async () => { calls++; throw new Error('SecurityError'); },
      put: async () => { calls++; throw new Error('QuotaExceededError'); },
    };
    const c = new FallbackShardCache(broken);
    expect(await c.get('k')).toBeUndefined();
    await c.put('k', bytes(9));
    expect(Array.from((await c.get('k')) ?? [])).toEqual([9]);
    expect(calls).toBe(1);
  });
  it('uses the primary cache while it works', async () => {
    const primary = new MemoryShardCache();
    await new FallbackShardCache(primary).put('k', bytes(4));
    expect(Array.from((await primary.get('k')) ?? [])).toEqual([4]);
  });
});
