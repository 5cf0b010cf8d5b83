// With service workers blocked (a Firefox private window, a browser setting), the site works as it
// did before it had one: no reload, not cross-origin isolated, WASM on one thread, and the run line
// says why. The rest of the suite runs this way too (playwright.config.ts blocks them by default).
import { expect, test } from './fixtures';
import { cell, runToEnd, tinyOptions } from './helpers';

test.use({ serviceWorkers: 'block' });

test('with service workers blocked, a page never reloads and WASM trains on one thread, saying why', async ({ page }) => {
  test.setTimeout(120_000);
  let documents = 0;
  page.on('request', (r) => { if (r.isNavigationRequest()) documents += 1; });
  await page.goto('en/cnn/');
  await page.waitForLoadState('load');
  await page.waitForTimeout(1_500);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const c = cell(page, 'train-cnn');
  await tinyOptions(c, { backend: 'wasm' });
  await runToEnd(c);
  const out = c.locator('[data-role=out]');
  await expect(out).toContainText('“WASM, 1 thread”');
  await expect(out).toContainText('the site’s service worker does not control this page');
  expect(documents, 'one load, no reload').toBe(1);
});
