// @ts-check
// After the build (and after the CSP integration has rewritten the pages, so the digests are the
// final files'), lists every built file with its SHA-256, picks the precache (src/lib/offline/precache.ts)
// and bundles src/sw/service-worker.ts into sw.js at the root of the build with that list compiled in.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { precacheManifest } from '../src/lib/offline/precache.ts';

/** Every file under `dir`, as paths relative to it with '/' separators. @param {string} dir @param {string} [root] @returns {Promise<string[]>} */
export async function listFiles(dir, root = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, root)));
    else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'));
  }
  return out.sort();
}

/** @param {string | Buffer} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * Writes `sw.js` into the built folder `dir` for a site served under `base`; returns the manifest.
 * @param {string} dir @param {string} base
 */
export async function writeServiceWorker(dir, base) {
  const paths = await listFiles(dir);
  const files = await Promise.all(paths.map(async (path) => {
    const bytes = await readFile(join(dir, path));
    return { path, bytes: bytes.length, sha256: sha256(bytes) };
  }));
  const manifest = precacheManifest(files, base, sha256);
  /** @type {Record<string, string>} */
  const data = {};
  for (const f of files) if (f.path.startsWith('data/') && !f.path.endsWith('.json')) data[`${manifest.base}${f.path}`] = f.sha256;
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/sw/service-worker.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define: { __SW_MANIFEST__: JSON.stringify(manifest), __SW_DATA__: JSON.stringify(data) },
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]?.text;
  if (!code) throw new Error('service worker: esbuild produced nothing');
  // The version heads the file: the browser sees a byte change for every new deployment.
  await writeFile(join(dir, 'sw.js'), `// cnn-lstm-mnist service worker, deployment ${manifest.version}\n${code}`);
  return manifest;
}

/** Astro integration: the service worker of this build. @returns {import('astro').AstroIntegration} */
export default function serviceWorker() {
  /** @type {string} */
  let base = '/';
  return {
    name: 'site-service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const m = await writeServiceWorker(fileURLToPath(dir), base);
        logger.info(`sw.js: ${m.entries.length} files (${(m.bytes / 1e6).toFixed(1)} MB) precached, deployment ${m.version}`);
      },
    },
  };
}
