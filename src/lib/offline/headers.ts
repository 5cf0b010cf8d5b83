// The headers the service worker adds to what it serves: GitHub Pages cannot send them, and
// without them the page is not cross-origin isolated (no SharedArrayBuffer, so no WASM threads)
// and the training worker's script has no Content-Security-Policy (a page's <meta> CSP does not
// reach a worker). Pure functions over the Fetch API's Headers, unit-tested in Node.

/**
 * The training worker's policy. Like the pages' (integrations/csp.mjs) but for a worker:
 * 'wasm-unsafe-eval' compiles TF.js's WebAssembly, and blob: is the one exception a page does not
 * need: TF.js's threaded WASM build starts its helper threads as workers made from blob URLs, which
 * load the backend's code with importScripts(blob:). No 'unsafe-eval', no inline code.
 */
export const WORKER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** Response headers that make a page cross-origin isolated (every subresource here is same-origin). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Lets any document embed these responses under its own COEP (they are all same-origin anyway).
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The headers a response is served with: the originals plus isolation, plus the worker CSP on a
 * worker's script (`destination` is the Fetch request's: 'document', 'worker', 'script'…).
 */
export function servedHeaders(original: Headers, destination: string): Headers {
  const headers = new Headers(original);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  if (destination === 'worker' || destination === 'sharedworker') headers.set('Content-Security-Policy', WORKER_CSP);
  return headers;
}
