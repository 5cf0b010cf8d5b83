// Helpers shared by the specs: finding, filling and running the course's cells, reading
// what a training kept, browser-storage and server faults (the cookie that
// scripts/serve.mjs --faults reads), and scrolling a page so its lazy islands wake up.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, visit } from './fixtures';

/** The <run-cell> of a kind (e.g. 'train-cnn') on the page. */
export const cell = (page: Page, kind: string): Locator => page.locator(`run-cell[data-kind="${kind}"]`);

/** Training options a software-WebGL/WASM browser on a 2-core CI machine gets through in seconds. */
export interface TinyOptions {
  epochs?: string;
  trainSize?: string;
  batchSize?: string;
  backend?: 'auto' | 'webgl' | 'webgpu' | 'wasm' | 'cpu';
}

/** Fills a training cell's form; the defaults are one epoch of 64 examples on WASM. */
export async function tinyOptions(c: Locator, { epochs = '1', trainSize = '64', batchSize = '32', backend = 'wasm' }: TinyOptions = {}): Promise<void> {
  await c.locator('input[name=epochs]').fill(epochs);
  await c.locator('input[name=trainSize]').fill(trainSize);
  await c.locator('input[name=batchSize]').fill(batchSize);
  await c.locator('select[name=backend]').selectOption(backend);
}

/**
 * Makes every later training of the page evaluate on the first `n` test images instead of the
 * preset's 1,000 (the form has no field for it): the page's 'train' messages to its worker are
 * rewritten. For backends too slow to predict 2,000 images in a test (software WebGPU: the
 * CNN predicts ~10 images/s on 2 cores). Call before visiting the page.
 */
export async function smallTestSet(page: Page, n: number): Promise<void> {
  await page.addInitScript((size) => {
    const post = Worker.prototype.postMessage as (this: Worker, message: unknown, ...rest: unknown[]) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as { type?: unknown; options?: Record<string, unknown> } | null;
      const next = m?.type === 'train' && m.options ? { ...m, options: { ...m.options, testSize: size } } : message;
      post.call(this, next, ...rest);
    } as typeof Worker.prototype.postMessage;
  }, n);
}

/** Clicks Run and waits until the cell is running (its attribute is set synchronously on start). */
export async function startRun(c: Locator): Promise<void> {
  await c.locator('[data-role=run]').click();
  await expect(c).toHaveAttribute('data-running', '', { timeout: 5_000 });
}

/** Waits until the cell is idle again, however its run ended. */
export async function waitIdle(c: Locator, timeout = 90_000): Promise<void> {
  await expect(c).not.toHaveAttribute('data-running', '', { timeout });
}

/** Waits until the cell is idle, then checks its run ended well: no error box, "Done in …" status. */
export async function waitDone(c: Locator, timeout = 90_000): Promise<void> {
  await waitIdle(c, timeout);
  await expect(c.locator('.rc-error'), 'error box after the run').toHaveCount(0);
  await expect(c.locator('[data-role=status]')).toHaveText(/^(Done in|Terminé en)/);
}

/**
 * Adds a second training cell after the CNN one: a copy turned into an LSTM cell with its own
 * ids. No page has two training cells today, but the page-wide one-training lock must hold if one does.
 */
async function addLstmCell(page: Page): Promise<void> {
  await page.evaluate(() => {
    const first = document.querySelector('run-cell[data-kind="train-cnn"]');
    if (!first) throw new Error('no train-cnn cell');
    const template = document.createElement('template');
    template.innerHTML = first.outerHTML.replaceAll('cell-train-cnn', 'cell-train-lstm-copy').replace('data-kind="train-cnn"', 'data-kind="train-lstm"');
    first.after(template.content);
  });
}

/** What a training cell says, in English, when another training already holds the page. */
export const BUSY_EN =
  'Another training is already running on this page: one at a time, so your device is not overwhelmed. Wait for it to finish or stop it, then run this cell again.';

/** Opens the English CNN page with a second training cell added (see addLstmCell); returns the CNN cell and the LSTM one, ready to run. */
export async function twoTrainingCells(page: Page): Promise<{ a: Locator; b: Locator }> {
  await visit(page, 'en/cnn/');
  await addLstmCell(page);
  const a = cell(page, 'train-cnn');
  const b = cell(page, 'train-lstm');
  await expect(b.locator('[data-role=run]')).toBeEnabled();
  return { a, b };
}

/** Runs a cell that must be seen running (a training: a second click would stop it) to a good end. */
export async function runToEnd(c: Locator, timeout = 90_000): Promise<void> {
  await startRun(c);
  await waitDone(c, timeout);
}

/**
 * Runs any cell to a good end. Quick cells can be idle again before "running" is seen, so
 * the output area, hidden until a run starts, is what proves the click started one.
 */
export async function runCell(c: Locator, timeout = 90_000): Promise<void> {
  await c.scrollIntoViewIfNeeded();
  await expect(c.locator('[data-role=run]')).toBeEnabled();
  await c.locator('[data-role=run]').click();
  await expect(c.locator('[data-role=out]')).toBeVisible({ timeout });
  await waitDone(c, timeout);
}

/** The run a training cell kept in localStorage for a model, parsed; null when none is kept. */
export async function storedRun(page: Page, model: 'cnn' | 'lstm') {
  const raw = await page.evaluate((key) => localStorage.getItem(key), `cnn-lstm-mnist:run:${model}`);
  return raw === null ? null : JSON.parse(raw);
}

/** Makes every later localStorage write of the course's keys throw QuotaExceededError, as a full storage does. */
export async function fillStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // Only the course's keys: Starlight writes its theme without catching errors.
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (key.startsWith('cnn-lstm-mnist:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      setItem.call(this, key, value);
    };
  });
}

/** Asks scripts/serve.mjs to inject `spec` (e.g. "status=404@train-images-00") into every matching request. */
export async function setFault(context: BrowserContext, baseURL: string | undefined, spec: string): Promise<void> {
  if (!baseURL) throw new Error('baseURL is not configured');
  await context.addCookies([{ name: 'serve-fault', value: encodeURIComponent(spec), url: baseURL }]);
}

/** Removes the fault cookie: the server behaves normally again. */
export async function clearFault(context: BrowserContext): Promise<void> {
  await context.clearCookies({ name: 'serve-fault' });
}

/** Training-worker threads of the page (the module worker bundled from src/lib/train/worker.ts). */
export function trainingWorkers(page: Page) {
  return page.workers().filter((w) => /worker/i.test(w.url()));
}

/** Scrolls to the bottom half a screen at a time, so every IntersectionObserver fires, then waits for a quiet network. */
export async function scrollThrough(page: Page): Promise<void> {
  const step = (page.viewportSize()?.height ?? 800) / 2;
  for (let y = 0; y < (await page.evaluate(() => document.documentElement.scrollHeight)); y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForLoadState('networkidle');
}
