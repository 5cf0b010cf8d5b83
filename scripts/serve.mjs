// @ts-check
// A tiny static server that behaves like GitHub Pages for a project site, so the
// end-to-end tests see the same URLs, redirects, 404s and MIME types as production.
//
//   node scripts/serve.mjs [--root dist-test] [--base /cnn-lstm-mnist/] [--port 4173]
//                          [--host 127.0.0.1] [--header "Name: value"]... [--faults] [--log]
//
// --faults lets a test inject failures per request (see parseFaults) through the
// `serve-fault` cookie or the `x-serve-fault` request header; a cookie also reaches
// requests made from Web Workers, which page-level routing does not always see.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Content types by extension; .gz stays application/gzip with no Content-Encoding, as on Pages. */
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Fallback type for unknown extensions (Pagefind's .pf_* files among them). */
const OCTET = 'application/octet-stream';

/**
 * @typedef {{ kind: 'status', value: number, match: string }
 *   | { kind: 'delay', value: number, match: string }
 *   | { kind: 'truncate', value: number, match: string }
 *   | { kind: 'shorten', value: number, match: string }
 *   | { kind: 'corrupt', value: number, match: string }
 *   | { kind: 'reset', match: string }} Fault
 */

/** Rules that take a numeric argument. */
const VALUED = new Set(['status', 'delay', 'truncate', 'shorten', 'corrupt']);

/**
 * Parses fault rules: comma-separated `status=503`, `delay=800`, `truncate=1000`
 * (send only that many body bytes, then cut the connection: a reset mid-download),
 * `shorten=1000` (a complete, well-formed response holding only the first 1000 bytes,
 * as a truncated file on the server would be), `corrupt=5000` (the whole file with the
 * byte at that offset inverted: same length, different content) or `reset` (close the
 * socket without a response), each optionally followed by `@substring` so it only
 * applies to request paths containing that substring. Unknown rules are ignored.
 * @param {string | undefined} spec
 * @returns {Fault[]}
 */
export function parseFaults(spec) {
  if (!spec) return [];
  /** @type {Fault[]} */
  const faults = [];
  for (const raw of decodeURIComponent(spec).split(',')) {
    const [rule = '', match = ''] = raw.trim().split('@');
    const [kind, arg] = rule.split('=');
    const value = Number(arg);
    if (kind === 'reset') faults.push({ kind, match });
    else if (kind !== undefined && VALUED.has(kind) && arg !== undefined && arg !== '' && Number.isFinite(value)) {
      faults.push(/** @type {Fault} */ ({ kind, value, match }));
    }
  }
  return faults;
}

/** @param {import('node:http').IncomingMessage} req */
function faultsFor(req) {
  const header = req.headers['x-serve-fault'];
  const cookie = /(?:^|;\s*)serve-fault=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
  const all = [...parseFaults(Array.isArray(header) ? header.join(',') : header), ...parseFaults(cookie)];
  const path = (req.url ?? '').split('?')[0] ?? '';
  return all.filter((f) => path.includes(f.match));
}

/** @param {string} path */
async function statOrNull(path) {
  try {
    return await fs.stat(path);
  } catch {
    return null;
  }
}

/**
 * Creates (does not start) the server. `base` must start and end with '/'.
 * @param {{ root: string, base: string, headers?: Record<string, string>, faults?: boolean, log?: boolean }} opts
 */
export function createStaticServer({ root, base, headers = {}, faults = false, log = false }) {
  const rootDir = resolve(root);
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must look like /name/: ${base}`);

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} file
   * @param {Fault[]} active
   */
  async function sendFile(req, res, status, file, active) {
    let body = await fs.readFile(file);
    // A damaged file, served as if nothing were wrong (headers match the damaged body).
    const short = active.find((f) => f.kind === 'shorten');
    if (short && 'value' in short && short.value < body.length) body = body.subarray(0, Math.max(0, short.value));
    const flip = active.find((f) => f.kind === 'corrupt');
    if (flip && 'value' in flip && flip.value >= 0 && flip.value < body.length) {
      body = Buffer.from(body);
      body[flip.value] = /** @type {number} */ (body[flip.value]) ^ 0xff;
    }
    res.writeHead(status, {
      ...headers,
      'Content-Type': MIME[/** @type {keyof MIME} */ (extname(file).toLowerCase())] ?? OCTET,
      'Content-Length': body.length,
      'Cache-Control': 'max-age=600',
      'Access-Control-Allow-Origin': '*',
    });
    if (req.method === 'HEAD') return void res.end();
    const cut = active.find((f) => f.kind === 'truncate');
    if (cut && 'value' in cut && cut.value < body.length) {
      // Promise a full body, deliver part of it: the browser sees a broken transfer.
      res.write(body.subarray(0, cut.value), () => res.destroy());
      return;
    }
    if (body.length > 1 << 20 && !short && !flip) createReadStream(file).pipe(res);
    else res.end(body);
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Fault[]} active
   * @param {boolean} underBase
   */
  async function notFound(req, res, active, underBase) {
    // Pages serves the project's own 404.html for missing paths inside the project.
    const page = join(rootDir, '404.html');
    if (underBase && (await statOrNull(page))?.isFile()) return sendFile(req, res, 404, page, active);
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : '404 Not Found\n');
  }

  /** @param {import('node:http').ServerResponse} res @param {string} location */
  function redirect(res, location) {
    res.writeHead(301, { ...headers, Location: location, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Moved to ${location}\n`);
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const active = faults ? faultsFor(req) : [];
    const delay = active.find((f) => f.kind === 'delay');
    if (delay && 'value' in delay) await new Promise((r) => setTimeout(r, delay.value));
    if (active.some((f) => f.kind === 'reset')) return void req.socket.destroy();
    const status = active.find((f) => f.kind === 'status');
    if (status && 'value' in status) {
      res.writeHead(status.value, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end(`Injected fault ${status.value}\n`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      return void res.end();
    }

    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return notFound(req, res, active, url.pathname.startsWith(base));
    }
    if (path === base.slice(0, -1)) return redirect(res, base + url.search);
    if (!path.startsWith(base)) return notFound(req, res, active, false);

    const file = resolve(rootDir, '.' + sep + path.slice(base.length));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return notFound(req, res, active, true);
    const stat = await statOrNull(file);

    if (stat?.isDirectory()) {
      // Like Pages: /dir redirects to /dir/, and /dir/ serves /dir/index.html.
      if (!path.endsWith('/')) return redirect(res, url.pathname + '/' + url.search);
      const index = join(file, 'index.html');
      if ((await statOrNull(index))?.isFile()) return sendFile(req, res, 200, index, active);
      return notFound(req, res, active, true);
    }
    if (stat?.isFile() && !path.endsWith('/')) return sendFile(req, res, 200, file, active);
    // Pages also answers /page with /page.html when that file exists.
    if (!path.endsWith('/') && (await statOrNull(file + '.html'))?.isFile()) {
      return sendFile(req, res, 200, file + '.html', active);
    }
    return notFound(req, res, active, true);
  }

  return createServer((req, res) => {
    if (log) res.on('finish', () => console.log(`${res.statusCode} ${req.method} ${req.url}`));
    handle(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500 Internal Server Error\n');
    });
  });
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = {
    root: process.env.SERVE_ROOT ?? 'dist-test',
    base: process.env.BASE_PATH ?? '/cnn-lstm-mnist/',
    port: Number(process.env.PORT ?? 4173),
    host: '127.0.0.1',
    /** @type {Record<string, string>} */
    headers: {},
    faults: false,
    log: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--root') opts.root = next();
    else if (arg === '--base') opts.base = next();
    else if (arg === '--port') opts.port = Number(next());
    else if (arg === '--host') opts.host = next();
    else if (arg === '--faults') opts.faults = true;
    else if (arg === '--log') opts.log = true;
    else if (arg === '--header') {
      const [name = '', ...rest] = next().split(':');
      opts.headers[name.trim()] = rest.join(':').trim();
    } else throw new Error(`Unknown argument: ${arg}`);
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = parseArgs(process.argv.slice(2));
  const stat = await statOrNull(opts.root);
  if (!stat?.isDirectory()) {
    console.error(`serve: ${opts.root} does not exist; run \`npm run test:build\` first.`);
    process.exit(1);
  }
  const server = createStaticServer(opts);
  server.listen(opts.port, opts.host, () => {
    console.log(`Serving ${opts.root} at http://${opts.host}:${opts.port}${opts.base}`);
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  }
}
