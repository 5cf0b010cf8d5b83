// The site's service worker in real Chromium (src/sw/service-worker.ts): a first visit reloads once
// and becomes cross-origin isolated (WASM then trains on every core), the training worker gets its
// CSP header, every page of both languages loads offline and a quick training runs offline, a new
// deployment is picked up whole, and with service workers blocked nothing changes but the threads.
// Each test serves its own copy of the build on its own port: a fresh origin, so no service worker
// or cache of another test is there (the rest of the suite runs with service workers blocked).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import { writeServiceWorker } from '../../integrations/service-worker.mjs';
import { expect, test } from './fixtures';
import { cell, runToEnd, tinyOptions } from './helpers';
import { ALL_PAGES } from './site';

const BASE = '/cnn-lstm-mnist/';
const ROOT = process.env['E2E_ROOT'] ?? 'dist-test';

interface Site {
  dir: string;
  origin: string;
  /** Paths the server was asked for, in order. */
  hits: string[];
}

/** A copy of the build served on a free port (a fresh origin for this test). */
async function serveCopy(): Promise<{ site: Site; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sw-site-'));
  await cp(ROOT, dir, { recursive: true });
  const hits: string[] = [];
  const server = createStaticServer({ root: dir, base: BASE });
  server.on('request', (req) => hits.push(req.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    site: { dir, origin, hits },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const it = test.extend<{ site: Site }>({
  site: async ({}, use) => {
    const { site, close } = await serveCopy();
    await use(site);
    await close();
  },
  // The problem guard allows requests to this test's own origin only.
  baseURL: async ({ site }, use) => use(`${site.origin}${BASE}`),
});
it.use({ serviceWorkers: 'allow' });
it.describe.configure({ mode: 'serial' });

/** Waits until the site's worker controls the page and the page is cross-origin isolated. */
async function waitIsolated(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null && crossOriginIsolated, null, { timeout: 60_000 });
}

/** Waits until the worker has stored every file of its deployment. */
async function waitPrecached(page: Page): Promise<{ version: string; precached: number; precacheTotal: number }> {
  return page.waitForFunction(async () => {
    const controller = navigator.serviceWorker.controller;
    if (!controller) return null;
    const channel = new MessageChannel();
    const reply = new Promise<{ version: string; precached: number; precacheTotal: number }>((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); });
    controller.postMessage({ type: 'status' }, [channel.port2]);
    const s = await reply;
    return s.precached === s.precacheTotal ? s : null;
  }, null, { timeout: 90_000, polling: 500 }).then((h) => h.jsonValue() as Promise<{ version: string; precached: number; precacheTotal: number }>);
}

it('a first visit reloads once, becomes cross-origin isolated and trains on WASM threads; the worker script carries its CSP', async ({ page }) => {
  it.setTimeout(180_000);
  let documents = 0;
  page.on('request', (r) => { if (r.isNavigationRequest()) documents += 1; });
  const workerCsp = new Promise<string | undefined>((resolve) => {
    page.on('response', (r) => { if (/\/_astro\/worker-[^/]+\.js$/.test(r.url())) void r.allHeaders().then((h) => resolve(h['content-security-policy'])); });
  });
  await page.goto('en/cnn/');
  await waitIsolated(page);
  await page.waitForLoadState('load');
  await page.waitForTimeout(1_500); // a second reload, if there were one, would have started by now
  expect(documents, 'the page loaded twice: the visit and the one reload').toBe(2);
  expect(await page.evaluate(() => sessionStorage.getItem('cnn-lstm-mnist:sw-reloaded'))).toBe('1');

  const c = cell(page, 'train-cnn');
  await tinyOptions(c, { backend: 'wasm' });
  await runToEnd(c);
  await expect(c.locator('[data-role=out]')).toContainText(/“WASM, \d+ threads”/);
  const threads = Number((await c.locator('[data-role=out]').innerText()).match(/WASM, (\d+) threads/)?.[1]);
  expect(threads).toBe(await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 8)));
  const csp = await workerCsp;
  expect(csp, 'the training worker is served with a Content-Security-Policy header').toBeDefined();
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
});

it('after the first visit, every page of both languages loads offline and a quick CNN and LSTM training runs offline', async ({ page, context, site }) => {
  it.setTimeout(300_000);
  await page.goto('en/');
  await waitIsolated(page);
  const status = await waitPrecached(page);
  expect(status.precached).toBeGreaterThan(20);
  // The home page's control stores the data set and the reference weights.
  const control = page.locator('offline-control');
  await control.getByRole('button', { name: /available offline/i }).click();
  await expect(control).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(control.locator('.oc-error')).toHaveCount(0);

  await context.setOffline(true);
  const before = site.hits.length;
  for (const { path } of ALL_PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), `offline: ${path}`).toBe(200);
    await expect(page.locator('h1').first()).toBeVisible();
  }
  for (const [path, kind] of [['en/cnn/', 'train-cnn'], ['en/lstm/', 'train-lstm']] as const) {
    await page.goto(path);
    const c = cell(page, kind);
    await tinyOptions(c, { backend: 'wasm' });
    await runToEnd(c);
  }
  // Only the browser's own update check of sw.js, which Playwright's offline mode does not cover, reached it.
  expect(site.hits.slice(before).filter((h) => !h.endsWith('/sw.js')), 'offline: nothing of the site reached the server').toEqual([]);
});

it('a repeat visit to a page makes no request to the server (only the browser’s own update check of sw.js)', async ({ page, site }) => {
  await page.goto('en/');
  await waitIsolated(page);
  await waitPrecached(page);
  const before = site.hits.length;
  const fromNetwork: string[] = [];
  page.on('response', (r) => { if (!r.fromServiceWorker()) fromNetwork.push(r.url()); });
  await page.goto('en/lstm/');
  await page.waitForLoadState('networkidle');
  await page.goto('cnn/');
  await page.waitForLoadState('networkidle');
  expect(fromNetwork).toEqual([]);
  expect(site.hits.slice(before).filter((h) => !h.endsWith('/sw.js'))).toEqual([]);
});

it('a second deployment is installed whole, offered by a banner, and taken only when the reader accepts', async ({ page, site }) => {
  it.setTimeout(180_000);
  await page.goto('en/');
  await waitIsolated(page);
  const first = await waitPrecached(page);

  // Deploy again: one page changed, so every file's digest list, and the worker, changes.
  const file = join(site.dir, 'en', 'glossaire', 'index.html');
  const html = await readFile(file, 'utf8');
  await writeFile(file, html.replace('</main>', '<p id="second-deployment">second deployment</p></main>'));
  await writeServiceWorker(site.dir, BASE);

  await page.reload(); // the browser checks sw.js on navigation and finds the new one
  const banner = page.locator('.sw-banner');
  await expect(banner).toBeVisible({ timeout: 60_000 });
  // Until the reader accepts, the old deployment serves every page: no mixing.
  await page.goto('en/glossaire/');
  await expect(page.locator('#second-deployment')).toHaveCount(0);
  await expect(banner).toBeVisible({ timeout: 30_000 });
  const reloaded = page.waitForEvent('framenavigated');
  await banner.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await page.waitForLoadState('load');
  await expect(page.locator('#second-deployment')).toHaveCount(1);
  const second = await waitPrecached(page);
  expect(second.version).not.toBe(first.version);
  const names = await page.evaluate(() => caches.keys());
  expect(names).toContain(`cnn-lstm-mnist-site-${second.version}`);
});

it('a cached shard that fails its checksum is dropped and fetched again; an unregistered worker leaves the site working', async ({ page }) => {
  it.setTimeout(180_000);
  await page.goto('en/cnn/');
  await waitIsolated(page);
  const c = cell(page, 'train-cnn');
  await tinyOptions(c, { backend: 'wasm' });
  await runToEnd(c); // stores the shards it used
  const damaged = await page.evaluate(async () => {
    const cache = await caches.open('cnn-lstm-mnist-data-v1');
    const keys = (await cache.keys()).map((r) => r.url).filter((u) => u.includes('train-images-00'));
    for (const k of keys) await cache.put(k, new Response(new Uint8Array([1, 2, 3])));
    return keys;
  });
  expect(damaged).toHaveLength(1);
  // The page keeps the shards it decoded, so ask for the file itself: the worker must not serve the damaged copy.
  const { served, stored } = await page.evaluate(async (key) => {
    const served = (await (await fetch(key)).arrayBuffer()).byteLength;
    const hit = await (await caches.open('cnn-lstm-mnist-data-v1')).match(key);
    return { served, stored: hit ? (await hit.arrayBuffer()).byteLength : 0 };
  }, damaged[0]!);
  expect(served, 'the damaged copy was dropped and the file fetched again').toBeGreaterThan(1000);
  expect(stored, 'the good copy replaced it in the cache').toBe(served);

  await page.evaluate(async () => { for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister(); });
  await runToEnd(c);
});
