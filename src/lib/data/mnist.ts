// Loads the first `count` examples of a split from the shards listed in manifest.json.
// Every byte returned has been checked against the manifest's SHA-256; anything else throws.
import { sha256Hex } from './bytes.ts';
import { defaultShardCache, FallbackShardCache, type ShardCache } from './cache.ts';
import { downloadFile, get, retryFresh, type FetchLike } from './download.ts';
import { MnistDataError } from './errors.ts';
import { IMAGE_BYTES, shardsCovering, validateManifest, type Manifest, type ManifestFile } from './manifest.ts';

export { MnistDataError } from './errors.ts';
export { MemoryShardCache, type ShardCache } from './cache.ts';
export type { FetchLike } from './download.ts';

/** Examples in file order: `images` holds count*784 uint8 pixels (row-major 28x28), `labels` count digits. */
export interface MnistSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** How a file's bytes were checked: the .gz file, its payload (server-decoded), or a cached payload. */
export interface VerifiedFile {
  name: string;
  /** The manifest's SHA-256 of the .gz file. */
  sha256: string;
  /** The manifest's SHA-256 of the payload. */
  rawSha256: string;
  via: 'gzip' | 'raw' | 'cache';
}

/** A loaded set plus the proof of what was verified. */
export interface LoadedMnist extends MnistSet {
  verified: VerifiedFile[];
}

/** Download progress over the files this load needs (compressed bytes, as listed in the manifest). */
export interface MnistProgress {
  loadedBytes: number;
  totalBytes: number;
  file: string;
}

/** Options of loadMnist; `cache: null` disables caching (of shards and of the manifest). */
export interface LoadMnistOptions {
  baseUrl: string;
  split: 'train' | 'test';
  count: number;
  fetch?: FetchLike | undefined;
  cache?: ShardCache | null | undefined;
  onProgress?: ((p: MnistProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

const joinUrl = (base: string, name: string): string => (base.endsWith('/') ? base : `${base}/`) + name;

// Manifests already fetched, per fetch function and base URL: the data cannot change under a running page.
const manifests = new WeakMap<FetchLike, Map<string, Promise<Manifest>>>();

/** Fetches and validates manifest.json from `baseUrl` (memoized unless `cache` is null). */
export function loadManifest(
  baseUrl: string,
  fetchFn: FetchLike = globalThis.fetch,
  options: { cache?: ShardCache | null | undefined; signal?: AbortSignal | undefined } = {},
): Promise<Manifest> {
  // A second try bypasses the HTTP cache, where a damaged copy may sit (see retryFresh).
  const load = (): Promise<Manifest> => retryFresh(options.signal, async (reload) => {
    const response = await get(fetchFn, joinUrl(baseUrl, 'manifest.json'), 'manifest.json', options.signal, reload);
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new MnistDataError('manifest.json', `is not valid JSON (${String(cause)})`, { cause });
    }
    return validateManifest(json);
  });
  if (options.cache === null) return load();
  const perFetch = manifests.get(fetchFn) ?? new Map<string, Promise<Manifest>>();
  manifests.set(fetchFn, perFetch);
  let pending = perFetch.get(baseUrl);
  if (!pending) {
    pending = load();
    perFetch.set(baseUrl, pending);
    pending.catch(() => perFetch.delete(baseUrl)); // a failure may be transient: retry next time
  }
  return pending;
}

/** Loads the first `count` examples of a split, fetching only the shards that hold them. */
export async function loadMnist(opts: LoadMnistOptions): Promise<LoadedMnist> {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const { signal, onProgress } = opts;
  signal?.throwIfAborted();
  const cache = opts.cache === null ? null : new FallbackShardCache(opts.cache ?? defaultShardCache());
  const manifest = await loadManifest(opts.baseUrl, fetchFn, { cache: opts.cache, signal });
  // An abort that came while the manifest loaded (a cached one never looks at the signal).
  signal?.throwIfAborted();
  const split = manifest.splits[opts.split];
  if (!Number.isSafeInteger(opts.count) || opts.count < 1 || opts.count > split.count) {
    throw new MnistDataError('manifest.json', `cannot load ${opts.count} examples: the ${opts.split} split has 1 to ${split.count}`);
  }
  const count = opts.count;
  const shards = shardsCovering(split, count);
  const files = shards.flatMap((s) => [s.images, s.labels]);
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  // Aborted on the caller's signal or on the first failure: no download or progress outlives the call.
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const done = new Map<string, number>();
  const report = (file: ManifestFile, bytes: number): void => {
    if (inner.signal.aborted) return;
    done.set(file.name, bytes);
    let loadedBytes = 0;
    for (const b of done.values()) loadedBytes += b;
    onProgress?.({ loadedBytes, totalBytes, file: file.name });
  };

  const fetchOne = async (f: ManifestFile): Promise<{ raw: Uint8Array; info: VerifiedFile }> => {
    const url = joinUrl(opts.baseUrl, f.name);
    const key = `${url}?sha256=${f.sha256}`;
    const info = { name: f.name, sha256: f.sha256, rawSha256: f.rawSha256 };
    const hit = await cache?.get(key);
    // Re-hash cached bytes: a damaged cache entry is treated as a miss, never returned.
    if (hit && hit.length === f.rawBytes && (await sha256Hex(hit, f.name)) === f.rawSha256) {
      report(f, f.bytes);
      return { raw: hit, info: { ...info, via: 'cache' } };
    }
    const { raw, via } = await downloadFile(fetchFn, url, f, inner.signal, (bytes) => report(f, bytes));
    await cache?.put(key, raw);
    return { raw, info: { ...info, via } };
  };

  // A few downloads at a time: enough to fill the pipe without flooding a slow server.
  const results: { raw: Uint8Array; info: VerifiedFile }[] = new Array(files.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files.length && !inner.signal.aborted; i = next++) {
      const file = files[i];
      try {
        if (file) results[i] = await fetchOne(file);
      } catch (error) {
        failure ??= { error };
        inner.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  signal?.throwIfAborted();

  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  shards.forEach((shard, i) => {
    const n = Math.min(shard.count, count - shard.start);
    const img = results[2 * i]?.raw;
    const lbl = results[2 * i + 1]?.raw;
    if (!img || !lbl) throw new MnistDataError(shard.images.name, 'missing after download');
    // Copies, so callers may modify their arrays without touching the cache.
    images.set(img.subarray(0, n * IMAGE_BYTES), shard.start * IMAGE_BYTES);
    labels.set(lbl.subarray(0, n), shard.start);
  });
  return { images, labels, count, verified: results.map((r) => r.info) };
}
