// @ts-check
// `node scripts/bench-sw.mjs [--runs N]`: what the service worker costs the page's main thread. Serves
// dist-test/ (npm run test:build) on a fresh port per run, opens the French and English home pages
// and the CNN page in headless Chromium, first with service workers allowed (the registration, the
// install of every file, the one reload), then blocked (the site as it was), and records every main-
// thread long task (PerformanceObserver 'longtask', ≥ 50 ms) from navigation until the worker has
// stored the whole deployment. Writes bench/results/partial/sw-<date>.json and prints a summary.
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { findBrowser } from './find-browser.mjs';
import { createStaticServer } from './serve.mjs';

const BASE = '/cnn-lstm-mnist/';
const runs = Number(process.argv.includes('--runs') ? process.argv[process.argv.indexOf('--runs') + 1] : 3);
const PAGES = ['', 'en/', 'cnn/'];

/** Records long tasks in every document of the tab, in sessionStorage so the reload keeps them. */
const OBSERVE = () => {
  const doc = performance.timeOrigin;
  new PerformanceObserver((list) => {
    const kept = JSON.parse(sessionStorage.getItem('bench-long-tasks') ?? '[]');
    for (const e of list.getEntries()) kept.push({ document: doc, start: Math.round(e.startTime), ms: Math.round(e.duration) });
    sessionStorage.setItem('bench-long-tasks', JSON.stringify(kept));
  }).observe({ type: 'longtask', buffered: true });
};

/** One page load. @param {import('playwright-core').Browser} browser @param {string} path @param {boolean} allow */
async function once(browser, path, allow) {
  const server = createStaticServer({ root: 'dist-test', base: BASE });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const context = await browser.newContext({ serviceWorkers: allow ? 'allow' : 'block' });
  const page = await context.newPage();
  await page.addInitScript(OBSERVE);
  let documents = 0;
  page.on('request', (/** @type {import('playwright-core').Request} */ r) => { if (r.isNavigationRequest()) documents += 1; });
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${port}${BASE}${path}`);
  let precached = null;
  if (allow) {
    // Until the page is isolated (after the one reload) and every file is stored.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null && crossOriginIsolated, null, { timeout: 60_000 });
    precached = await page.waitForFunction(async () => {
      const c = navigator.serviceWorker.controller;
      if (!c) return null;
      const ch = new MessageChannel();
      const reply = new Promise((resolve) => { ch.port1.onmessage = (e) => resolve(e.data); });
      c.postMessage({ type: 'status' }, [ch.port2]);
      const s = /** @type {any} */ (await reply);
      return s.precached === s.precacheTotal ? s.precacheTotal : null;
    }, null, { timeout: 120_000, polling: 250 }).then((/** @type {import('playwright-core').JSHandle} */ h) => h.jsonValue());
  } else {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_500);
  }
  const seconds = (Date.now() - t0) / 1000;
  /** @type {{ document: number, start: number, ms: number }[]} */
  const tasks = await page.evaluate(() => JSON.parse(sessionStorage.getItem('bench-long-tasks') ?? '[]'));
  await context.close();
  await new Promise((r) => server.close(() => r(undefined)));
  return { path, serviceWorker: allow, documents, seconds, precached, longTasks: tasks, longest: Math.max(0, ...tasks.map((t) => t.ms)) };
}

const executablePath = findBrowser();
if (!executablePath) throw new Error('bench-sw: no Chromium found (see scripts/find-browser.mjs)');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });

// The detector itself: a 120 ms busy task on a page of the site must show up as a long task, or the rows mean nothing.
{
  const server = createStaticServer({ root: 'dist-test', base: BASE });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(OBSERVE);
  await page.goto(`http://127.0.0.1:${port}${BASE}en/`);
  await page.evaluate(() => new Promise((resolve) => setTimeout(() => { const end = performance.now() + 120; while (performance.now() < end); resolve(undefined); }, 10)));
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => JSON.parse(sessionStorage.getItem('bench-long-tasks') ?? '[]'));
  await context.close();
  await new Promise((r) => server.close(() => r(undefined)));
  if (!seen.some((/** @type {{ ms: number }} */ t) => t.ms >= 100)) throw new Error(`bench-sw: the long-task detector missed a 120 ms task (${JSON.stringify(seen)})`);
  console.log(`detector check: a 120 ms busy task was seen as a ${Math.max(...seen.map((/** @type {{ ms: number }} */ t) => t.ms))} ms long task`);
}

/** @type {{ start: number[], end?: number[] }} */
const load = { start: loadavg() };
const rows = [];
for (let r = 0; r < runs; r++) {
  for (const path of PAGES) {
    for (const allow of r % 2 === 0 ? [true, false] : [false, true]) {
      const row = await once(browser, path, allow);
      rows.push(row);
      console.log(`${(path || 'fr home').padEnd(8)} service worker ${allow ? 'allowed' : 'blocked'}  documents ${row.documents}  ${row.seconds.toFixed(1)} s  long tasks ${row.longTasks.length}  longest ${row.longest} ms${row.precached ? `  (${row.precached} files stored)` : ''}`);
    }
  }
}
await browser.close();
load.end = loadavg();
const out = { date: new Date().toISOString(), runs, load, rows };
await mkdir('bench/results/partial', { recursive: true });
const file = `bench/results/partial/sw-${out.date.replace(/[:.]/g, '-')}.json`;
await writeFile(file, JSON.stringify(out, null, 1));
console.log(`written ${file}`);
