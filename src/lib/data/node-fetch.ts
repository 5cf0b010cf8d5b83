// Node only (tests, scripts): never import this from browser or worker code.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { FetchLike } from './mnist.ts';

/**
 * A fetch that serves files under `rootDir`, mapping a URL's path onto it (the host is ignored):
 * with rootDir 'public', 'http://local/data/mnist/manifest.json' reads public/data/mnist/manifest.json.
 * Bodies are streamed, so progress is reported per chunk as in a browser.
 */
export function fileFetch(rootDir: string): FetchLike {
  const root = resolve(rootDir);
  return async (input, init) => {
    init?.signal?.throwIfAborted();
    const path = resolve(root, `.${decodeURIComponent(new URL(input, 'http://localhost/').pathname)}`);
    if (path !== root && !path.startsWith(root + sep)) return new Response('forbidden', { status: 403, statusText: 'Forbidden' });
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const body = Readable.toWeb(createReadStream(path, { highWaterMark: 256 * 1024 })) as ReadableStream<Uint8Array>;
    return new Response(body, { headers: { 'content-length': String(info.size) } });
  };
}
