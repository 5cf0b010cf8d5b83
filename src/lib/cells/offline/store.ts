// What the offline control does with the browser's storage: which files DATA_CACHE already holds
// (a local look-up, no network), downloading and verifying the rest, removing the copy, and asking
// the site's service worker how many pages and scripts it holds. Every browser API comes in
// through `OfflineEnv`, so the logic runs in unit tests with fakes.
import { DATA_CACHE, DATA_SHA256_HEADER, OFFLINE_COPY_HEADER, type StatusReply } from '../../offline/contract';
import { concatChunks } from '../../data/bytes';
import { fileUrl, type OfflineFile, type OfflinePlan } from './plan';

/** The browser APIs the control uses. */
export interface OfflineEnv {
  caches: CacheStorage;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** Absolute URL of the site's base path, e.g. "https://host/cnn-lstm-mnist/". */
  baseUrl: string;
  /** SHA-256 of bytes as lowercase hex (crypto.subtle by default). */
  digest?: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>;
}

/** Why a download stopped, each with its own message. */
export type OfflineErrorKind = 'offline' | 'quota' | 'integrity' | 'http' | 'other';

/** A failed download, classified for the reader; `file` is the plan path at fault, when one is. */
export class OfflineError extends Error {
  override name = 'OfflineError';
  readonly kind: OfflineErrorKind;
  readonly file: string | undefined;
  readonly status: number | undefined;
  constructor(kind: OfflineErrorKind, message: string, details: { file?: string | undefined; status?: number | undefined; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.kind = kind;
    this.file = details.file;
    this.status = details.status;
  }
}

/** True for the error the Cache API (or IndexedDB) throws when the origin's storage quota is used up. */
export function isQuotaError(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  // Firefox has also reported NS_ERROR_DOM_QUOTA_REACHED.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** Turns anything a download step threw into an OfflineError (kept as is when it already is one). */
export function classify(error: unknown, file?: string): OfflineError {
  if (error instanceof OfflineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isQuotaError(error)) return new OfflineError('quota', message, { file, cause: error });
  // fetch() and a body read reject with a bare TypeError when the network is gone.
  if (error instanceof TypeError) return new OfflineError('offline', message, { file, cause: error });
  return new OfflineError('other', message, { file, cause: error });
}

async function subtleDigest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (!subtle) throw new OfflineError('other', 'crypto.subtle is unavailable (the page is not in a secure context)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The digests a file may match: its own, or its alternative body's (see OfflineFile.alt). */
const accepted = (f: OfflineFile): string[] => (f.alt ? [f.sha256, f.alt.sha256] : [f.sha256]);

/** Is this cache entry the current version of `f`? Entries without the header are not known to be stale. */
const current = (entry: Response, f: OfflineFile): boolean => {
  const sha = entry.headers.get(DATA_SHA256_HEADER);
  return sha === null || accepted(f).includes(sha);
};

/**
 * The plan paths DATA_CACHE holds, looked up locally (no network, no body read). An entry the page
 * stored for another version of the file (its SHA-256 header differs) does not count.
 */
export async function storedPaths(plan: OfflinePlan, env: OfflineEnv): Promise<Set<string>> {
  const stored = new Set<string>();
  // has() first: open() would create an empty cache on a page nobody used the control on.
  if (!(await env.caches.has(DATA_CACHE))) return stored;
  const cache = await env.caches.open(DATA_CACHE);
  await Promise.all(
    plan.files.map(async (f) => {
      const entry = await cache.match(fileUrl(env.baseUrl, f.path));
      if (entry && current(entry, f)) stored.add(f.path);
    }),
  );
  return stored;
}

/** Progress of a download over the whole plan, in the manifest's bytes. */
export interface DownloadProgress {
  /** Bytes of the plan already stored or received. */
  done: number;
  total: number;
  /** The file being fetched, or null between files. */
  file: string | null;
}

/** Reads a body chunk by chunk (so progress moves), refusing more than `max` bytes. */
async function readCounting(response: Response, f: OfflineFile, max: number, onBytes: (received: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read(); // rejects (TypeError) when the connection drops
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    if (received > max) {
      await reader.cancel().catch(() => undefined);
      throw new OfflineError('integrity', `${f.path}: more than the expected ${max} bytes`, { file: f.path });
    }
    onBytes(received);
  }
  return concatChunks(chunks, received);
}

/** Downloads one file (bypassing the HTTP cache on `reload`) and checks it; returns the verified bytes and their digest. */
async function fetchVerified(f: OfflineFile, env: OfflineEnv, reload: boolean, onBytes: (received: number) => void): Promise<{ bytes: Uint8Array<ArrayBuffer>; sha256: string; type: string }> {
  const digest = env.digest ?? subtleDigest;
  const init: RequestInit = { headers: { [OFFLINE_COPY_HEADER]: '1' } };
  if (reload) init.cache = 'reload';
  const response = await env.fetch(fileUrl(env.baseUrl, f.path), init);
  if (!response.ok) throw new OfflineError('http', `${f.path}: HTTP ${response.status}`, { file: f.path, status: response.status });
  const bytes = await readCounting(response, f, Math.max(f.bytes, f.alt?.bytes ?? 0), (n) => onBytes(Math.min(n, f.bytes)));
  const sha256 = await digest(bytes);
  if (!accepted(f).includes(sha256)) {
    throw new OfflineError('integrity', `${f.path}: SHA-256 ${sha256} is not the expected ${f.sha256}`, { file: f.path });
  }
  return { bytes, sha256, type: response.headers.get('content-type') ?? 'application/octet-stream' };
}

/**
 * Stores every file of the plan in DATA_CACHE: files already there are checked (read locally and
 * hashed; a damaged or outdated one is deleted and fetched again), the others downloaded, each body
 * counted as it streams and verified against its SHA-256 before the page stores it. A file that
 * fails its check is retried once from the network (bypassing the HTTP cache, which may hold the
 * damaged copy); if it fails again, it is deleted from the cache and an `integrity` error thrown.
 * Throws an OfflineError: offline, quota, integrity, http or other. Files stored before a failure stay.
 */
export async function downloadPlan(plan: OfflinePlan, env: OfflineEnv, onProgress: (p: DownloadProgress) => void): Promise<void> {
  const digest = env.digest ?? subtleDigest;
  const total = plan.files.reduce((a, f) => a + f.bytes, 0);
  let finished = 0;
  let cache: Cache;
  try {
    cache = await env.caches.open(DATA_CACHE);
  } catch (error) {
    throw classify(error);
  }
  onProgress({ done: 0, total, file: null });
  for (const f of plan.files) {
    const url = fileUrl(env.baseUrl, f.path);
    try {
      const entry = await cache.match(url);
      if (entry) {
        if (entry.headers.get(DATA_SHA256_HEADER) !== null && current(entry, f)) {
          finished += f.bytes;
          onProgress({ done: finished, total, file: null });
          continue;
        }
        // Stored on the way by the service worker (no header) or by an older deployment: check it.
        const bytes = new Uint8Array(await entry.arrayBuffer());
        const sha256 = await digest(bytes);
        if (accepted(f).includes(sha256)) {
          await cache.put(url, storedResponse(bytes, sha256, entry.headers.get('content-type')));
          finished += f.bytes;
          onProgress({ done: finished, total, file: null });
          continue;
        }
        await cache.delete(url);
      }
      const report = (received: number): void => onProgress({ done: finished + received, total, file: f.path });
      let got: Awaited<ReturnType<typeof fetchVerified>>;
      try {
        got = await fetchVerified(f, env, false, report);
      } catch (error) {
        if (!(error instanceof OfflineError && error.kind === 'integrity')) throw error;
        got = await fetchVerified(f, env, true, report);
      }
      await cache.put(url, storedResponse(got.bytes, got.sha256, got.type));
      finished += f.bytes;
      onProgress({ done: finished, total, file: null });
    } catch (error) {
      const failure = classify(error, f.path);
      // Whatever the cache holds for a file that failed its check must not be served later.
      if (failure.kind === 'integrity') await cache.delete(url).catch(() => false);
      throw failure;
    }
  }
}

/** The cache entry the page writes: the verified body, its length and its SHA-256. */
function storedResponse(bytes: Uint8Array<ArrayBuffer>, sha256: string, type: string | null): Response {
  return new Response(bytes, {
    headers: { 'content-type': type ?? 'application/octet-stream', 'content-length': String(bytes.byteLength), [DATA_SHA256_HEADER]: sha256 },
  });
}

/** Deletes the offline copy of the data (the whole DATA_CACHE); true when there was one. */
export async function removeCopy(env: Pick<OfflineEnv, 'caches'>): Promise<boolean> {
  return env.caches.delete(DATA_CACHE);
}

/** Checks a message is a StatusReply with sensible counts. */
export function isStatusReply(data: unknown): data is StatusReply {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return d['type'] === 'status' && typeof d['version'] === 'string' && count(d['precached']) && count(d['precacheTotal']) && (d['precached'] as number) <= (d['precacheTotal'] as number);
}

/** The part of a ServiceWorker the status request needs. */
export interface StatusTarget {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/**
 * Asks the controlling service worker how many of this deployment's pages and scripts it holds
 * (a StatusRequest answered on a transferred MessagePort); null when it does not answer in time
 * or answers something else.
 */
export function askWorkerStatus(worker: StatusTarget, timeoutMs = 3_000, Channel: typeof MessageChannel = MessageChannel): Promise<StatusReply | null> {
  return new Promise((resolve) => {
    const channel = new Channel();
    const finish = (reply: StatusReply | null): void => {
      clearTimeout(timer);
      channel.port1.onmessage = null;
      channel.port1.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    channel.port1.onmessage = (event: MessageEvent) => finish(isStatusReply(event.data) ? event.data : null);
    try {
      worker.postMessage({ type: 'status' }, [channel.port2]);
    } catch {
      finish(null);
    }
  });
}

/** Free storage as the browser estimates it, or null when it cannot say (best effort, never throws). */
export async function freeSpace(storage: StorageManager | undefined): Promise<number | null> {
  try {
    const { quota, usage } = (await storage?.estimate?.()) ?? {};
    return typeof quota === 'number' && typeof usage === 'number' ? Math.max(0, quota - usage) : null;
  } catch {
    return null;
  }
}
