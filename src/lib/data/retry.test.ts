// The second, cache-bypassing try of downloads (download.ts retryFresh): a damaged copy
// kept by the browser's HTTP cache must not make every later run fail.
import { describe, expect, it } from 'vitest';
import { loadMnist, MnistDataError } from './mnist';
import type { FetchLike } from './download';
import { BASE_URL, recordingFetch, requireData } from './test-utils';

requireData();

/** A fetch whose default-cache answers for `file` are damaged (as a stale HTTP cache entry would be). */
function staleCache(file: string, damage: (res: Response) => Promise<Response>, alsoFresh = false) {
  const { fetch: disk } = recordingFetch();
  const modes: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const res = await disk(input, init);
    if (!input.endsWith(`/${file}`)) return res;
    modes.push(init?.cache ?? 'default');
    return init?.cache === 'reload' && !alsoFresh ? res : damage(res);
  };
  return { fetch, modes };
}

const flipByte = async (res: Response) => {
  const bytes = new Uint8Array(await res.arrayBuffer());
  bytes[5000] = (bytes[5000] ?? 0) ^ 0xff;
  return new Response(bytes);
};
const cutJson = async (res: Response) => new Response((await res.text()).slice(0, 200));

describe('loadMnist retries a damaged file once, bypassing the HTTP cache', () => {
  it('a shard: the fresh copy is used, and verified', async () => {
    const { fetch, modes } = staleCache('test-images-00.u8.gz', flipByte);
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch, cache: null });
    expect(set.count).toBe(10);
    expect(modes).toEqual(['default', 'reload']);
  });

  it('the manifest: invalid JSON from the cache, valid from the network', async () => {
    const { fetch, modes } = staleCache('manifest.json', cutJson);
    const set = await loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch, cache: null });
    expect(set.count).toBe(10);
    expect(modes).toEqual(['default', 'reload']);
  });

  it('a fault that persists still fails, after exactly one more try', async () => {
    const { fetch, modes } = staleCache('test-images-00.u8.gz', flipByte, true);
    const p = loadMnist({ baseUrl: BASE_URL, split: 'test', count: 10, fetch, cache: null });
    await expect(p).rejects.toThrow(MnistDataError);
    await expect(p).rejects.toThrow(/^test-images-00\.u8\.gz: SHA-256 mismatch/);
    expect(modes).toEqual(['default', 'reload']);
  });
});
