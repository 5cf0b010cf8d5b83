// The site's service worker, bundled by integrations/service-worker.mjs into sw.js at the root of
// the build, with the deployment's precache manifest and its data files' digests compiled in.
// It (1) stores every page, script and .wasm of the deployment on install, checked against the
// build's SHA-256, in a cache named after the deployment, so a new deployment replaces the old one
// whole and no page runs old HTML with new scripts; (2) serves from that cache, adding the headers
// GitHub Pages cannot send (COOP/COEP for cross-origin isolation, hence WASM threads; a CSP on the
// training worker); (3) keeps the MNIST shards and weights in a data cache as they are first
// downloaded, checking their digest each time it serves one.
import { CACHE_PREFIX, DATA_CACHE, OFFLINE_COPY_HEADER, SITE_CACHE_PREFIX, type PageToWorker, type StatusReply } from '../lib/offline/contract';
import { servedHeaders } from '../lib/offline/headers';
import type { PrecacheManifest } from '../lib/offline/precache';
import { cacheKey, routeOf } from '../lib/offline/routes';

declare const __SW_MANIFEST__: PrecacheManifest;
/** Data files' SHA-256 by URL path ('/cnn-lstm-mnist/data/mnist/train-images-00.u8.gz'). */
declare const __SW_DATA__: Record<string, string>;

// The few service-worker types used here (the DOM lib this project compiles against lacks them).
interface SwEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  readonly request: Request;
  respondWith(r: Promise<Response>): void;
}
interface SwMessageEvent extends SwEvent {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}
interface SwScope {
  addEventListener(type: 'install' | 'activate', fn: (e: SwEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: SwFetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: SwMessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}

const sw = self as unknown as SwScope;
const manifest = __SW_MANIFEST__;
/** This deployment's cache. */
const siteCache = `${SITE_CACHE_PREFIX}${manifest.version}`;
const base = new URL(manifest.base, sw.location.origin);
const notFoundPage = new URL('404.html', base).href;

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (body: ArrayBuffer) => hex(await crypto.subtle.digest('SHA-256', body));

/** A response rebuilt from bytes, so the cache holds a plain 200 (never a redirect or an opaque one). */
const stored = (body: ArrayBuffer, from: Response) => new Response(body, { status: 200, statusText: 'OK', headers: from.headers });

/** One precache entry into `cache`: reused from an older deployment's cache when its digest matches, else downloaded and checked. */
async function precacheOne(cache: Cache, older: Cache[], entry: PrecacheManifest['entries'][number]): Promise<void> {
  const key = new URL(entry.url, base).href;
  if (await cache.match(key)) return; // an install that was interrupted resumes
  for (const old of older) {
    const hit = await old.match(key);
    if (!hit) continue;
    const body = await hit.arrayBuffer();
    if ((await sha256(body)) === entry.sha256) return cache.put(key, stored(body, hit));
  }
  const response = await fetch(key, { cache: 'reload', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`precache: ${entry.url} answered ${response.status}`);
  const body = await response.arrayBuffer();
  // A file that does not match the build this worker was made from means the server already holds
  // another deployment: installing would mix versions, so the install fails and the old worker stays.
  if ((await sha256(body)) !== entry.sha256) throw new Error(`precache: ${entry.url} is not the file this deployment was built with`);
  await cache.put(key, stored(body, response));
}

async function install(): Promise<void> {
  const cache = await caches.open(siteCache);
  const names = (await caches.keys()).filter((n) => n.startsWith(SITE_CACHE_PREFIX) && n !== siteCache);
  const older = await Promise.all(names.map((n) => caches.open(n)));
  const queue = [...manifest.entries];
  // A few downloads at a time: the install runs beside the reader's first page.
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let e = queue.shift(); e; e = queue.shift()) await precacheOne(cache, older, e);
  }));
}

/** Drops caches of deployments before the previous one (the previous stays for tabs still open on it). */
async function prune(): Promise<void> {
  const sites = (await caches.keys()).filter((n) => n.startsWith(SITE_CACHE_PREFIX) && n !== siteCache);
  const keep = sites.at(-1);
  await Promise.all(sites.filter((n) => n !== keep).map((n) => caches.delete(n)));
  // Caches this site no longer names (an older data cache version).
  await Promise.all((await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX) && !n.startsWith(SITE_CACHE_PREFIX) && n !== DATA_CACHE).map((n) => caches.delete(n)));
}

/** `response` as served: same body and status, this site's headers added. */
function serve(response: Response, destination: string): Response {
  if (response.type === 'opaque' || response.type === 'error') return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: servedHeaders(response.headers, destination) });
}

/** Any site cache's copy: this deployment's first, then an older one's (a tab still open on it lazy-loads its own chunks). */
async function fromSiteCaches(key: string): Promise<Response | undefined> {
  const own = await (await caches.open(siteCache)).match(key);
  if (own) return own;
  const names = (await caches.keys()).filter((n) => n.startsWith(SITE_CACHE_PREFIX) && n !== siteCache).reverse();
  for (const n of names) {
    const hit = await (await caches.open(n)).match(key);
    if (hit) return hit;
  }
  return undefined;
}

async function siteResponse(request: Request, url: URL): Promise<Response> {
  const hit = await fromSiteCaches(cacheKey(url));
  if (hit) return serve(hit, request.destination);
  try {
    return serve(await fetch(request), request.destination);
  } catch (error) {
    // Offline and not precached: a page gets the site's own 404 page, anything else fails as offline.
    if (request.mode === 'navigate') {
      const page = await fromSiteCaches(notFoundPage);
      if (page) return serve(new Response(page.body, { status: 404, headers: page.headers }), 'document');
    }
    throw error;
  }
}

async function cachePut(cache: Cache, key: string, response: Response): Promise<void> {
  try {
    await cache.put(key, response);
  } catch {
    // Quota exceeded or storage cleared: the file was served from the network; the cache is only a copy.
  }
}

/** A shard or weights file: the cached copy if its digest still matches, else the network (stored when it checks out). */
async function dataResponse(request: Request, url: URL): Promise<Response> {
  // The home page's offline control checks and stores each file itself (src/lib/cells/offline/store.ts).
  if (request.headers.has(OFFLINE_COPY_HEADER)) return serve(await fetch(request), request.destination);
  const key = cacheKey(url);
  const expected = __SW_DATA__[url.pathname];
  let cache: Cache | null = null;
  try {
    cache = await caches.open(DATA_CACHE);
    const hit = await cache.match(key);
    if (hit) {
      const body = await hit.arrayBuffer();
      if (expected === undefined || (await sha256(body)) === expected) return serve(stored(body, hit), request.destination);
      await cache.delete(key); // damaged in storage: dropped, fetched again below
    }
  } catch {
    cache = null; // storage unavailable: the network alone
  }
  const response = await fetch(request);
  if (!response.ok || cache === null) return serve(response, request.destination);
  const body = await response.arrayBuffer();
  // Stored only when whole and right; a bad download still reaches the page, whose own check reports it.
  if (expected === undefined || (await sha256(body)) === expected) await cachePut(cache, key, stored(body, response));
  return serve(stored(body, response), request.destination);
}

/** A data manifest: the network first (a new deployment may change it), the stored copy offline. */
async function dataIndexResponse(request: Request, url: URL): Promise<Response> {
  const key = cacheKey(url);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const body = await response.arrayBuffer();
      await cachePut(await caches.open(DATA_CACHE), key, stored(body, response));
      return serve(stored(body, response), request.destination);
    }
    return serve(response, request.destination);
  } catch (error) {
    const hit = await (await caches.open(DATA_CACHE)).match(key);
    if (hit) return serve(hit, request.destination);
    throw error;
  }
}

async function status(): Promise<StatusReply> {
  const cache = await caches.open(siteCache);
  const keys = new Set((await cache.keys()).map((r) => r.url));
  const precached = manifest.entries.filter((e) => keys.has(new URL(e.url, base).href)).length;
  return { type: 'status', version: manifest.version, precached, precacheTotal: manifest.entries.length };
}

sw.addEventListener('install', (event) => event.waitUntil(install()));

sw.addEventListener('activate', (event) => event.waitUntil(prune().then(() => sw.clients.claim())));

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const route = routeOf(url, event.request.method, base);
  if (route === 'site') event.respondWith(siteResponse(event.request, url));
  else if (route === 'data') event.respondWith(dataResponse(event.request, url));
  else if (route === 'data-index') event.respondWith(dataIndexResponse(event.request, url));
});

sw.addEventListener('message', (event) => {
  const message = event.data as PageToWorker | null;
  if (message?.type === 'skip-waiting') event.waitUntil(sw.skipWaiting());
  else if (message?.type === 'status' && event.ports[0]) {
    const port = event.ports[0];
    event.waitUntil(status().then((reply) => port.postMessage(reply)));
  }
});
