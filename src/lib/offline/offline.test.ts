import { describe, expect, it } from 'vitest';
import { servedHeaders, WORKER_CSP } from './headers';
import { reloadDecision } from './register';
import { cacheKey, routeOf } from './routes';

const base = new URL('http://127.0.0.1:4173/cnn-lstm-mnist/');
const at = (p: string) => new URL(p, base.origin);

describe('service worker routes', () => {
  it('sends pages and code to the precache, data to the data cache, manifests network first', () => {
    expect(routeOf(at('/cnn-lstm-mnist/'), 'GET', base)).toBe('site');
    expect(routeOf(at('/cnn-lstm-mnist/_astro/worker-X.js'), 'GET', base)).toBe('site');
    expect(routeOf(at('/cnn-lstm-mnist/data/mnist/train-images-00.u8.gz'), 'GET', base)).toBe('data');
    expect(routeOf(at('/cnn-lstm-mnist/data/models/cnn-s42.f16.bin'), 'GET', base)).toBe('data');
    expect(routeOf(at('/cnn-lstm-mnist/data/mnist/manifest.json'), 'GET', base)).toBe('data-index');
  });
  it('leaves other origins, other paths, non-GET requests and the worker script to the browser', () => {
    expect(routeOf(new URL('https://example.org/cnn-lstm-mnist/'), 'GET', base)).toBeNull();
    expect(routeOf(at('/other/'), 'GET', base)).toBeNull();
    expect(routeOf(at('/cnn-lstm-mnist/'), 'POST', base)).toBeNull();
    expect(routeOf(at('/cnn-lstm-mnist/sw.js'), 'GET', base)).toBeNull();
  });
  it('caches without the query', () => {
    expect(cacheKey(at('/cnn-lstm-mnist/data/a.gz?v=2#x'))).toBe('http://127.0.0.1:4173/cnn-lstm-mnist/data/a.gz');
  });
});

describe('served headers', () => {
  it('make every response cross-origin isolating and keep the originals', () => {
    const h = servedHeaders(new Headers({ 'Content-Type': 'text/html' }), 'document');
    expect(h.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(h.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(h.get('Content-Type')).toBe('text/html');
    expect(h.get('Content-Security-Policy')).toBeNull();
  });
  it('give the training worker a CSP with wasm-unsafe-eval and no unsafe-eval', () => {
    const csp = servedHeaders(new Headers(), 'worker').get('Content-Security-Policy');
    expect(csp).toBe(WORKER_CSP);
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  });
});

describe('first-visit reload', () => {
  const idle = { isolated: false, reloadedBefore: false, trainerStarted: false };
  it('reloads once, only when useful and safe', () => {
    expect(reloadDecision(idle)).toBe('reload');
    expect(reloadDecision({ ...idle, isolated: true })).toBe('isolated');
    expect(reloadDecision({ ...idle, reloadedBefore: true })).toBe('already-reloaded');
    expect(reloadDecision({ ...idle, reloadedBefore: null })).toBe('no-storage');
    expect(reloadDecision({ ...idle, trainerStarted: true })).toBe('in-use');
  });
});
