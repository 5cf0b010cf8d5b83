// A threaded WASM backend that cannot start falls back to the single-threaded one and says why
// (select.ts). Made to fail for real: the page is cross-origin isolated (headers added here, service
// workers blocked), but the training worker's CSP forbids the blob: workers TF.js's threaded build
// starts its helper threads from. It waits for them until select.ts's deadline (THREADED_START_MS).
import { ISOLATION_HEADERS, WORKER_CSP } from '../../src/lib/offline/headers';
import { expect, test } from './fixtures';
import { cell, runToEnd, tinyOptions } from './helpers';

test.use({ serviceWorkers: 'block' });

test('when the threaded WASM build cannot start its threads, training falls back to one thread and says why', async ({ page }) => {
  test.setTimeout(120_000);
  await page.route((url) => url.pathname.endsWith('/en/cnn/'), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), ...ISOLATION_HEADERS } });
  });
  await page.route(/\/_astro\/worker-[^/]+\.js$/, async (route) => {
    const response = await route.fetch();
    // The site's own worker policy, minus blob: (the one exception it makes for TF.js's helper threads).
    const csp = WORKER_CSP.replaceAll(' blob:', '');
    await route.fulfill({ response, headers: { ...response.headers(), ...ISOLATION_HEADERS, 'content-security-policy': csp } });
  });
  await page.goto('en/cnn/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const c = cell(page, 'train-cnn');
  await tinyOptions(c, { backend: 'wasm' });
  await runToEnd(c);
  const out = c.locator('[data-role=out]');
  await expect(out).toContainText('“WASM, 1 thread”');
  await expect(out).toContainText('the multi-threaded WebAssembly build could not start here');
});
