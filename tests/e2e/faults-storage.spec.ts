// Fault 6: browser storage. Damaged, incomplete or future-version runs in localStorage
// and a damaged model in IndexedDB are discarded with a notice (never a crash, never a
// chart drawn from bad data); with localStorage blocked or full, training still runs and
// says its results will not be kept.
import type { Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { cell, fillStorage, runToEnd, tinyOptions } from './helpers';

const KEY = { cnn: 'cnn-lstm-mnist:run:cnn', lstm: 'cnn-lstm-mnist:run:lstm' } as const;

/** A well-formed stored run of the current format (v 1), as the training cell writes it. */
function validEnvelope(model: 'cnn' | 'lstm', v = 1): string {
  const options = { epochs: 1, batchSize: 32, trainSize: 64, testSize: 1000, learningRate: 0.001, seed: 42 };
  const history = [{ epoch: 0, loss: 1.5, accuracy: 0.5, val_loss: 1.2, val_accuracy: 0.6, seconds: 2 }];
  const result = { model, backend: 'wasm', options, history, fitSeconds: 2, dataSeconds: 1, buildSeconds: 0.1, stopped: true, evaluation: null };
  return JSON.stringify({ v, savedAt: '2025-01-01T00:00:00.000Z', result });
}

/** Writes raw localStorage entries from a page of the site, then opens the interpretation page. */
async function seedAndOpenInterpretation(page: Page, entries: Record<string, string>) {
  await visit(page, 'en/');
  await page.evaluate((e) => Object.entries(e).forEach(([k, v]) => localStorage.setItem(k, v)), entries);
  await visit(page, 'en/interpretation/');
  const compare = cell(page, 'compare');
  await compare.scrollIntoViewIfNeeded(); // it draws itself once scrolled to
  await expect(compare.locator('[data-role=output] figure').first()).toBeVisible({ timeout: 30_000 });
  return compare;
}

const readKeys = (page: Page) => page.evaluate((k) => [localStorage.getItem(k.cnn), localStorage.getItem(k.lstm)], KEY);

test('truncated and incomplete stored runs are deleted with a notice; the published figures still show', async ({ page }) => {
  const compare = await seedAndOpenInterpretation(page, {
    [KEY.cnn]: validEnvelope('cnn').slice(0, 150), // cut in the middle, as by a crash while writing
    [KEY.lstm]: JSON.stringify({ v: 1, savedAt: '2025-01-01T00:00:00.000Z', result: { model: 'lstm', backend: 'wasm' } }),
  });
  await expect(compare.locator('.rc-notice')).toHaveText([
    'Your last saved result for the CNN could not be read: it was deleted.',
    'Your last saved result for the LSTM was incomplete: it was deleted.',
  ]);
  await expect(compare.locator('[data-role=output] figure table').first()).toContainText('99.19%');
  await expect(compare).not.toContainText('Your run:');
  expect(await readKeys(page)).toEqual([null, null]);
});

test('a run from a newer version of the site is ignored (and kept for it); garbage is deleted', async ({ page }) => {
  const future = validEnvelope('cnn', 99);
  const compare = await seedAndOpenInterpretation(page, { [KEY.cnn]: future, [KEY.lstm]: '\u0000\u0001 not JSON \uFFFD' });
  await expect(compare.locator('.rc-notice')).toHaveText([
    'Your last result for the CNN comes from a newer version of the site: it is ignored here.',
    'Your last saved result for the LSTM could not be read: it was deleted.',
  ]);
  await expect(compare).not.toContainText('Your run:');
  expect(await readKeys(page)).toEqual([future, null]);
});

test('with localStorage blocked (SecurityError), the CNN still trains and says results will not be kept', async ({ page }) => {
  await page.addInitScript(() => {
    // Blocked once the page has loaded: Starlight's own theme script reads localStorage
    // without a try/catch, while the course's code only touches it when a cell runs.
    const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
    let blocked = false;
    addEventListener('load', () => (blocked = true));
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        if (blocked) throw new DOMException('Access is denied for this document.', 'SecurityError');
        return own?.get?.call(window);
      },
    });
  });
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  await tinyOptions(c);
  await runToEnd(c);
  await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
  await expect(c.locator('.rc-notice')).toHaveText('Browser storage is unavailable (private browsing or blocked cookies): your results will not be kept.');
});

test('with localStorage full (QuotaExceededError), the LSTM still trains and says results will not be kept', async ({ page }) => {
  await fillStorage(page);
  await visit(page, 'en/lstm/');
  const c = cell(page, 'train-lstm');
  await tinyOptions(c);
  await runToEnd(c);
  await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
  await expect(c.locator('.rc-notice')).toHaveText('Browser storage is full: your results will not be kept.');
});

test('a damaged model in IndexedDB is deleted with a notice, and a new training is offered', async ({ page }) => {
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  await tinyOptions(c);
  await runToEnd(c); // saves the trained CNN in IndexedDB (TF.js's 'tensorflowjs' database)
  // Truncate the stored weights, as a failed write or a disk error would.
  const before = await page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('models_store', 'readwrite');
      const store = tx.objectStore('models_store');
      const get = store.get('mnist-cnn');
      get.onsuccess = () => {
        const entry = get.result as { modelArtifacts: { weightData: ArrayBuffer | ArrayBuffer[] } };
        const data = entry.modelArtifacts.weightData;
        const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
        entry.modelArtifacts.weightData = new ArrayBuffer(100);
        store.put(entry);
        tx.oncomplete = () => resolve(bytes);
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
  expect(before, 'bytes of the CNN weights before the damage').toBeGreaterThan(1_000_000);

  await visit(page, 'en/discussion/');
  const pad = page.locator('draw-digit');
  await pad.locator('[data-role=random]').click();
  await expect(pad.locator('[data-role=probs-cnn-mine]')).toHaveText('The CNN saved in this browser could not be read: it was deleted. Train it again.', { timeout: 90_000 });
  await expect(pad.locator('[data-role=probs-lstm-mine]')).toHaveText('No trained LSTM in this browser yet.');
  await expect(pad.locator('[data-role=quick-train]')).toBeVisible();
  const left = await page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const count = open.result.transaction('models_store').objectStore('models_store').count('mnist-cnn');
      count.onsuccess = () => resolve(count.result);
    };
  }));
  expect(left, 'damaged CNN entries left in IndexedDB').toBe(0);
});
