// @ts-check
// The e2e suite trusts this server to behave like GitHub Pages; these tests pin that behaviour.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer, parseFaults } from './serve.mjs';

const BASE = '/proj/';
/** @type {string} */ let root;
/** @type {import('node:http').Server} */ let server;
/** @type {string} */ let origin;

/** @param {string} path @param {RequestInit} [init] */
const get = (path, init) => fetch(origin + path, { redirect: 'manual', ...init });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'serve-test-'));
  await mkdir(join(root, 'cnn'));
  await mkdir(join(root, 'empty'));
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'index.html'), '<h1>home</h1>');
  await writeFile(join(root, '404.html'), '<h1>missing</h1>');
  await writeFile(join(root, 'cnn', 'index.html'), '<h1>cnn</h1>');
  await writeFile(join(root, 'page.html'), '<h1>page</h1>');
  await writeFile(join(root, 'data', 'shard.gz'), gzipSync(Buffer.alloc(5000, 7)));
  await writeFile(join(root, 'data', 'm.json'), '{"a":1}');
  await writeFile(join(root, 'x.wasm'), Buffer.from([0, 97, 115, 109]));
  await writeFile(join(root, 'x.mjs'), 'export {}');
  server = createStaticServer({ root, base: BASE, faults: true, headers: { 'X-Extra': 'yes' } });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  origin = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

describe('serve.mjs (GitHub Pages emulation)', () => {
  it('serves index.html for the base and for directories with a trailing slash', async () => {
    const home = await get('/proj/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toContain('home');
    expect(await (await get('/proj/cnn/')).text()).toContain('cnn');
  });

  it('redirects directories without a trailing slash, keeping the query', async () => {
    const res = await get('/proj/cnn?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/proj/cnn/?x=1');
    expect((await get('/proj')).headers.get('location')).toBe('/proj/');
  });

  it('answers 404 outside the base path, without the project 404 page', async () => {
    const res = await get('/cnn/');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('missing');
    expect((await get('/')).status).toBe(404);
  });

  it('answers missing paths under the base with the project 404.html', async () => {
    for (const path of ['/proj/nope/', '/proj/nope.js', '/proj/empty/', '/proj/%E0%A4%A']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('missing');
    }
  });

  it('does not escape the root with dot segments', async () => {
    expect((await get('/proj/..%2f..%2fetc/passwd')).status).toBe(404);
    expect((await get('/proj/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('serves /page as page.html like Pages', async () => {
    expect(await (await get('/proj/page')).text()).toContain('page');
  });

  it('uses the MIME types the app relies on and no Content-Encoding for .gz', async () => {
    const gz = await get('/proj/data/shard.gz');
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect(gz.headers.get('content-encoding')).toBeNull();
    // Still compressed bytes: fetch must not have inflated them.
    const bytes = new Uint8Array(await gz.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect((await get('/proj/x.wasm')).headers.get('content-type')).toBe('application/wasm');
    expect((await get('/proj/x.mjs')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/proj/data/m.json')).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('adds configured headers and supports HEAD', async () => {
    const res = await get('/proj/data/m.json', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-extra')).toBe('yes');
    expect(res.headers.get('content-length')).toBe('7');
    expect((await get('/proj/', { method: 'POST' })).status).toBe(405);
  });

  it('injects faults from the header or cookie, scoped by path substring', async () => {
    const hdr = { headers: { 'x-serve-fault': 'status=503@shard' } };
    expect((await get('/proj/data/shard.gz', hdr)).status).toBe(503);
    expect((await get('/proj/data/m.json', hdr)).status).toBe(200);
    const cookie = { headers: { cookie: `a=b; serve-fault=${encodeURIComponent('status=500')}` } };
    expect((await get('/proj/', cookie)).status).toBe(500);
    await expect(get('/proj/', { headers: { 'x-serve-fault': 'reset' } })).rejects.toThrow();
    const cut = await get('/proj/data/shard.gz', { headers: { 'x-serve-fault': 'truncate=10' } });
    await expect(cut.arrayBuffer()).rejects.toThrow();
  });

  it('serves damaged files as complete responses: shorten cuts the body, corrupt inverts one byte', async () => {
    const whole = new Uint8Array(await (await get('/proj/data/shard.gz')).arrayBuffer());
    const short = await get('/proj/data/shard.gz', { headers: { 'x-serve-fault': 'shorten=10@shard' } });
    expect(short.status).toBe(200);
    expect(short.headers.get('content-length')).toBe('10');
    expect([...new Uint8Array(await short.arrayBuffer())]).toEqual([...whole.subarray(0, 10)]);
    const bad = await get('/proj/data/shard.gz', { headers: { 'x-serve-fault': 'corrupt=3@shard' } });
    expect(bad.headers.get('content-length')).toBe(String(whole.length));
    const got = new Uint8Array(await bad.arrayBuffer());
    expect(got.length).toBe(whole.length);
    const differing = got.reduce((/** @type {number[]} */ acc, b, i) => (b === whole[i] ? acc : [...acc, i]), []);
    expect(differing).toEqual([3]);
    expect(got[3]).toBe(/** @type {number} */ (whole[3]) ^ 0xff);
    // Out of range: the file is served as it is.
    const far = await get('/proj/data/m.json', { headers: { 'x-serve-fault': 'corrupt=99,shorten=99' } });
    expect(await far.text()).toBe('{"a":1}');
  });

  it('parses fault rules and ignores malformed ones', () => {
    expect(parseFaults('delay=50@/data/,reset,bogus=1,status=x')).toEqual([
      { kind: 'delay', value: 50, match: '/data/' },
      { kind: 'reset', match: '' },
    ]);
    expect(parseFaults('corrupt=5000@train-images,shorten=100@manifest.json,corrupt=,shorten')).toEqual([
      { kind: 'corrupt', value: 5000, match: 'train-images' },
      { kind: 'shorten', value: 100, match: 'manifest.json' },
    ]);
  });
});
