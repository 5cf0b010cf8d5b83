// Node-only helpers for this folder's tests (not imported by app code).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fileFetch } from './node-fetch.ts';
import type { FetchLike } from './mnist.ts';

/** The site's public/ folder, where `npm run data` writes data/mnist/. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));
/** Base URL of the shards for loaders using fileFetch(PUBLIC_DIR). */
export const BASE_URL = 'http://site.test/data/mnist/';
/** The generated shards folder. */
export const DATA_DIR = `${PUBLIC_DIR}data/mnist/`;

/** Fails with a clear hint when the generated data is missing. */
export function requireData(): void {
  if (!existsSync(`${DATA_DIR}manifest.json`)) throw new Error(`${DATA_DIR}manifest.json is missing: run \`npm run data\` first`);
}

/** The published class counts of MNIST, digits 0..9. */
export const KNOWN_COUNTS = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
};

/** A fetch over the real files that records every requested file name and may rewrite responses. */
export function recordingFetch(rewrite?: (name: string, res: Response) => Promise<Response> | Response): { fetch: FetchLike; requests: string[] } {
  const disk = fileFetch(PUBLIC_DIR);
  const requests: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const name = input.split('/').pop() ?? input;
    requests.push(name);
    const res = await disk(input, init);
    return rewrite ? rewrite(name, res) : res;
  };
  return { fetch, requests };
}
