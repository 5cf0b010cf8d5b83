// Verified shard payloads are cached so a second run downloads nothing. The Cache API
// (window and worker) survives reloads; where it is missing or fails (insecure origin,
// private mode, quota) we fall back to memory: a cache problem must never fail a load.

/** Where verified, decompressed shard payloads are kept; keys embed the file's SHA-256. */
export interface ShardCache {
  /** The stored bytes, or undefined when absent. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
  /** Stores the bytes (the caller will not modify them). */
  put(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
}

/** A ShardCache in a Map: lives as long as the page or worker. */
export class MemoryShardCache implements ShardCache {
  readonly #entries = new Map<string, Uint8Array<ArrayBuffer>>();

  async get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    return this.#entries.get(key);
  }

  async put(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    this.#entries.set(key, bytes);
  }
}

/** A ShardCache on the Cache API; keys are URLs with a `?sha256=` query (fragments are ignored by caches). */
export class CacheStorageShardCache implements ShardCache {
  readonly #storage: CacheStorage;
  readonly #name: string;

  constructor(storage: CacheStorage, name = 'mnist-shards-v1') {
    this.#storage = storage;
    this.#name = name;
  }

  async get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const hit = await (await this.#storage.open(this.#name)).match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
  }

  async put(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const cache = await this.#storage.open(this.#name);
    // Drop older versions of the same file, so regenerated data does not pile up.
    const path = key.split('?')[0] ?? key;
    for (const old of await cache.keys()) {
      if (old.url.split('?')[0]?.endsWith(path) && !old.url.endsWith(key)) await cache.delete(old);
    }
    await cache.put(key, new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
  }
}

/** Tries `primary`; after its first failure uses memory only. Never throws. */
export class FallbackShardCache implements ShardCache {
  #primary: ShardCache | null;
  readonly #memory = new MemoryShardCache();

  constructor(primary: ShardCache | null) {
    this.#primary = primary;
  }

  async get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    if (this.#primary) {
      try {
        const hit = await this.#primary.get(key);
        if (hit) return hit;
      } catch {
        this.#primary = null;
      }
    }
    return this.#memory.get(key);
  }

  async put(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    if (this.#primary) {
      try {
        await this.#primary.put(key, bytes);
        return;
      } catch {
        this.#primary = null;
      }
    }
    await this.#memory.put(key, bytes);
  }
}

let shared: ShardCache | undefined;

/** The page's (or worker's) cache: Cache API when available, else memory. */
export function defaultShardCache(): ShardCache {
  if (!shared) {
    let storage: CacheStorage | undefined;
    try {
      // Reading `caches` can itself throw (e.g. sandboxed, opaque origins).
      storage = typeof caches === 'undefined' ? undefined : caches;
    } catch {
      storage = undefined;
    }
    shared = new FallbackShardCache(storage ? new CacheStorageShardCache(storage) : null);
  }
  return shared;
}
