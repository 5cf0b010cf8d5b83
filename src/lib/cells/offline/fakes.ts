// Test doubles for the offline control's unit tests: a Cache Storage in memory, a site served by a
// fake fetch, a service worker that answers the status message. Not imported by the site.
import { createHash } from 'node:crypto';
import type { StatusReply } from '../../offline/contract';
import type { OfflinePlan } from './plan';

/** One cache: URL → stored body and headers (bodies are copied, as the Cache API does). */
export class FakeCache {
  readonly entries = new Map<string, { body: Uint8Array<ArrayBuffer>; headers: [string, string][] }>();
  /** Throws this from put() when set (e.g. a QuotaExceededError). */
  failPut: (() => unknown) | null = null;
  puts = 0;

  async match(url: string): Promise<Response | undefined> {
    const e = this.entries.get(url);
    return e ? new Response(e.body.slice(), { headers: e.headers }) : undefined;
  }

  async put(url: string, response: Response): Promise<void> {
    if (this.failPut) throw this.failPut();
    this.puts++;
    const body = new Uint8Array(await response.arrayBuffer());
    this.entries.set(url, { body, headers: [...response.headers] });
  }

  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
  }
}

/** The parts of CacheStorage the control uses. */
export class FakeCacheStorage {
  readonly caches = new Map<string, FakeCache>();
  opened: string[] = [];

  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }

  async open(name: string): Promise<FakeCache> {
    this.opened.push(name);
    let c = this.caches.get(name);
    if (!c) {
      c = new FakeCache();
      this.caches.set(name, c);
    }
    return c;
  }

  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }

  /** Typed as the real thing for the code under test. */
  get api(): CacheStorage {
    return this as unknown as CacheStorage;
  }
}

export const BASE = 'https://example.test/cnn-lstm-mnist/';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes of a given length, distinct per seed. */
export function bytesOf(length: number, seed: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7) % 251);
}

/** A small plan of three files (two data, one model) and the bytes the fake server serves for each. */
export function fakeSite(): { plan: OfflinePlan; bodies: Map<string, Uint8Array<ArrayBuffer>> } {
  const files = [
    ['data/mnist/manifest.json', 300, 'data'],
    ['data/mnist/train-images-00.u8.gz', 5_000, 'data'],
    ['data/models/cnn-s42.f16.bin', 2_000, 'models'],
  ] as const;
  const bodies = new Map<string, Uint8Array<ArrayBuffer>>();
  const plan: OfflinePlan = {
    files: files.map(([path, bytes, group], i) => {
      const body = bytesOf(bytes, i + 1);
      bodies.set(BASE + path, body);
      return { path, bytes, sha256: sha256(body), group };
    }),
  };
  return { plan, bodies };
}

/** What the fake server does for one request: serve, fail the network, answer an HTTP error, or damage the body. */
export type Fault = 'network' | 'cut' | 404 | 'damaged' | null;

/**
 * A fetch serving `bodies`, in chunks of 1,000 bytes; `faults(url, attempt)` picks a fault per
 * request. Records every request (URL, cache mode, the offline-copy header).
 */
export function fakeFetch(bodies: Map<string, Uint8Array<ArrayBuffer>>, faults: (url: string, attempt: number) => Fault = () => null) {
  const calls: { url: string; cache: RequestCache | undefined; header: string | null }[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const attempt = calls.filter((c) => c.url === url).length + 1;
    calls.push({ url, cache: init?.cache, header: new Headers(init?.headers).get('x-offline-copy') });
    const fault = faults(url, attempt);
    if (fault === 'network') throw new TypeError('Failed to fetch');
    const body = bodies.get(url);
    if (!body || fault === 404) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const served = fault === 'damaged' ? body.map((b, i) => (i === 10 ? b ^ 0xff : b)) : body;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (fault === 'cut' && offset >= 1_000) return controller.error(new TypeError('network error'));
        if (offset >= served.length) return controller.close();
        controller.enqueue(served.slice(offset, offset + 1_000));
        offset += 1_000;
      },
    });
    return new Response(stream, { headers: { 'content-type': 'application/octet-stream' } });
  };
  return { fetch, calls };
}

/** A service worker that answers the status message on the transferred port (or stays silent). */
export function fakeWorker(reply: StatusReply | null) {
  const messages: unknown[] = [];
  return {
    messages,
    postMessage(message: unknown, transfer: Transferable[]) {
      messages.push(message);
      const port = transfer[0] as MessagePort;
      if (reply) port.postMessage(reply);
    },
  };
}
