// Fault 2 on WebGPU: the GPU device is lost in the middle of a training (a GPU reset, a
// driver crash). TF.js trains in a worker, so the device is taken away there, with the
// real GPUDevice.destroy(): the worker must report 'context-lost' as it does for a lost
// WebGL context (faults-context-lost.spec.ts), the cell must say so in plain words, the
// page must stay usable, and Run again must work (a fresh worker, a fresh device).
import { expect, test, visit } from './fixtures';
import { cell, clearFault, runToEnd, setFault, smallTestSet, startRun, storedRun, tinyOptions, trainingWorkers, waitIdle } from './helpers';

test('a WebGPU device lost during training is explained, and Run again works @webgpu', async ({ page, context, baseURL, problems }) => {
  test.setTimeout(180_000);
  // Dawn reports the work sent to the destroyed device: provoked on purpose.
  problems.allow(/destroyed|device (was |is )?lost|DeviceLost|Instance dropped/i);
  // Holding the manifest back leaves time to instrument the worker before TF.js asks for
  // its device (the data are loaded before the backend starts).
  await setFault(context, baseURL, 'delay=2500@manifest.json');
  // Software WebGPU is slow: Run again evaluates 64 test images, not 1,000 (see smallTestSet).
  await smallTestSet(page, 64);
  await visit(page, 'en/lstm/');
  const c = cell(page, 'train-lstm');
  await tinyOptions(c, { trainSize: '640', backend: 'webgpu' });
  const workerStarted = page.waitForEvent('worker');
  await startRun(c);
  const worker = await workerStarted;
  // Keeps every device the worker's adapters hand out, so the test can destroy them.
  // (WebGPU's types are not in this project's tsconfig: the shapes used are spelled out.)
  await worker.evaluate(() => {
    type RequestDevice = (...args: unknown[]) => Promise<{ destroy(): void }>;
    const adapter = (globalThis as unknown as { GPUAdapter: { prototype: { requestDevice: RequestDevice } } }).GPUAdapter.prototype;
    const devices: { destroy(): void }[] = [];
    (globalThis as { __devices?: unknown }).__devices = devices;
    const requestDevice = adapter.requestDevice;
    adapter.requestDevice = async function (this: unknown, ...args: unknown[]) {
      const device = await requestDevice.apply(this, args);
      devices.push(device);
      return device;
    };
  });
  await expect(c.locator('[data-role=progress-text]')).toContainText('Epoch 1/1 · batch', { timeout: 90_000 });
  await expect(c.locator('[data-role=output] p.rc-source').first()).toHaveText('Training on the TF.js “WebGPU” backend.');
  const destroyed = await worker.evaluate(() => {
    const devices = (globalThis as { __devices?: { destroy(): void }[] }).__devices ?? [];
    for (const device of devices) device.destroy();
    return devices.length;
  });
  expect(destroyed, 'WebGPU devices destroyed on purpose').toBeGreaterThan(0);

  await waitIdle(c, 30_000);
  const error = c.locator('.rc-error');
  await expect(error).toHaveAttribute('role', 'alert');
  // The same code, so the same words as for WebGL (the message names WebGL: see the report).
  await expect(error.locator('p')).toHaveText(/^The graphics card interrupted the computation/);
  await expect(c.locator('.rc-final')).toHaveCount(0);
  expect(await storedRun(page, 'lstm')).toBeNull();
  // The dead worker was ended.
  await expect.poll(() => trainingWorkers(page).length, { message: 'training workers left' }).toBe(0);
  await expect(c.locator('[data-role=run-text]')).toHaveText('Run');
  await expect(c.locator('[data-role=run]')).toBeEnabled();

  // Run again, on WebGPU: the new worker gets a new device and trains to the end.
  await clearFault(context);
  await tinyOptions(c, { trainSize: '32', batchSize: '16', backend: 'webgpu' });
  await runToEnd(c, 120_000);
  await expect(c.locator('[data-role=output] p.rc-source').first()).toHaveText('Training on the TF.js “WebGPU” backend.');
  await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
});
