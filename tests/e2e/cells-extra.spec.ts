// The cells' own behaviours: Enter in an option field runs the cell exactly as Run does
// (validation, one training per page), and a model IndexedDB refuses to keep is said so.
// Tiny runs only (64 to 256 examples on WASM): these check the cells, not the models.
import type { Locator, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { cell, runToEnd, startRun, waitIdle } from './helpers';

/** Fills a training cell's form (one epoch on WASM by default) without running it. */
async function fill(c: Locator, values: { epochs?: string; trainSize?: string; batchSize?: string } = {}): Promise<void> {
  const { epochs = '1', trainSize = '64', batchSize = '32' } = values;
  await c.locator('input[name=epochs]').fill(epochs);
  await c.locator('input[name=trainSize]').fill(trainSize);
  await c.locator('input[name=batchSize]').fill(batchSize);
  await c.locator('select[name=backend]').selectOption('wasm');
}

/** Adds a second training cell (an LSTM copy of the CNN cell, with its own ids) after the first. */
async function addLstmCell(page: Page): Promise<void> {
  await page.evaluate(() => {
    const first = document.querySelector('run-cell[data-kind="train-cnn"]');
    if (!first) throw new Error('no train-cnn cell');
    const template = document.createElement('template');
    template.innerHTML = first.outerHTML.replaceAll('cell-train-cnn', 'cell-train-lstm-extra').replace('data-kind="train-cnn"', 'data-kind="train-lstm"');
    first.after(template.content);
  });
}

test('Enter in an option field runs the cell as Run does: refused while invalid, told to wait while another trains, then trains', async ({ page }) => {
  await visit(page, 'en/cnn/');
  await addLstmCell(page);
  const a = cell(page, 'train-cnn');
  const b = cell(page, 'train-lstm');
  await expect(b.locator('[data-role=run]')).toBeEnabled();
  await fill(a, { trainSize: '256' });
  await fill(b, { epochs: '0' });

  const epochs = b.locator('input[name=epochs]');
  await epochs.press('Enter');
  await expect(epochs).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`[id="${await epochs.getAttribute('aria-describedby')}"]`)).toHaveText('At least 1.');
  await expect(b.locator('[data-role=status]')).toContainText('nothing was started');
  await expect(b).not.toHaveAttribute('data-running', '');
  await expect(b.locator('[data-role=out]')).toBeHidden();
  expect(page.url(), 'Enter did not submit the form as a navigation').toMatch(/\/en\/cnn\/$/);

  await startRun(a);
  await epochs.fill('1');
  await epochs.press('Enter');
  await waitIdle(b, 10_000);
  await expect(b.locator('.rc-error p')).toHaveText(
    'Another training is already running on this page: one at a time, so your device is not overwhelmed. Wait for it to finish or stop it, then run this cell again.',
  );
  await expect(epochs).not.toHaveAttribute('aria-invalid', 'true');
  await expect(a, 'the first cell is still training').toHaveAttribute('data-running', '');
  await waitIdle(a);
  await expect(a.locator('.rc-final')).toContainText('Test-set accuracy');

  await b.locator('input[name=trainSize]').press('Enter');
  await expect(b).toHaveAttribute('data-running', '', { timeout: 5_000 });
  await waitIdle(b);
  await expect(b.locator('.rc-error')).toHaveCount(0);
  await expect(b.locator('[data-role=status]')).toHaveText(/^Done in/);
  await expect(b.locator('.rc-final')).toContainText('Test-set accuracy');
  expect(page.url()).toMatch(/\/en\/cnn\/$/);
});

test('when IndexedDB refuses the trained model, the cell says it was trained but not kept, with the reason', async ({ page }) => {
  await visit(page, 'en/cnn/');
  // TF.js opens its 'tensorflowjs' database at version 1: one already at version 2 makes
  // every save fail with the browser's VersionError, a real refusal from IndexedDB.
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs', 2);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => (open.result.close(), resolve());
  }));
  const c = cell(page, 'train-cnn');
  await fill(c);
  await runToEnd(c);
  await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
  const notice = c.locator('.rc-notice');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('The CNN was trained, but this browser refused to keep it, so the “Draw a digit” cell (Discussion page) will not find it');
  const reason = ((await notice.textContent()) ?? '').split('The browser’s reason: ')[1] ?? '';
  expect(reason, 'the browser’s own words').toMatch(/version/i);
  // The figures were still kept (localStorage); only the model was refused.
  await expect(c).toContainText('Result kept in this browser');
  const stores = await page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const names = [...open.result.objectStoreNames];
      open.result.close();
      resolve(names);
    };
  }));
  expect(stores, 'nothing was written to the refused database').toEqual([]);
});
