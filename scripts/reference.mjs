// `npm run reference -- --model cnn|lstm|all [--backend wasm|cpu] [--fresh]`
// Smoke flags: --train-size N --test-size N --epochs N --batch-size N --seed N --out DIR
// Bundles scripts/reference-entry.ts (TypeScript, extensionless imports) with esbuild,
// then runs it in this process. Output: src/data/reference/<model>-s<seed>.json (full runs only: the notebook's configuration, any seed).
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const outfile = resolve('.reference-state/bundle/reference-entry.mjs');
await mkdir('.reference-state/bundle', { recursive: true });
// Packages stay external: Node loads @tensorflow/* from node_modules, so the wasm files resolve.
await build({
  entryPoints: ['scripts/reference-entry.ts'], outfile, bundle: true, platform: 'node', format: 'esm',
  packages: 'external', logLevel: 'warning', target: 'node22',
});
await import(pathToFileURL(outfile).href);
