// Fault 5: the student leaves a page in the middle of a training and comes back. No
// worker may keep computing behind their back (src/lib/train/client.ts ends it on
// 'pagehide'), and the results of runs that did finish stay stored and shown.
//
// Playwright turns Chromium's back/forward cache off by default; it is on here, because
// that is where a forgotten worker would survive: without the cache, unloading the
// document ends its workers anyway, and the test could not tell.
import { expect, test as base, visit } from './fixtures';
import { cell, runToEnd, startRun, storedRun, tinyOptions, trainingWorkers } from './helpers';

const test = base.extend<object, object>({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({ ...launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
    },
    { scope: 'worker' },
  ],
});

test('leaving mid-training ends the worker; the finished run is still shown, and coming back is clean', async ({ page }) => {
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  // A finished run, stored.
  await tinyOptions(c);
  await runToEnd(c);
  // A long one, left in the middle.
  await tinyOptions(c, { epochs: '5', trainSize: '6000' });
  await startRun(c);
  await expect(c.locator('[data-role=progress-text]')).toContainText('Epoch 1/5 · batch', { timeout: 60_000 });
  const [worker] = trainingWorkers(page);
  if (!worker) throw new Error('no training worker');
  const closed = worker.waitForEvent('close', { timeout: 15_000 });
  await page.evaluate(() => {
    // Tells whether the page comes back from the back/forward cache (the case under test).
    addEventListener('pageshow', (e) => ((window as { __restored?: boolean }).__restored = e.persisted));
  });

  await visit(page, 'en/interpretation/');
  await closed; // the worker was terminated, not merely paused with the page
  const compare = cell(page, 'compare');
  await compare.scrollIntoViewIfNeeded(); // it draws itself once scrolled to
  await expect(compare.locator('[data-role=output] figure').first()).toBeVisible({ timeout: 30_000 });
  await expect(compare).toContainText('CNN — Your run: this browser, TF.js wasm, 1 epoch(s), 64 training examples');
  await expect(compare).not.toContainText('6,000 training examples');
  const stored = await storedRun(page, 'cnn');
  expect(stored).toMatchObject({ v: 1, result: { model: 'cnn', stopped: false, options: { trainSize: 64 } } });

  // A restored page fires no 'load': wait for the commit, then for its 'pageshow'.
  await page.goBack({ waitUntil: 'commit' });
  await expect.poll(() => page.evaluate(() => (window as { __restored?: boolean }).__restored), { message: 'page restored from the back/forward cache' }).toBe(true);
  expect(trainingWorkers(page), 'training workers after coming back').toHaveLength(0);
  await expect(c).not.toHaveAttribute('data-running', '');
  await expect(c.locator('[data-role=run-text]')).toHaveText('Run');
  await expect(c.locator('[data-role=run]')).toBeEnabled();
  // The interrupted run says why it ended, in plain words (not as an unexpected error).
  await expect(c.locator('.rc-error p')).toHaveText('The training stopped when you left the page. Run the cell again to restart it.');
  // Nothing is stuck: the cell trains again, on a new worker.
  await tinyOptions(c);
  await runToEnd(c);
  expect(trainingWorkers(page)).toHaveLength(1);
});
