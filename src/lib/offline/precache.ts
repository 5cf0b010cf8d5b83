// Which built files the service worker stores on install, and under which URL: a pure function of
// the build's file list, run by integrations/service-worker.mjs after the build and unit-tested.
// No value imports: Node imports this file directly (type stripping) from the build integration.

/** One built file: its path relative to the build folder ('cnn/index.html'), size and SHA-256 (hex). */
export interface BuiltFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** One URL the service worker precaches, with the digest it checks the download against. */
export interface PrecacheEntry {
  url: string;
  bytes: number;
  sha256: string;
}

/** What the generated service worker is built with. */
export interface PrecacheManifest {
  /** A short hash of every entry: a new deployment with any changed file gets a new version. */
  version: string;
  base: string;
  entries: PrecacheEntry[];
  bytes: number;
}

/**
 * Left to the network and the data cache: the MNIST shards and the weights (13 MB, fetched when a
 * cell needs them or by the home page's offline button), the worker itself, source maps, and the
 * sitemaps no reader opens.
 */
const SKIPPED = [/^data\//, /^sw\.js$/, /\.map$/, /^sitemap[^/]*\.xml$/, /(^|\/)\.[^/]*$/];

/** The URL a file is requested by: a page's folder ('cnn/'), not its index.html, under the base path. */
export function urlOf(path: string, base: string): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  if (path === 'index.html') return root;
  if (path.endsWith('/index.html')) return `${root}${path.slice(0, -'index.html'.length)}`;
  return `${root}${path}`;
}

/** Whether a built file belongs in the install-time precache. */
export function isPrecached(path: string): boolean {
  return !SKIPPED.some((re) => re.test(path));
}

/**
 * The precache manifest of one build. `digest` hashes a string (SHA-256, hex); it is passed in so this
 * module stays free of Node and browser crypto alike. Entries are sorted by URL, so the version does
 * not depend on the order the file system listed them in.
 */
export function precacheManifest(files: readonly BuiltFile[], base: string, digest: (text: string) => string): PrecacheManifest {
  const entries = files
    .filter((f) => isPrecached(f.path))
    .map((f) => ({ url: urlOf(f.path, base), bytes: f.bytes, sha256: f.sha256 }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.url)) throw new Error(`precache: two built files answer ${e.url}`);
    seen.add(e.url);
  }
  if (!entries.some((e) => e.url === urlOf('index.html', base))) throw new Error('precache: the build has no index.html');
  const version = digest(entries.map((e) => `${e.url} ${e.sha256}`).join('\n')).slice(0, 16);
  return { version, base: urlOf('index.html', base), entries, bytes: entries.reduce((s, e) => s + e.bytes, 0) };
}
