// What the service worker (src/sw/service-worker.ts) and the pages agree on: cache names and
// the messages they exchange. Plain data, no DOM and no worker globals, so both sides import it.

/** Every cache this site owns starts with this (so it never touches another site's caches on the same origin). */
export const CACHE_PREFIX = 'cnn-lstm-mnist-';

/** One cache per deployment: the pages, scripts, styles and .wasm files, named by the hash of their list. */
export const SITE_CACHE_PREFIX = `${CACHE_PREFIX}site-`;

/** MNIST shards and reference weights, kept across deployments (each file is SHA-256 checked). */
export const DATA_CACHE = `${CACHE_PREFIX}data-v1`;

/** Page → service worker: asks how complete the offline copy is (answered on the transferred port). */
export interface StatusRequest {
  type: 'status';
}

/** Page → waiting service worker: take over now (sent only when the reader accepts the update). */
export interface SkipWaitingRequest {
  type: 'skip-waiting';
}

/** Service worker → page, the answer to {@link StatusRequest}. */
export interface StatusReply {
  type: 'status';
  /** The deployment this worker serves (the hash in its cache name). */
  version: string;
  /** Files of this deployment already in its cache, out of `precacheTotal`. */
  precached: number;
  precacheTotal: number;
}

/** Any message a page sends the service worker. */
export type PageToWorker = StatusRequest | SkipWaitingRequest;

/**
 * Page → service worker, a request header on a `data/` GET sent by the "make the course available
 * offline" control (src/lib/cells/offline): the page verifies the bytes (SHA-256) and stores them in
 * {@link DATA_CACHE} itself, so the worker should pass such a request to the network as it is
 * (`fetch(event.request)`, which keeps its `cache` mode) without answering from DATA_CACHE and
 * without putting the response there. Otherwise a damaged response the page has just deleted
 * could land in the cache after the deletion.
 */
export const OFFLINE_COPY_HEADER = 'x-offline-copy';

/**
 * Response header on the entries the page puts into {@link DATA_CACHE}: the SHA-256 (hex) of the
 * stored body, so the page can tell a current entry from one left by an older deployment without
 * reading it. Entries the worker stored on the way have none (the page verifies them on click).
 */
export const DATA_SHA256_HEADER = 'x-content-sha256';
