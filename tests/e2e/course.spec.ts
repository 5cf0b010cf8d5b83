// The course's interactive cells on the built site: Jupyter-like "Run" cells, the
// options form, live training, the interpretation charts from stored runs, the LSTM
// row-by-row view and the draw-a-digit pad. Cells are found by their data-kind.
import { expect, test, visit } from './fixtures';
import { cell, fillStorage, runCell, runToEnd, startRun, storedRun, tinyOptions } from './helpers';

/** The course's tiny run: 256 examples, i.e. 8 batches of 32 (the log check below counts them). */
const TINY = { trainSize: '256' } as const;

test.describe('preprocessing cells', () => {
  test('load nothing heavy before Run, then show real data, shapes and one-hot rows (fr)', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await visit(page, 'pretraitement/');
    expect(requests.filter((p) => p.includes('/data/mnist/')), 'no MNIST download before Run').toEqual([]);
    await expect(cell(page, 'mnist-load').locator('[data-role=prompt-in]')).toHaveText('Entrée [ ]\u202f:');

    await runCell(cell(page, 'mnist-load'));
    const load = cell(page, 'mnist-load').locator('[data-role=output]');
    await expect(load).toContainText('x_train: (60000, 28, 28) uint8');
    await expect(load).toContainText('x_test:  (10000, 28, 28) uint8');
    await expect(load.locator('table tbody tr')).toHaveCount(10);
    await expect(cell(page, 'mnist-load').locator('[data-role=prompt-in]')).toHaveText(/^Entrée \[\d+\]\u202f:$/);

    await runCell(cell(page, 'mnist-samples'));
    await expect(cell(page, 'mnist-samples').locator('.rc-digits li svg[role=img]')).toHaveCount(24);
    // The first MNIST training labels are well known.
    await expect(cell(page, 'mnist-samples').locator('.rc-digits li svg').first()).toHaveAttribute('aria-label', /5$/);

    await runCell(cell(page, 'pixel-histogram'));
    await expect(cell(page, 'pixel-histogram').locator('[data-role=output] figure.rc-figure')).toHaveCount(2);
    await expect(cell(page, 'pixel-histogram').locator('[data-role=output] figure svg').first()).toBeVisible();
    await expect(cell(page, 'pixel-histogram').locator('[data-role=output]')).toContainText('max 1,000');

    await runCell(cell(page, 'tensor-shapes'));
    const shapes = cell(page, 'tensor-shapes').locator('[data-role=output]');
    await expect(shapes).toContainText('(10000, 28, 28, 1) float32');
    await expect(shapes).toContainText('(10000, 28, 28) float32');
    await expect(shapes).toContainText('(10000, 10) float32');

    await runCell(cell(page, 'one-hot'));
    const hot = cell(page, 'one-hot').locator('tbody tr').first();
    await expect(hot.locator('th')).toHaveText('5');
    await expect(hot.locator('td.is-hot')).toHaveCount(1);
    await expect(hot.locator('td').nth(5)).toHaveText('1');
  });

  test('Shift+Enter runs the focused cell, in English', async ({ page }) => {
    await visit(page, 'en/pretraitement/');
    await cell(page, 'one-hot').locator('[data-role=run]').focus();
    await page.keyboard.press('Shift+Enter');
    await expect(cell(page, 'one-hot').locator('[data-role=status]')).toHaveText(/^Done in/, { timeout: 30_000 });
    await expect(cell(page, 'one-hot').locator('[data-role=prompt-out]')).toHaveText(/^Out \[\d+\]:$/);
  });
});

test.describe('model summaries', () => {
  for (const [path, kind, total] of [['cnn/', 'summary-cnn', '1 011 466'], ['lstm/', 'summary-lstm', '81 674']] as const) {
    test(`${kind} prints the real model's layers and parameter count`, async ({ page }) => {
      await visit(page, path);
      await runCell(cell(page, kind));
      const out = cell(page, kind).locator('[data-role=output]');
      await expect(out.locator('tbody tr').first()).toBeVisible();
      // French groups thousands with a narrow no-break space.
      expect((await out.innerText()).replace(/[\u202f\u00a0]/g, ' ')).toContain(`Paramètres au total : ${total}`);
      await expect(out).toContainText('Même nombre de paramètres que le modèle Keras du notebook');
    });
  }
});

test.describe('training options', () => {
  test('invalid options are shown next to the field and nothing starts', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await visit(page, 'en/cnn/');
    const c = cell(page, 'train-cnn');
    await c.locator('input[name=epochs]').fill('0');
    await c.locator('input[name=trainSize]').fill('lots');
    await c.locator('[data-role=run]').click();
    const epochs = c.locator('input[name=epochs]');
    await expect(epochs).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator(`#${await epochs.getAttribute('aria-describedby')}`)).toHaveText('At least 1.');
    await expect(c.locator('input[name=trainSize]')).toHaveAttribute('aria-invalid', 'true');
    await expect(c.locator('[data-role=status]')).toContainText('nothing was started');
    await expect(c).not.toHaveAttribute('data-running', '');
    expect(requests.filter((p) => p.includes('/data/mnist/') || /worker/i.test(p))).toEqual([]);
    // Presets fill valid values back in.
    await c.locator('button[data-preset=quick]').click();
    await expect(epochs).toHaveValue('1');
    await expect(epochs).not.toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('training cells', () => {
  test('a tiny CNN run on WASM prints Keras-like epochs, sits beside the references, and is kept', async ({ page }) => {
    await visit(page, 'cnn/');
    const c = cell(page, 'train-cnn');
    await tinyOptions(c, TINY);
    await runToEnd(c, 110_000);
    const out = c.locator('[data-role=output]');
    await expect(out).toContainText('Entraînement sur le backend TF.js «\u202fWASM, 1 thread\u202f»');
    await expect(out.locator('pre.rc-log')).toContainText(/Epoch 1\/1\n8\/8 - \d+s - \d+ms\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}/);
    await expect(out.locator('.rc-final')).toContainText('Précision sur le jeu de test');
    const results = out.locator('table.rc-results tbody tr');
    await expect(results).toHaveCount(4); // your run, reference (or its absence), Keras on the same machine, notebook
    await expect(results.nth(2)).toContainText('Keras, même machine');
    await expect(results.first()).toContainText('Votre exécution\u202f: ce navigateur, TF.js wasm, 1 epoch(s), 256 exemples');
    await expect(results.last()).toContainText('99,19');
    await expect(out).toContainText('Résultat conservé dans ce navigateur');
    const stored = await storedRun(page, 'cnn');
    expect(stored).toMatchObject({ v: 1, result: { model: 'cnn', backend: 'wasm', stopped: false } });

    // The interpretation page draws that run beside the notebook (and reference) figures.
    await visit(page, 'interpretation/');
    const compare = cell(page, 'compare');
    // It draws itself once scrolled to (the page's goals come first).
    await compare.scrollIntoViewIfNeeded();
    await expect(compare.locator('[data-role=output] figure').first()).toBeVisible({ timeout: 30_000 });
    await expect(compare).toContainText('CNN — Votre exécution\u202f: ce navigateur, TF.js wasm');
    await expect(compare.locator('[data-role=output] figure table').first()).toContainText('99,19');
    // Cells below the fold run when they come into view.
    await cell(page, 'confusion').scrollIntoViewIfNeeded();
    await expect(cell(page, 'confusion').locator('[data-role=output] figure svg').first()).toBeVisible({ timeout: 30_000 });
    // The gallery needs the test images: it waits for a Run (reading the page downloads no data).
    await runCell(cell(page, 'misclassified'));
    await expect(cell(page, 'misclassified').locator('.rc-errors li svg[role=img]').first()).toBeVisible();
  });

  test('Stop ends a training, says so, and Run works again', async ({ page }) => {
    await visit(page, 'en/lstm/');
    const c = cell(page, 'train-lstm');
    await tinyOptions(c, { epochs: '3', trainSize: '3000' });
    await startRun(c);
    await expect(c.locator('[data-role=run-text]')).toHaveText('Stop');
    await expect(c.locator('[data-role=progress-text]')).toContainText('Epoch 1/3 · batch', { timeout: 60_000 });
    await c.locator('[data-role=run]').click();
    await expect(c.locator('[data-role=status]')).toHaveText('Stopped, as you asked.', { timeout: 30_000 });
    await expect(c.locator('[data-role=run-text]')).toHaveText('Run');
    await expect(c.locator('[data-role=run]')).toBeEnabled();
    await expect(c.locator('.rc-error')).toHaveCount(0);
  });

  test('with browser storage full, the run still completes and says it will not be kept', async ({ page }) => {
    await fillStorage(page);
    await visit(page, 'en/cnn/');
    const c = cell(page, 'train-cnn');
    await tinyOptions(c, TINY);
    await runToEnd(c, 110_000);
    const out = c.locator('[data-role=output]');
    await expect(out.locator('.rc-final')).toContainText('Test-set accuracy');
    await expect(out.locator('.rc-notice')).toHaveText('Browser storage is full: your results will not be kept.');
  });
});

test.describe('interpretation and discussion', () => {
  test('a damaged stored run is discarded with a notice; the published figures still show', async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('cnn-lstm-mnist:run:lstm', '{"v":1,"savedAt":"2025-01-01T00:00:00Z","result":{"model":"lstm"');
        sessionStorage.setItem('seeded', '1');
      }
    });
    await visit(page, 'en/interpretation/');
    const compare = cell(page, 'compare');
    await compare.scrollIntoViewIfNeeded();
    await expect(compare.locator('.rc-notice')).toHaveText('Your last saved result for the LSTM could not be read: it was deleted.', { timeout: 30_000 });
    await expect(compare.locator('[data-role=output] figure table').first()).toContainText('98.55%');
    expect(await page.evaluate(() => localStorage.getItem('cnn-lstm-mnist:run:lstm'))).toBeNull();
  });

  test('the LSTM view steps through the rows with buttons and the slider', async ({ page }) => {
    await visit(page, 'en/lstm/');
    const rows = page.locator('lstm-rows');
    await rows.scrollIntoViewIfNeeded();
    await expect(rows.locator('[data-role=step]')).toBeEnabled({ timeout: 30_000 });
    await rows.locator('[data-role=step]').click();
    await expect(rows.locator('[data-role=live]')).toHaveText(/^t = 1: the LSTM receives row 1/);
    const slider = rows.locator('[data-role=slider]');
    await slider.focus();
    await page.keyboard.press('End');
    await expect(slider).toHaveAttribute('aria-valuetext', 'Row 28 of 28');
    await expect(rows.locator('[data-role=status]')).toContainText('All 28 rows are read');
  });

  test('without trained models the draw pad offers a quick training', async ({ page }) => {
    await visit(page, 'en/discussion/');
    const pad = page.locator('draw-digit');
    await pad.locator('[data-role=random]').click();
    await expect(pad.locator('[data-role=status]')).toContainText(/Test digit #\d+; its true label is \d/, { timeout: 60_000 });
    await expect(pad.locator('[data-role=probs-cnn-mine]')).toHaveText('No trained CNN in this browser yet.');
    await expect(pad.locator('[data-role=quick-train]')).toBeVisible();
  });

  test('both models trained here read a test digit, probabilities side by side', async ({ page }) => {
    for (const [path, kind] of [['en/cnn/', 'train-cnn'], ['en/lstm/', 'train-lstm']] as const) {
      await visit(page, path);
      await tinyOptions(cell(page, kind), TINY);
      await runToEnd(cell(page, kind), 110_000);
    }
    await visit(page, 'en/discussion/');
    const pad = page.locator('draw-digit');
    await pad.locator('[data-role=random]').click();
    for (const model of ['cnn', 'lstm']) {
      const probs = pad.locator(`[data-role=probs-${model}-mine]`);
      await expect(probs.locator('.dd-top')).toContainText(/it is a \d \(\d+(\.\d)?%\)/, { timeout: 60_000 });
      await expect(probs.locator('li')).toHaveCount(10);
      await expect(probs.locator('li.is-top')).toHaveCount(1);
    }
    await expect(pad.locator('[data-role=preview] svg[role=img]')).toBeVisible();
    await expect(pad.locator('[data-role=train]')).toBeHidden();
  });
});
