// The Experiments page: each experiment's prediction prompt, its reference figure, and its
// Run cell trained at a tiny configuration to the end, the student's points drawn beside the
// reference; Stop keeps the trainings finished so far; one training at a time on the page.
import type { Locator, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { BUSY_EN, clearFault, setFault, startRun, waitDone, waitIdle } from './helpers';

const EXPERIMENTS = ['shuffle', 'shift', 'size', 'order', 'seeds'] as const;
type Id = (typeof EXPERIMENTS)[number];
const ARMS: Record<Id, number> = { shuffle: 6, shift: 3, size: 9, order: 3, seeds: 2 };

const runCellOf = (page: Page, id: Id): Locator => page.locator(`run-cell[data-kind="experiment"]#cell-exp-${id}`);
const refCellOf = (page: Page, id: Id): Locator => page.locator(`run-cell[data-kind="experiment-reference"]#cell-exp-${id}-ref`);

/** The quick preset (tested on 1,000 images), a few hundred training images, on WASM. */
async function tiny(c: Locator, trainSize: string): Promise<void> {
  await c.locator('button[data-preset="quick"]').click();
  await c.locator('input[name=trainSize]').fill(trainSize);
  await c.locator('select[name=backend]').selectOption('wasm');
}

const stored = (page: Page, id: Id) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `cnn-lstm-mnist:experiment:${id}`);

for (const id of EXPERIMENTS) {
  test(`experiment ${id}: predict, run a tiny configuration to the end, see my points beside the reference, kept`, async ({ page }) => {
    test.setTimeout(180_000);
    await visit(page, 'en/experiences/');
    const prompt = page.locator(`predict-prompt#predict-${id}`);
    await expect(prompt.locator('[data-role=reveal]')).toBeDisabled();
    await prompt.locator('input[type=radio]').first().check();
    await prompt.locator('[data-role=reveal]').click();
    await expect(prompt.locator('[data-role=answer]')).toBeVisible();
    await expect(prompt.locator('[data-role=verdict]')).toHaveText(/reference results support/);

    // The reference figure draws itself when scrolled to: committed results only.
    const ref = refCellOf(page, id);
    await ref.scrollIntoViewIfNeeded();
    await expect(ref.locator('figure.rc-figure svg').first()).toBeVisible({ timeout: 30_000 });
    await expect(ref.locator('.rc-source').first()).toContainText('No run of yours yet');

    const c = runCellOf(page, id);
    await tiny(c, id === 'size' ? '400' : '160');
    await startRun(c);
    await waitDone(c, 150_000);
    await expect(c.locator('.rc-notice')).toContainText('differ from those of the reference');
    await expect(c.locator('.rc-arms li')).toHaveCount(ARMS[id]);
    await expect(c.locator('figure.rc-figure svg').first()).toBeVisible();
    // The student's marks are in the chart's data table, named as theirs.
    await expect(c.locator('figure.rc-figure details table')).toContainText('Your run');
    const kept = await stored(page, id);
    expect(kept.result.experiment).toBe(id);
    expect(kept.result.results).toHaveLength(ARMS[id]);
    expect(kept.result.stopped).toBe(false);
  });
}

test('Stop mid-experiment keeps the finished trainings, says they are partial, and a second experiment must wait', async ({ page }) => {
  test.setTimeout(180_000);
  await visit(page, 'en/experiences/');
  const a = runCellOf(page, 'shuffle');
  const b = runCellOf(page, 'order');
  await tiny(a, '1000');
  await tiny(b, '160');
  await startRun(a);
  // One training at a time on the page: the second experiment is told to wait.
  await b.locator('[data-role=run]').click();
  await waitIdle(b, 10_000);
  await expect(b.locator('.rc-error p')).toHaveText(BUSY_EN);
  // Stop once the first training has finished: its result must survive the stop.
  await expect(a.locator('.rc-arms li').first()).toContainText('%', { timeout: 120_000 });
  await a.locator('[data-role=run]').click();
  await waitIdle(a, 60_000);
  await expect(a.locator('.rc-notice').filter({ hasText: 'partial results' })).toHaveCount(1);
  const kept = await stored(page, 'shuffle');
  expect(kept.result.stopped).toBe(true);
  expect(kept.result.results.length).toBeGreaterThanOrEqual(1);
  expect(kept.result.results.length).toBeLessThan(6);
  await expect(a.locator('figure.rc-figure details table')).toContainText('Your run');
  // After the stop the page is free again.
  await startRun(b);
  await waitDone(b, 120_000);
});

test('an experiment whose data fails to load says which file, keeps nothing, and runs once the fault is gone', async ({ page, context, baseURL, problems }) => {
  test.setTimeout(120_000);
  const shard = 'train-images-00.u8.gz';
  problems.allow(shard);
  await setFault(context, baseURL, `corrupt=5000@${shard}`);
  await visit(page, 'en/experiences/');
  const c = runCellOf(page, 'order');
  await tiny(c, '160');
  await startRun(c);
  await waitIdle(c, 60_000);
  const error = c.locator('.rc-error');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error.locator('details code')).toContainText(shard);
  await expect(error.locator('details code')).toContainText('SHA-256 mismatch');
  await expect(c.locator('.rc-arms li')).toHaveCount(0);
  expect(await stored(page, 'order')).toBeNull();
  await clearFault(context);
  await startRun(c);
  await waitDone(c, 120_000);
  await expect(c.locator('.rc-arms li')).toHaveCount(3);
});
