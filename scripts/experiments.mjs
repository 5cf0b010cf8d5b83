// `npm run experiments [-- --only shuffle,shift] [--backend wasm|cpu] [--out DIR]`: the
// experiments' reference results (src/data/experiments/<id>.json), resumable.
// Bundles scripts/experiments-entry.ts with esbuild, then runs it in this process.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const outfile = resolve('.reference-state/bundle/experiments-entry.mjs');
await mkdir('.reference-state/bundle', { recursive: true });
await build({
  entryPoints: ['scripts/experiments-entry.ts'], outfile, bundle: true, platform: 'node', format: 'esm',
  packages: 'external', logLevel: 'warning', target: 'node22',
});
await import(pathToFileURL(outfile).href);
