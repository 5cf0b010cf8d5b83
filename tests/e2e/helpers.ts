// Helpers shared by the fault-tolerance specs (tests/e2e/faults-*.spec.ts): finding and
// running the course's cells, tiny training options, and server faults via the cookie
// that scripts/serve.mjs --faults reads. Same conventions as course.spec.ts.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The <run-cell> of a kind (e.g. 'train-cnn') on the page. */
export const cell = (page: Page, kind: string): Locator => page.locator(`run-cell[data-kind="${kind}"]`);

/** Training options a software-WebGL/WASM browser on a 2-core CI machine gets through in seconds. */
export interface TinyOptions {
  epochs?: string;
  trainSize?: string;
  batchSize?: string;
  backend?: 'auto' | 'webgl' | 'wasm' | 'cpu';
}

/** Fills a training cell's form; the defaults are one epoch of 64 examples on WASM. */
export async function tinyOptions(c: Locator, { epochs = '1', trainSize = '64', batchSize = '32', backend = 'wasm' }: TinyOptions = {}): Promise<void> {
  await c.locator('input[name=epochs]').fill(epochs);
  await c.locator('input[name=trainSize]').fill(trainSize);
  await c.locator('input[name=batchSize]').fill(batchSize);
  await c.locator('select[name=backend]').selectOption(backend);
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

/** Runs a cell to the end and checks it ended without an error box. */
export async function runToEnd(c: Locator, timeout = 90_000): Promise<void> {
  await startRun(c);
  await waitIdle(c, timeout);
  await expect(c.locator('.rc-error'), 'error box after the run').toHaveCount(0);
  await expect(c.locator('[data-role=status]')).toHaveText(/^(Done in|Terminé en)/);
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
