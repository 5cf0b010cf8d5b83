// How the service worker answers one request, decided from its URL alone (pure, unit-tested).

/**
 * - 'site': a page, script, style or .wasm of the deployment: from its precache, else the network;
 * - 'data': an MNIST shard or a weights file: from the data cache (checked), else the network, stored;
 * - 'data-index': a data manifest (.json): the network first, the data cache when offline;
 * - null: not this site's (another origin, outside the base path, not a GET): left to the browser.
 */
export type Route = 'site' | 'data' | 'data-index' | null;

/** The route of a request for `url` with `method`, for a site served under `base` (an absolute URL ending in '/'). */
export function routeOf(url: URL, method: string, base: URL): Route {
  if (method !== 'GET' || url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const rest = url.pathname.slice(base.pathname.length);
  if (rest === 'sw.js') return null;
  if (rest.startsWith('data/')) return rest.endsWith('.json') ? 'data-index' : 'data';
  return 'site';
}

/** The key a response is cached under: the URL without its query and fragment (cache-busting queries hit the same file). */
export function cacheKey(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
