// Checks the browser set-up itself, so a training test that fails for lack of WebGL
// (or a fallback test that accidentally has it) points at the configuration, not the app.
import type { Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';

/** Which WebGL versions the page can create a context for. */
async function webglSupport(page: Page) {
  return page.evaluate(() => {
    const has = (kind: 'webgl' | 'webgl2') => document.createElement('canvas').getContext(kind) !== null;
    return { webgl: has('webgl'), webgl2: has('webgl2') };
  });
}

test('software WebGL 2 is available to the pages', async ({ page }) => {
  await visit(page, '');
  expect(await webglSupport(page)).toEqual({ webgl: true, webgl2: true });
});

test('WebGL is unavailable in the no-WebGL browser @nowebgl', async ({ page }) => {
  await visit(page, '');
  expect(await webglSupport(page)).toEqual({ webgl: false, webgl2: false });
});
