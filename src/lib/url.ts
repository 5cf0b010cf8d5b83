/** Joins a site-internal path to a base path, so links work at `/` and under `/<repo>/`. */
export function joinBase(base: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    throw new Error(`joinBase expects a site-internal path, got the absolute URL "${path}"`);
  }
  const head = base.endsWith('/') ? base : `${base}/`;
  return head + path.replace(/^\/+/, '');
}

/** Builds the URL of a site-internal page or asset under this build's base path. */
export function withBase(path: string): string {
  return joinBase(import.meta.env.BASE_URL, path);
}
