// The "Check the data" island (src/components/DatasetCheck.astro) on the preprocessing page:
// the real loader downloads and verifies the test split in the browser, and faults the
// server injects (scripts/serve.mjs --faults) end as a clear message naming the file.
import type { Locator, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { setFault } from './helpers';

/** MNIST's published test-set counts, digits 0..9. */
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const PAGE = 'pretraitement/';

interface FileEntry {
  name: string;
  sha256: string;
  rawSha256: string;
}

/** Clicks the check's button (French page) and returns the island. */
async function runCheck(page: Page): Promise<Locator> {
  const check = page.locator('dataset-check').first();
  await check.getByRole('button', { name: 'Vérifier les données' }).click();
  await expect(check).toHaveAttribute('data-state', /done|error/, { timeout: 60_000 });
  return check;
}

test('the data check verifies the 10,000 test images against the manifest', async ({ page, request }) => {
  const manifest = await (await request.get('data/mnist/manifest.json')).json();
  const shard = manifest.splits.test.shards[0] as { images: FileEntry; labels: FileEntry };
  const downloads: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.gz')) downloads.push(r.url().split('/').pop() ?? '');
  });
  await visit(page, PAGE);

  const check = await runCheck(page);
  await expect(check).toHaveAttribute('data-state', 'done');
  await expect(check.getByRole('status')).toContainText(/10\s000/);
  for (const file of [shard.images, shard.labels]) {
    const sha = check.locator(`[data-role="sha256"][data-file="${file.name}"]`);
    // This server sends .gz files as they are, so the file's own digest is the one checked.
    await expect(sha).toHaveAttribute('data-via', 'gzip');
    await expect(sha).toHaveText(file.sha256);
  }
  const counts = await check.locator('[data-role="counts"] td').allTextContents();
  expect(counts.map((n) => Number(n.replace(/\D/g, '')))).toEqual(TEST_COUNTS);
  expect(downloads.sort()).toEqual([shard.images.name, shard.labels.name].sort());

  // A second run reads the verified copies from the Cache API: nothing is downloaded.
  downloads.length = 0;
  await runCheck(page);
  await expect(check.locator(`[data-role="sha256"][data-file="${shard.images.name}"]`)).toHaveAttribute('data-via', 'cache');
  await expect(check.locator(`[data-role="sha256"][data-file="${shard.images.name}"]`)).toHaveText(shard.images.rawSha256);
  expect(downloads).toEqual([]);
});

const FAULTS = [
  { fault: 'status=404@test-labels-00', file: 'test-labels-00.u8.gz', message: /HTTP 404/ },
  { fault: 'truncate=1000@test-images-00', file: 'test-images-00.u8.gz', message: /interrupted|received 1000 bytes/ },
];

for (const { fault, file, message } of FAULTS) {
  test(`the data check reports ${fault} naming the file`, async ({ page, context, baseURL, problems }) => {
    problems.allow(file); // the failed request and Chromium's console line about it are expected
    await setFault(context, baseURL, fault);
    await visit(page, PAGE);
    const check = await runCheck(page);
    await expect(check).toHaveAttribute('data-state', 'error');
    await expect(check.getByRole('status')).toContainText(file);
    await expect(check.getByRole('status')).toContainText(message);
    await expect(check.locator('[data-role="result"]')).toBeHidden();
  });
}
