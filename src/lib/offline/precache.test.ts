import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPrecached, precacheManifest, urlOf, type BuiltFile } from './precache';

const digest = (s: string) => createHash('sha256').update(s).digest('hex');
const file = (path: string, sha = 'a'.repeat(64), bytes = 10): BuiltFile => ({ path, bytes, sha256: sha });
const BUILD = ['index.html', 'cnn/index.html', 'en/index.html', 'en/cnn/index.html', '404.html', '_astro/worker-X.js', '_astro/page.css',
  'tfjs-wasm/tfjs-backend-wasm-threaded-simd.wasm', 'pagefind/pagefind.js', 'favicon.svg', 'data/mnist/manifest.json',
  'data/mnist/train-images-00.u8.gz', 'data/models/cnn-s42.f16.bin', 'sw.js', '_astro/page.js.map', 'sitemap-index.xml', 'sitemap-0.xml', '.nojekyll'].map((p) => file(p));

describe('precache list', () => {
  it('names pages by their folder URL under the base path', () => {
    expect(urlOf('index.html', '/cnn-lstm-mnist/')).toBe('/cnn-lstm-mnist/');
    expect(urlOf('en/cnn/index.html', '/cnn-lstm-mnist')).toBe('/cnn-lstm-mnist/en/cnn/');
    expect(urlOf('404.html', '/')).toBe('/404.html');
    expect(urlOf('_astro/a.js', '/b/')).toBe('/b/_astro/a.js');
  });

  it('keeps pages of both languages, scripts, styles, .wasm and search; leaves data, the worker itself, maps and sitemaps out', () => {
    const m = precacheManifest(BUILD, '/cnn-lstm-mnist/', digest);
    expect(m.entries.map((e) => e.url)).toEqual([
      '/cnn-lstm-mnist/', '/cnn-lstm-mnist/404.html', '/cnn-lstm-mnist/_astro/page.css', '/cnn-lstm-mnist/_astro/worker-X.js',
      '/cnn-lstm-mnist/cnn/', '/cnn-lstm-mnist/en/', '/cnn-lstm-mnist/en/cnn/', '/cnn-lstm-mnist/favicon.svg',
      '/cnn-lstm-mnist/pagefind/pagefind.js', '/cnn-lstm-mnist/tfjs-wasm/tfjs-backend-wasm-threaded-simd.wasm',
    ]);
    expect(m.base).toBe('/cnn-lstm-mnist/');
    expect(m.bytes).toBe(100);
    for (const p of ['data/mnist/train-images-00.u8.gz', 'data/mnist/manifest.json', 'sw.js', 'x.js.map', 'sitemap-0.xml', '.nojekyll']) expect(isPrecached(p), p).toBe(false);
  });

  it('gives a new version when any file changes, and the same one whatever the listing order', () => {
    const a = precacheManifest(BUILD, '/', digest);
    expect(precacheManifest([...BUILD].reverse(), '/', digest).version).toBe(a.version);
    const changed = BUILD.map((f) => (f.path === '_astro/page.css' ? { ...f, sha256: 'b'.repeat(64) } : f));
    expect(precacheManifest(changed, '/', digest).version).not.toBe(a.version);
    // A data file changing does not make a new deployment of the pages (its own digest is checked).
    const data = BUILD.map((f) => (f.path.startsWith('data/') ? { ...f, sha256: 'c'.repeat(64) } : f));
    expect(precacheManifest(data, '/', digest).version).toBe(a.version);
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a build without a home page or with two files for one URL', () => {
    expect(() => precacheManifest([file('cnn/index.html')], '/', digest)).toThrow(/no index.html/);
    expect(() => precacheManifest([file('index.html'), file('index.html')], '/', digest)).toThrow(/two built files/);
  });
});
