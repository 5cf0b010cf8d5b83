// Runs a student can hand in: a finished training downloads as JSON (the whole run, in a
// versioned file) and as CSV (its per-epoch history), and the JSON loads back into the
// interpretation page's comparison, beside the student's own run; a damaged file is refused
// with a clear message and changes nothing.
import { readFile } from 'node:fs/promises';
import { expect, test, visit } from './fixtures';
import { cell, runToEnd, storedRun, tinyOptions } from './helpers';

test('a finished run downloads as JSON and CSV, and the JSON loads back into the comparison', async ({ page }, testInfo) => {
  await visit(page, 'cnn/');
  const c = cell(page, 'train-cnn');
  await tinyOptions(c); // one epoch of 64 examples on WASM
  await runToEnd(c);
  const out = c.locator('[data-role=output]');
  await expect(out.getByRole('group', { name: 'Télécharger cette exécution' })).toBeVisible();

  // JSON: the whole run, as kept in localStorage, in a versioned envelope naming the site.
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), out.getByRole('button', { name: 'Télécharger (JSON)' }).click()]);
  expect(jsonDownload.suggestedFilename()).toMatch(/^cnn-run-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}\.json$/);
  const jsonPath = testInfo.outputPath('alice-cnn.json');
  await jsonDownload.saveAs(jsonPath);
  const jsonText = await readFile(jsonPath, 'utf8');
  const file = JSON.parse(jsonText);
  expect(file).toMatchObject({
    format: 'cnn-lstm-mnist-run', version: 1,
    site: { version: expect.stringMatching(/^\d+\.\d+\.\d+/), url: expect.stringMatching(/\/cnn-lstm-mnist\/cnn\/$/) },
    run: { model: 'cnn', backend: 'wasm', options: { epochs: 1, trainSize: 64, batchSize: 32 }, stopped: false },
  });
  expect(file.run.history).toHaveLength(1);
  expect(file.run.evaluation.confusion).toHaveLength(10);
  const stored = await storedRun(page, 'cnn');
  const { saveError: _ignored, ...kept } = stored.result;
  expect(file.run).toEqual(kept);
  expect(file.trainedAt).toBe(stored.savedAt);

  // CSV: a header and the one epoch, numbered from 1, with the JSON's numbers in dot decimals.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), out.getByRole('button', { name: 'Télécharger (CSV)' }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(jsonDownload.suggestedFilename().replace(/\.json$/, '.csv'));
  const csv = await readFile(await csvDownload.path(), 'utf8');
  const lines = csv.split('\r\n');
  expect(lines).toHaveLength(3); // header, one epoch, the final line break
  expect(lines[0]).toBe('epoch,loss,accuracy,val_loss,val_accuracy,seconds');
  const h = file.run.history[0];
  expect(lines[1]!.split(',').map(Number)).toEqual([1, h.loss, h.accuracy, h.val_loss, h.val_accuracy, h.seconds]);
  expect(lines[1]).not.toMatch(/;|e-/);

  // The interpretation page loads the JSON as a source of its own, beside the stored run.
  await visit(page, 'interpretation/');
  const compare = cell(page, 'compare');
  await compare.scrollIntoViewIfNeeded();
  const firstTable = compare.locator('[data-role=output] figure table').first();
  await expect(firstTable).toContainText('Votre exécution', { timeout: 30_000 });
  const input = compare.getByLabel('Charger un fichier d’exécution (JSON)');
  await expect(input).toHaveAttribute('accept', '.json,application/json');
  await expect(compare).toContainText('rien n’est enregistré');
  await input.setInputFiles(jsonPath);
  await expect(compare.locator('.rc-file-status')).toHaveText('alice-cnn.json ajouté à la comparaison.');
  await expect(compare.locator('.rc-files li')).toHaveCount(1);
  await expect(compare.locator('.rc-files li')).toContainText('fichier\u202f: alice-cnn.json — CNN, précision sur le test');
  const fileRow = firstTable.locator('tbody tr', { has: page.locator('th', { hasText: 'fichier\u202f: alice-cnn.json' }) });
  await expect(fileRow).toHaveCount(1);
  // "96,10 %": the file's own accuracy, in French (the space before % is left to the browser's Intl).
  await expect(fileRow.locator('td').first()).toHaveText(new RegExp(`^${(file.run.evaluation.accuracy * 100).toFixed(2).replace('.', ',')}\\s%$`));
  await expect(compare.locator('figure svg').first()).toBeVisible();
  const tableBefore = await firstTable.innerHTML();

  // A file cut short is refused with the message, and nothing changes.
  await input.setInputFiles({ name: 'abime.json', mimeType: 'application/json', buffer: Buffer.from(jsonText.slice(0, 400)) });
  await expect(compare.getByRole('alert')).toHaveText(/^«\u202fabime\.json\u202f» est abîmé ou incomplet/);
  await expect(compare.locator('.rc-files li')).toHaveCount(1);
  expect(await firstTable.innerHTML()).toBe(tableBefore);
  // Nothing of the files reaches storage: only the stored run is there.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cnn-lstm-mnist:run:')))).toEqual(['cnn-lstm-mnist:run:cnn']);

  // Removed, it leaves the comparison.
  await compare.getByRole('button', { name: 'Retirer alice-cnn.json de la comparaison' }).click();
  await expect(compare.locator('.rc-files li')).toHaveCount(0);
  await expect(fileRow).toHaveCount(0);
  await expect(input).toBeFocused();
});
