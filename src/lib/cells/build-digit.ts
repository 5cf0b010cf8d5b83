// Server side only (Astro frontmatter at build time): never import from client code.
import { resolve } from 'node:path';
import { loadMnist } from '../data/mnist';
import { fileFetch } from '../data/node-fetch';

const loaded = new Map<number, Promise<{ pixels: number[]; label: number } | null>>();

/**
 * Test image `index` read at build time through the data loader (checksums verified),
 * so a page can show a digit without downloading a shard while it is only being read.
 * Null when the data is not prepared (`npm run data`): the page then loads on demand.
 */
export function buildTimeTestDigit(index: number): Promise<{ pixels: number[]; label: number } | null> {
  let pending = loaded.get(index);
  if (!pending) {
    pending = loadMnist({
      baseUrl: 'http://build.local/data/mnist/',
      split: 'test',
      count: index + 1,
      fetch: fileFetch(resolve(process.cwd(), 'public')),
      cache: null,
    }).then(
      (set) => ({ pixels: Array.from(set.images.subarray(index * 784, (index + 1) * 784)), label: set.labels[index] ?? 0 }),
      () => null,
    );
    loaded.set(index, pending);
  }
  return pending;
}
