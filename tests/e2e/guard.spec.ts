// Tests of the test harness: the guard in fixtures.ts must really see what it claims to
// catch, and the server's fault injection must really reach the browser.
import { ProblemLog, expect, summarize, test, visit } from './fixtures';
import { setFault } from './helpers';

test('the guard records console errors, exceptions, HTTP errors and off-site requests', async ({ page, problems }) => {
  problems.allow(/./); // everything below is provoked on purpose
  await visit(page, '');
  await page.evaluate(async () => {
    console.error('logged on purpose');
    setTimeout(() => {
      throw new Error('thrown on purpose');
    });
    await fetch('missing-on-purpose.json');
    // Blocked by the network or by the Content-Security-Policy: either way it must show.
    await fetch('http://offsite.invalid/on-purpose').catch(() => undefined);
  });
  const seen = () => problems.all.map((p) => `${p.kind}: ${p.text}`).join('\n');
  await expect.poll(seen).toMatch(/^console: logged on purpose/m);
  await expect.poll(seen).toMatch(/^pageerror: .*thrown on purpose/m);
  await expect.poll(seen).toMatch(/^http: 404 GET .*\/missing-on-purpose\.json$/m);
  await expect.poll(seen).toMatch(/^(offsite|requestfailed|console): .*offsite\.invalid/m);

  // Without the allow-list the same problems would fail the test.
  const strict = new ProblemLog([]);
  for (const p of problems.all) strict.add(p);
  expect(strict.unexpected()).toHaveLength(problems.all.length);
  expect(summarize(strict.unexpected()).length).toBeGreaterThanOrEqual(4);
});

test('faults injected through the serve-fault cookie reach the browser', async ({ page, context, baseURL, problems }) => {
  problems.allow('favicon.svg');
  await setFault(context, baseURL, 'truncate=10@favicon.svg');
  await visit(page, '');
  const outcome = await page.evaluate(async () => {
    const res = await fetch('favicon.svg', { cache: 'no-store' });
    try {
      await res.text();
      return `complete ${res.status}`;
    } catch {
      return `cut after headers ${res.status}`;
    }
  });
  expect(outcome).toBe('cut after headers 200');
  expect(problems.all.some((p) => p.kind === 'requestfailed' && p.text.includes('favicon.svg'))).toBe(true);
});
