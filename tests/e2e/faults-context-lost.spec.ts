// Fault 2: the WebGL context is lost in the middle of a training (a GPU reset, a driver
// crash, another tab taking the memory). TF.js trains in a worker on an OffscreenCanvas,
// so the loss is provoked there, with the real WEBGL_lose_context extension: the worker
// must report 'context-lost', the cell must say so in plain words, the page must stay
// usable, and Run again must work.
import { expect, test, visit } from './fixtures';
import { cell, clearFault, runToEnd, setFault, startRun, storedRun, tinyOptions, trainingWorkers, waitIdle } from './helpers';

test('a WebGL context lost during training is explained, and Run again works', async ({ page, context, baseURL, problems }) => {
  // Chromium logs the loss itself ("WebGL: CONTEXT_LOST_WEBGL ..."): provoked on purpose.
  problems.allow(/CONTEXT_LOST|context lost/i);
  // Holding the manifest back a little leaves time to instrument the worker before
  // TF.js creates its WebGL context (the data are loaded before the backend starts).
  await setFault(context, baseURL, 'delay=2500@manifest.json');
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  await tinyOptions(c, { trainSize: '640', backend: 'webgl' });
  const workerStarted = page.waitForEvent('worker');
  await startRun(c);
  const worker = await workerStarted;
  // Keeps every WebGL context the worker creates, so the test can lose them all.
  await worker.evaluate(() => {
    const contexts: WebGLRenderingContext[] = [];
    (globalThis as { __contexts?: unknown }).__contexts = contexts;
    const getContext = OffscreenCanvas.prototype.getContext;
    OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, ...args: Parameters<typeof getContext>) {
      const ctx = getContext.apply(this, args);
      if (ctx && 'getExtension' in ctx) contexts.push(ctx as unknown as WebGLRenderingContext);
      return ctx;
    } as typeof getContext;
  });
  await expect(c.locator('[data-role=progress-text]')).toContainText('Epoch 1/1 · batch', { timeout: 90_000 });
  await expect(c.locator('[data-role=output] p.rc-source').first()).toHaveText('Training on the TF.js “WebGL” backend.');
  const lost = await worker.evaluate(() => {
    const contexts = (globalThis as { __contexts?: WebGLRenderingContext[] }).__contexts ?? [];
    let n = 0;
    for (const gl of contexts) {
      const ext = gl.getExtension('WEBGL_lose_context');
      if (ext && !gl.isContextLost()) {
        ext.loseContext();
        n++;
      }
    }
    return n;
  });
  expect(lost, 'WebGL contexts lost on purpose').toBeGreaterThan(0);

  await waitIdle(c, 30_000);
  const error = c.locator('.rc-error');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error.locator('p')).toHaveText(
    'The graphics card interrupted the computation (WebGL context or WebGPU device lost), often for lack of memory. Run again with fewer examples or with the WASM backend.',
  );
  // No result may be shown or kept from an interrupted run.
  await expect(c.locator('.rc-final')).toHaveCount(0);
  expect(await storedRun(page, 'cnn')).toBeNull();
  // The dead worker was ended (a lost context cannot be revived in it).
  await expect.poll(() => trainingWorkers(page).length, { message: 'training workers left' }).toBe(0);

  // The page stays usable: controls are back, the main thread answers at once.
  await expect(c.locator('[data-role=run-text]')).toHaveText('Run');
  await expect(c.locator('[data-role=run]')).toBeEnabled();
  await expect(c.locator('input[name=trainSize]')).toBeEnabled();
  const t0 = Date.now();
  await page.evaluate(() => document.title);
  expect(Date.now() - t0, 'main thread response time (ms)').toBeLessThan(2_000);

  // Run again, as the message advises, on the WASM backend (a fresh worker). Software
  // WebGL would work too but needs minutes here (shader compilation, 1,000 test images).
  await clearFault(context);
  await tinyOptions(c, { trainSize: '64', backend: 'wasm' });
  await runToEnd(c);
  await expect(c.locator('[data-role=output] p.rc-source').first()).toHaveText(/^Training on the TF.js “WASM, 1 thread” backend\. One thread only: /);
  await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
});
