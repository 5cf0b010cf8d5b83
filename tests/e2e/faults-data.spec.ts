// Fault 3: bad training data. The server (scripts/serve.mjs --faults) loses, cuts,
// alters or refuses a file the training needs; the cell must end with a clear error
// naming the file, nothing may be trained on bad data (the trainer never starts: no
// backend, no batch), and Run again must succeed once the fault is gone. Each test has
// its own browser context, so nothing comes from a cache another test filled.
import type { Locator, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { cell, clearFault, runToEnd, setFault, startRun, storedRun, tinyOptions, waitIdle } from './helpers';

const SHARD = 'train-images-00.u8.gz';
const MANIFEST = 'manifest.json';

const FAULTS = [
  { name: 'a missing train shard (404)', fault: `status=404@${SHARD}`, file: SHARD, detail: /HTTP 404/ },
  { name: 'a truncated train shard', fault: `shorten=20000@${SHARD}`, file: SHARD, detail: /received 20000 bytes, expected \d+/ },
  { name: 'a train shard with one byte altered', fault: `corrupt=5000@${SHARD}`, file: SHARD, detail: /SHA-256 mismatch/ },
  { name: 'a connection reset mid-download', fault: `truncate=30000@${SHARD}`, file: SHARD, detail: /interrupted|failed|network/i },
  { name: 'a connection reset before any answer', fault: `reset@${SHARD}`, file: SHARD, detail: /download failed/ },
  { name: 'a missing manifest (404)', fault: `status=404@${MANIFEST}`, file: MANIFEST, detail: /HTTP 404/ },
  { name: 'a manifest that is not JSON', fault: `shorten=200@${MANIFEST}`, file: MANIFEST, detail: /not valid JSON/ },
] as const;

/** Records every text the cell's progress line shows, so a test can prove no batch ever ran. */
async function recordProgress(page: Page, c: Locator): Promise<() => Promise<string[]>> {
  await c.locator('[data-role=progress-text]').evaluate((el) => {
    const seen: string[] = [];
    (window as { __progressSeen?: string[] }).__progressSeen = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as { __progressSeen?: string[] }).__progressSeen ?? []);
}

for (const { name, fault, file, detail } of FAULTS) {
  test(`${name} ends in a clear error naming ${file}, trains nothing, and Run again works`, async ({ page, context, baseURL, problems }) => {
    problems.allow(file); // the failed request and Chromium's console line about it are provoked
    await setFault(context, baseURL, fault);
    await visit(page, 'en/cnn/');
    const c = cell(page, 'train-cnn');
    await tinyOptions(c);
    const progress = await recordProgress(page, c);
    await startRun(c);
    await waitIdle(c, 60_000);

    const error = c.locator('.rc-error');
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(error.locator('p')).toHaveText('The MNIST images could not be downloaded or are damaged. Check your connection, then run the cell again.');
    await expect(error.locator('details code')).toContainText(file);
    await expect(error.locator('details code')).toContainText(detail);
    // The trainer never started: no backend was announced, no batch, no chart, no result.
    const seen = await progress();
    expect(seen.some((t) => /Epoch|batch/.test(t)), `progress texts: ${seen.join(' | ')}`).toBe(false);
    await expect(c.locator('.rc-train')).toHaveCount(0);
    await expect(c.locator('[data-role=output] p.rc-source')).toHaveText('');
    await expect(c.locator('.rc-final')).toHaveCount(0);
    expect(await storedRun(page, 'cnn')).toBeNull();

    // The fault is gone: the same cell, on the same page, now trains.
    await clearFault(context);
    await runToEnd(c);
    await expect(c.locator('.rc-final')).toContainText('Test-set accuracy');
  });
}
