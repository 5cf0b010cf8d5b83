// Fault 4: concurrency. One training at a time per page (the client's page-wide lock,
// src/lib/train/client.ts); each tab has its own worker, so two tabs train side by side.
// Whatever the clicks, no cell may be left stuck and no training may run twice.
import type { Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { BUSY_EN, cell, runToEnd, startRun, storedRun, tinyOptions, trainingWorkers, twoTrainingCells, waitDone, waitIdle } from './helpers';

/** Counts the 'train' requests the page sends to its workers (installed before any page script). */
async function countTrainRequests(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __trainRequests: number };
    w.__trainRequests = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      if ((message as { type?: unknown } | null)?.type === 'train') w.__trainRequests++;
      return post.call(this, message, ...rest);
    } as typeof post;
  });
  return () => page.evaluate(() => (window as unknown as { __trainRequests: number }).__trainRequests);
}

test('Run pressed twice quickly starts one training, which completes', async ({ page }) => {
  const trainRequests = await countTrainRequests(page);
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  await tinyOptions(c);
  // A double click, as students often do: the second click must not stop the first run.
  await c.locator('[data-role=run]').dblclick();
  await waitDone(c);
  await expect(c.locator('.rc-final')).toHaveCount(1);
  expect(await trainRequests()).toBe(1);
  expect(trainingWorkers(page)).toHaveLength(1);
});

test('two training cells on one page: the second is told to wait, the first completes, then the second runs', async ({ page }) => {
  const trainRequests = await countTrainRequests(page);
  // The lock is page-wide: a copy of the CNN cell, turned into an LSTM cell, stands for a second one.
  const { a, b } = await twoTrainingCells(page);
  await tinyOptions(a, { trainSize: '256' });
  await tinyOptions(b);

  await startRun(a);
  await b.locator('[data-role=run]').click();
  await waitIdle(b, 10_000);
  await expect(b.locator('.rc-error p')).toHaveText(BUSY_EN);
  await expect(a, 'the first cell is still training').toHaveAttribute('data-running', '');
  await waitDone(a);
  await expect(a.locator('.rc-final')).toContainText('Test-set accuracy');

  await runToEnd(b);
  await expect(b.locator('.rc-final')).toContainText('Test-set accuracy');
  // The refused click never reached the worker.
  expect(await trainRequests()).toBe(2);
});

test('two tabs train at the same time, each in its own worker, and both finish', async ({ context }) => {
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) {
    await visit(tab, 'en/cnn/');
    await tinyOptions(cell(tab, 'train-cnn'), { trainSize: '128' });
  }
  for (const tab of tabs) await startRun(cell(tab, 'train-cnn'));
  // Both are running at once: neither waits for the other.
  for (const tab of tabs) await expect(cell(tab, 'train-cnn')).toHaveAttribute('data-running', '');
  for (const tab of tabs) {
    const c = cell(tab, 'train-cnn');
    await waitDone(c);
    await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
    expect(trainingWorkers(tab)).toHaveLength(1);
    await expect(c.locator('[data-role=run]')).toBeEnabled();
  }
  // One stored run (same model, same origin): a complete one, whichever tab wrote it last.
  const stored = await storedRun(tabs[0]!, 'cnn');
  expect(stored).toMatchObject({ v: 1, result: { model: 'cnn', backend: 'wasm', stopped: false, options: { trainSize: 128 } } });
});
