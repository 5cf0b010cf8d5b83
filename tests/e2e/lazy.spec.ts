// Lazy loading: reading a page (scrolling included) downloads no TF.js, no WebAssembly,
// no MNIST data and starts no Worker; those come only when a cell is run. The positive
// tests run cells to prove each detector below does see the heavy downloads.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { ALL_PAGES } from './site';

/**
 * Strings found in every TF.js bundle and in none of the site's own chunks (checked
 * by grepping the build's _astro/): flag names and an error message from tfjs-core,
 * a flag of tfjs-backend-webgl, the layers version banner. String literals survive
 * minification; file names do not count (the preload map lists them as plain text).
 */
const TFJS_MARKERS = ['tfjsflags', 'Tensor is disposed', 'WEBGL_VERSION', 'tfjs-layers '] as const;

const MNIST_DATA = /\/data\/mnist\//;
const WASM = /\.wasm(?:[?#]|$)/;

/** Everything a page transferred: request URLs (workers' too), JS bodies with TF.js, workers started. */
interface Traffic {
  requests: string[];
  workers: string[];
  /** Resolves once every JS body seen so far has been read: the URLs of those holding TF.js, and how many were read. */
  scripts(): Promise<{ tfjs: string[]; read: number }>;
}

function isScript(url: string, contentType: string | undefined): boolean {
  return /javascript|ecmascript/.test(contentType ?? '') || /\.m?js(?:[?#]|$)/.test(url);
}

/** Starts recording; listeners on the context see requests from the page and from its workers. */
function record(context: BrowserContext, page: Page): Traffic {
  const requests: string[] = [];
  const workers: string[] = [];
  const bodies: Promise<{ url: string; tfjs: boolean }>[] = [];
  context.on('request', (req) => requests.push(req.url()));
  context.on('response', (res) => {
    if (!isScript(res.url(), res.headers()['content-type']) || res.status() >= 300) return;
    bodies.push(
      res.text().then(
        (text) => ({ url: res.url(), tfjs: TFJS_MARKERS.some((m) => text.includes(m)) }),
        // An unreadable body cannot be shown to be TF.js-free: count it as a finding.
        (err: unknown) => ({ url: `${res.url()} (body unreadable: ${String(err)})`, tfjs: true }),
      ),
    );
  });
  page.on('worker', (w) => workers.push(w.url()));
  return {
    requests,
    workers,
    async scripts() {
      const all = await Promise.all(bodies);
      return { tfjs: all.filter((b) => b.tfjs).map((b) => b.url), read: all.length };
    },
  };
}

/** Scrolls to the bottom one screen at a time (so every IntersectionObserver fires), then lets the page settle. */
async function scrollThrough(page: Page): Promise<void> {
  const step = page.viewportSize()?.height ?? 800;
  for (let y = 0; y < (await page.evaluate(() => document.documentElement.scrollHeight)); y += step / 2) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForLoadState('networkidle');
  // Observers with a delay, idle callbacks and timers may still start something: give them time.
  await page.waitForTimeout(1_500);
  await page.waitForLoadState('networkidle');
}

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname);

for (const { locale, section, path } of ALL_PAGES) {
  test(`${locale.lang} ${section || 'home'}: reading the page loads no TF.js, wasm, MNIST data or worker`, async ({ context, page }) => {
    const traffic = record(context, page);
    await visit(page, path);
    await scrollThrough(page);

    expect(paths(traffic.requests.filter((u) => MNIST_DATA.test(u))), 'MNIST data requested without a Run').toEqual([]);
    expect(paths(traffic.requests.filter((u) => WASM.test(u))), 'WebAssembly requested without a Run').toEqual([]);
    expect(traffic.workers, 'Worker started without a Run').toEqual([]);
    const { tfjs, read } = await traffic.scripts();
    // Starlight's own scripts always load: if none was read, the body check saw nothing.
    expect(read, 'JavaScript responses inspected').toBeGreaterThan(0);
    expect(paths(tfjs), 'JS chunks containing TF.js loaded without a Run').toEqual([]);
  });
}

const cell = (page: Page, kind: string) => page.locator(`run-cell[data-kind="${kind}"]`);

/** The first candidate page whose HTML holds the cell kind (course page first, then the UI scratch page). */
async function pageWithCell(page: Page, kind: string, candidates: string[]): Promise<string | null> {
  for (const path of candidates) {
    const res = await page.request.get(path);
    if (res.ok() && (await res.text()).includes(`data-kind="${kind}"`)) return path;
  }
  return null;
}

/** Clicks Run and waits until the cell is idle again, without error. */
async function runCell(page: Page, kind: string, timeout = 90_000): Promise<void> {
  const c = cell(page, kind);
  await c.scrollIntoViewIfNeeded();
  await expect(c.locator('[data-role=run]')).toBeEnabled();
  await c.locator('[data-role=run]').click();
  await expect(c.locator('[data-role=out]')).toBeVisible({ timeout });
  await expect(c).not.toHaveAttribute('data-running', '', { timeout });
  await expect(c.locator('.rc-error'), `error in cell ${kind}`).toHaveCount(0);
}

test('running the load cell downloads MNIST data and the shapes cell TF.js (the detectors work)', async ({ context, page }) => {
  const path = await pageWithCell(page, 'mnist-load', ['pretraitement/', 'scratch-ui/']);
  test.skip(path === null, 'no page holds the mnist-load cell yet');
  if (path === null) return;
  test.info().annotations.push({ type: 'page', description: path });
  const traffic = record(context, page);
  await visit(page, path);
  // (That the page itself downloads nothing heavy is the per-page test's job; the scratch
  // fallback page does load a test shard for its LSTM rows view, so only Run's requests count here.)
  expect((await traffic.scripts()).tfjs, 'TF.js loaded before any cell ran').toEqual([]);
  const before = traffic.requests.length;

  await runCell(page, 'mnist-load');
  const data = paths(traffic.requests.slice(before).filter((u) => MNIST_DATA.test(u)));
  // The training shards: the manifest may already be in the page's shared loader (scratch page).
  expect(data.filter((p) => /\/train-images-\d+\.u8\.gz$/.test(p)).length, `training image shards requested on Run: ${data.join(', ')}`).toBeGreaterThan(0);

  // The shapes cell builds real tensors, so TF.js must now appear among the JS bodies.
  if ((await cell(page, 'tensor-shapes').count()) === 0) {
    test.info().annotations.push({ type: 'not checked', description: 'TF.js detection: no tensor-shapes cell on this page yet' });
    return;
  }
  await runCell(page, 'tensor-shapes');
  expect((await traffic.scripts()).tfjs.length, 'TF.js chunk detected after the shapes cell ran').toBeGreaterThan(0);
});

test('starting a training creates the worker, and its TF.js is detected', async ({ context, page }) => {
  const path = await pageWithCell(page, 'train-cnn', ['cnn/', 'scratch-ui/']);
  test.skip(path === null, 'no page holds the train-cnn cell yet');
  if (path === null) return;
  test.info().annotations.push({ type: 'page', description: path });
  const traffic = record(context, page);
  await visit(page, path);
  await scrollThrough(page);
  expect(traffic.workers, 'no worker before Run').toEqual([]);

  const c = cell(page, 'train-cnn');
  // The smallest valid run, on the WASM backend; it is stopped once the worker has fetched its .wasm.
  await c.locator('input[name=epochs]').fill('1');
  await c.locator('input[name=trainSize]').fill('256');
  await c.locator('input[name=batchSize]').fill('32');
  await c.locator('select[name=backend]').selectOption('wasm');
  const worker = page.waitForEvent('worker', { timeout: 30_000 });
  await c.locator('[data-role=run]').click();
  const workerUrl = (await worker).url();
  expect(traffic.workers).toEqual([workerUrl]);
  // The WASM backend's binary is fetched by the worker: seeing it proves worker requests are recorded.
  await expect.poll(() => traffic.requests.some((u) => WASM.test(u)), { message: '.wasm requested from the worker', timeout: 60_000 }).toBe(true);
  await c.locator('[data-role=run]').click(); // Stop: the rest of the training is not needed
  await expect(c).not.toHaveAttribute('data-running', '', { timeout: 90_000 });
  expect((await traffic.scripts()).tfjs, 'TF.js detected in the worker script').toContain(workerUrl);
});
