// Lazy loading: reading a page (scrolling included) downloads no TF.js, no WebAssembly,
// no MNIST data and starts no Worker; those come only when a cell is run. The positive
// tests run cells to prove each detector below does see the heavy downloads.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { cell, runCell, scrollThrough, startRun, tinyOptions, waitIdle } from './helpers';
import { ALL_PAGES } from './site';

/**
 * Strings found in every TF.js bundle and in none of the site's own chunks (checked
 * by grepping the build's _astro/): flag names and an error message from tfjs-core,
 * a flag of tfjs-backend-webgl, the layers version banner. String literals survive
 * minification; file names do not count (the preload map lists them as plain text).
 */
const TFJS_MARKERS = ['tfjsflags', 'Tensor is disposed', 'WEBGL_VERSION', 'tfjs-layers '] as const;

const MNIST_DATA = /\/data\/mnist\//;
const WEIGHTS = /\/data\/models\//;
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

/** Scrolls through the whole page (so every IntersectionObserver fires), then lets it settle. */
async function readThrough(page: Page): Promise<void> {
  await scrollThrough(page);
  // Observers with a delay, idle callbacks and timers may still start something: give them time.
  await page.waitForTimeout(1_500);
  await page.waitForLoadState('networkidle');
}

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname);

for (const { locale, section, path } of ALL_PAGES) {
  test(`${locale.lang} ${section || 'home'}: reading the page loads no TF.js, wasm, MNIST data, model weights or worker`, async ({ context, page }) => {
    const traffic = record(context, page);
    await visit(page, path);
    await readThrough(page);

    expect(paths(traffic.requests.filter((u) => MNIST_DATA.test(u))), 'MNIST data requested without a Run').toEqual([]);
    expect(paths(traffic.requests.filter((u) => WASM.test(u))), 'WebAssembly requested without a Run').toEqual([]);
    expect(paths(traffic.requests.filter((u) => WEIGHTS.test(u))), 'reference weights requested without a click').toEqual([]);
    expect(traffic.workers, 'Worker started without a Run').toEqual([]);
    const { tfjs, read } = await traffic.scripts();
    // Starlight's own scripts always load: if none was read, the body check saw nothing.
    expect(read, 'JavaScript responses inspected').toBeGreaterThan(0);
    expect(paths(tfjs), 'JS chunks containing TF.js loaded without a Run').toEqual([]);
  });
}

test('running the load cell downloads MNIST data and the shapes cell TF.js (the detectors work)', async ({ context, page }) => {
  const traffic = record(context, page);
  await visit(page, 'pretraitement/');
  // That reading the page downloads nothing heavy is the per-page test's job: only Run's requests count here.
  expect((await traffic.scripts()).tfjs, 'TF.js loaded before any cell ran').toEqual([]);
  const before = traffic.requests.length;

  await runCell(cell(page, 'mnist-load'));
  const data = paths(traffic.requests.slice(before).filter((u) => MNIST_DATA.test(u)));
  expect(data.filter((p) => /\/train-images-\d+\.u8\.gz$/.test(p)).length, `training image shards requested on Run: ${data.join(', ')}`).toBeGreaterThan(0);

  // The shapes cell builds real tensors, so TF.js must now appear among the JS bodies.
  await runCell(cell(page, 'tensor-shapes'));
  expect((await traffic.scripts()).tfjs.length, 'TF.js chunk detected after the shapes cell ran').toBeGreaterThan(0);
});

test('starting a training creates the worker, and its TF.js is detected', async ({ context, page }) => {
  const traffic = record(context, page);
  await visit(page, 'cnn/');
  await readThrough(page);
  expect(traffic.workers, 'no worker before Run').toEqual([]);

  const c = cell(page, 'train-cnn');
  // The smallest valid run, on the WASM backend; it is stopped once the worker has fetched its .wasm.
  await tinyOptions(c, { trainSize: '256' });
  const worker = page.waitForEvent('worker', { timeout: 30_000 });
  await startRun(c);
  const workerUrl = (await worker).url();
  expect(traffic.workers).toEqual([workerUrl]);
  // The WASM backend's binary is fetched by the worker: seeing it proves worker requests are recorded.
  await expect.poll(() => traffic.requests.some((u) => WASM.test(u)), { message: '.wasm requested from the worker', timeout: 60_000 }).toBe(true);
  await c.locator('[data-role=run]').click(); // Stop: the rest of the training is not needed
  await waitIdle(c);
  expect((await traffic.scripts()).tfjs, 'TF.js detected in the worker script').toContain(workerUrl);
});

test('the first click on the CNN view downloads the reference weights, from the worker (the detector works)', async ({ context, page }) => {
  const traffic = record(context, page);
  await visit(page, 'cnn/');
  await readThrough(page);
  expect(paths(traffic.requests.filter((u) => WEIGHTS.test(u)))).toEqual([]);
  const view = page.locator('cnn-inside');
  await view.locator('[data-role=show]').click();
  await expect(view.locator('[data-role=answer]')).not.toBeEmpty({ timeout: 90_000 });
  const got = paths(traffic.requests.filter((u) => WEIGHTS.test(u)));
  expect(got.some((p) => p.endsWith('/manifest.json')) && got.some((p) => /\/cnn-s\d+\.f16\.bin$/.test(p)), `weights requested: ${got.join(', ')}`).toBe(true);
  expect(got.some((p) => /\/lstm-s\d+\.f16\.bin$/.test(p)), 'only the model needed is fetched').toBe(false);
});
