// One file's trip: HTTP request, streamed body, checks against its manifest entry.
import { gunzip, isGzip, readBody, sha256Hex } from './bytes.ts';
import { MnistDataError } from './errors.ts';
import type { ManifestFile } from './manifest.ts';

/** The fetch signature the loader needs (the global fetch fits). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * GETs `url`; a network failure or an HTTP error is a MnistDataError naming `file`.
 * `reload` bypasses the browser's HTTP cache (see {@link retryFresh}).
 */
export async function get(fetchFn: FetchLike, url: string, file: string, signal: AbortSignal | undefined, reload = false): Promise<Response> {
  let response: Response;
  const init: RequestInit = {};
  if (signal) init.signal = signal;
  if (reload) init.cache = 'reload';
  try {
    response = await fetchFn(url, init);
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new MnistDataError(file, `download failed (${String(cause)})`, { cause });
  }
  if (!response.ok) throw new MnistDataError(file, `HTTP ${response.status} ${response.statusText} for ${url}`.trim());
  return response;
}

/** Checks downloaded bytes against the manifest entry and returns the payload. */
export async function verify(bytes: Uint8Array<ArrayBuffer>, f: ManifestFile): Promise<{ raw: Uint8Array<ArrayBuffer>; via: 'gzip' | 'raw' }> {
  if (isGzip(bytes)) {
    if (bytes.length !== f.bytes) throw new MnistDataError(f.name, `received ${bytes.length} bytes, expected ${f.bytes} (truncated or stale file)`);
    const digest = await sha256Hex(bytes, f.name);
    if (digest !== f.sha256) throw new MnistDataError(f.name, `SHA-256 mismatch: expected ${f.sha256}, got ${digest}`);
    const raw = await gunzip(bytes, f.name);
    if (raw.length !== f.rawBytes) throw new MnistDataError(f.name, `decompressed to ${raw.length} bytes, expected ${f.rawBytes}`);
    return { raw, via: 'gzip' };
  }
  // No gzip header: the server sent `Content-Encoding: gzip` and the fetch layer decoded it.
  if (bytes.length !== f.rawBytes) {
    throw new MnistDataError(f.name, `received ${bytes.length} bytes: neither the ${f.bytes}-byte gzip file nor its ${f.rawBytes}-byte payload`);
  }
  const digest = await sha256Hex(bytes, f.name);
  if (digest !== f.rawSha256) throw new MnistDataError(f.name, `SHA-256 mismatch of the decoded payload: expected ${f.rawSha256}, got ${digest}`);
  return { raw: bytes, via: 'raw' };
}

/**
 * Runs `attempt` once through the HTTP cache and, if it fails with a MnistDataError, once
 * more straight from the network. Why: GitHub Pages lets browsers keep files for 10 minutes
 * (max-age=600), so a file damaged in transit or refused once would otherwise be served again
 * from the HTTP cache, and "Run again" would keep failing long after the fault is gone
 * (tests/e2e/faults-data.spec.ts). A fault that persists still throws, after the second try.
 */
export async function retryFresh<T>(signal: AbortSignal | undefined, attempt: (reload: boolean) => Promise<T>): Promise<T> {
  try {
    return await attempt(false);
  } catch (error) {
    if (signal?.aborted || !(error instanceof MnistDataError)) throw error;
    return attempt(true);
  }
}

/**
 * Downloads and verifies one file (see {@link retryFresh} for the second try). `onBytes` gets its
 * progress in compressed bytes: a body the server already decoded is longer, so it is scaled to
 * keep the manifest's totals meaningful.
 */
export function downloadFile(
  fetchFn: FetchLike,
  url: string,
  f: ManifestFile,
  signal: AbortSignal | undefined,
  onBytes: (bytes: number) => void,
): Promise<{ raw: Uint8Array<ArrayBuffer>; via: 'gzip' | 'raw' }> {
  return retryFresh(signal, (reload) => downloadOnce(fetchFn, url, f, signal, onBytes, reload));
}

async function downloadOnce(
  fetchFn: FetchLike,
  url: string,
  f: ManifestFile,
  signal: AbortSignal | undefined,
  onBytes: (bytes: number) => void,
  reload: boolean,
): Promise<{ raw: Uint8Array<ArrayBuffer>; via: 'gzip' | 'raw' }> {
  const response = await get(fetchFn, url, f.name, signal, reload);
  const bytes = await readBody(response, f.name, Math.max(f.bytes, f.rawBytes), signal, (received, first) => {
    onBytes(isGzip(first) ? Math.min(received, f.bytes) : Math.floor((Math.min(received, f.rawBytes) * f.bytes) / f.rawBytes));
  });
  const result = await verify(bytes, f);
  onBytes(f.bytes);
  return result;
}
