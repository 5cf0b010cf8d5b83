// The cells' own behaviours: Enter in an option field runs the cell exactly as Run does
// (validation, one training per page), the learning rate and seed typed reach the training,
// and a model IndexedDB refuses to keep is said so.
// Tiny runs only (64 to 256 examples on WASM): these check the cells, not the models.
import { expect, test, visit } from './fixtures';
import { BUSY_EN, cell, runToEnd, startRun, storedRun, tinyOptions, twoTrainingCells, waitDone, waitIdle } from './helpers';

test('Enter in an option field runs the cell as Run does: refused while invalid, told to wait while another trains, then trains', async ({ page }) => {
  const { a, b } = await twoTrainingCells(page);
  await tinyOptions(a, { trainSize: '256' });
  await tinyOptions(b, { epochs: '0' });

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
  await expect(b.locator('.rc-error p')).toHaveText(BUSY_EN);
  await expect(epochs).not.toHaveAttribute('aria-invalid', 'true');
  await expect(a, 'the first cell is still training').toHaveAttribute('data-running', '');
  await waitIdle(a);
  await expect(a.locator('.rc-final')).toContainText('Test-set accuracy');

  await b.locator('input[name=trainSize]').press('Enter');
  await expect(b).toHaveAttribute('data-running', '', { timeout: 5_000 });
  await waitDone(b);
  await expect(b.locator('.rc-final')).toContainText('Test-set accuracy');
  expect(page.url()).toMatch(/\/en\/cnn\/$/);
});

test('the learning rate and the seed typed in the form reach the training: the worker\'s result records them', async ({ page }) => {
  await visit(page, 'cnn/'); // French: the form shows, and reads, a decimal comma
  const c = cell(page, 'train-cnn');
  await tinyOptions(c);
  await expect(c.locator('input[name=learningRate]')).toHaveValue('0,001');
  await c.locator('input[name=learningRate]').fill('0,005');
  await c.locator('input[name=seed]').fill('7');
  await c.locator('input[name=seed]').press('Enter');
  await expect(c).toHaveAttribute('data-running', '', { timeout: 5_000 });
  await waitDone(c);
  // The kept run is the worker's TrainResult: its options are those the worker validated and trained with.
  const kept = await storedRun(page, 'cnn');
  expect(kept?.result.options).toEqual({ epochs: 1, trainSize: 64, batchSize: 32, testSize: 1000, learningRate: 0.005, seed: 7 });
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
  await tinyOptions(c);
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
