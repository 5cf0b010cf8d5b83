// @ts-check
// Retakes the README screenshot from the production build:
//   npm run test:build && node scripts/screenshot.mjs [--page cnn/] [--at 'css selector'] [--out docs/screenshot.png]
// Serves dist-test like GitHub Pages (scripts/serve.mjs) and captures one section page;
// --at scrolls the first element matching the selector (e.g. a run cell) to the top first.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import { findBrowser, missingBrowserMessage } from './find-browser.mjs';
import { createStaticServer } from './serve.mjs';

const BASE = '/cnn-lstm-mnist/';
const args = process.argv.slice(2);
/** @param {string} name @param {string} fallback @returns {string} */
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return (i >= 0 ? args[i + 1] : undefined) ?? fallback;
};
const pagePath = option('--page', 'cnn/');
const out = option('--out', 'docs/screenshot.png');
const root = option('--root', 'dist-test');
const at = option('--at', '');

if (!existsSync(`${root}/index.html`)) {
  console.error(`screenshot: ${root}/ is missing. Build it first with:  npm run test:build`);
  process.exit(1);
}
const executablePath = findBrowser();
if (!executablePath) {
  console.error(`screenshot: ${missingBrowserMessage()}`);
  process.exit(1);
}

const server = createStaticServer({ root, base: BASE });
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const port = address && typeof address === 'object' ? address.port : 0;

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  // Service workers blocked: a first visit reloads once to come under the site's, which would undo the scroll to --at.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', serviceWorkers: 'block' });
  const url = `http://127.0.0.1:${port}${BASE}${pagePath}`;
  const response = await page.goto(url);
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
  await page.waitForLoadState('networkidle');
  if (at) {
    // Leave the sticky header (64px) and a little air above the element.
    await page
      .locator(at)
      .first()
      .evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 88), undefined, { timeout: 5_000 });
  }
  // Cells that draw themselves when scrolled into view (and charts drawn once visible) get
  // the time to finish: a screenshot of a half-drawn page would misrepresent it.
  await page.waitForFunction(() => document.querySelectorAll('run-cell[data-running]').length === 0, undefined, { timeout: 60_000 });
  await page.waitForTimeout(1_000);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot: ${url} -> ${out}`);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
