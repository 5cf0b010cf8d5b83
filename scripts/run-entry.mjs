// Shared by the Node entry scripts (reference, experiments, weights check): bundles
// scripts/<name>.ts (TypeScript, extensionless imports) with esbuild, then runs it in this process.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** Bundles and runs scripts/<name>.ts. */
export async function runEntry(name) {
  const outfile = resolve(`.reference-state/bundle/${name}.mjs`);
  await mkdir('.reference-state/bundle', { recursive: true });
  // Packages stay external: Node loads @tensorflow/* from node_modules, so the wasm files resolve.
  await build({
    entryPoints: [`scripts/${name}.ts`], outfile, bundle: true, platform: 'node', format: 'esm',
    packages: 'external', logLevel: 'warning', target: 'node22',
  });
  await import(pathToFileURL(outfile).href);
}
