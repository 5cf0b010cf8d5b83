// Fault 9: security. The built site never contacts another origin (every page, plus a
// training, whose worker fetches the data and the WASM binaries), and every HTML page
// carries the Content-Security-Policy meta (integrations/csp.mjs) allowing WebAssembly
// ('wasm-unsafe-eval') but neither eval ('unsafe-eval') nor inline scripts ('unsafe-inline').
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from './fixtures';
import { cell, runToEnd, tinyOptions } from './helpers';
import { ALL_PAGES } from './site';

/** The build under test (scripts/e2e.mjs serves E2E_ROOT, else dist-test). */
const ROOT = process.env['E2E_ROOT'] ?? 'dist-test';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : []);
}

/** Directive name -> its sources, from a policy string. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...src]) => [name!.toLowerCase(), src]));
}

/** Checks one policy: WebAssembly allowed, no eval, no inline script, nothing off-site. */
function checkPolicy(where: string, policy: string | null | undefined): void {
  expect(policy, `${where}: CSP meta`).toBeTruthy();
  const d = directives(policy!);
  const script = d.get('script-src');
  expect(script, `${where}: script-src`).toBeDefined();
  expect(script, `${where}: script-src`).toContain("'wasm-unsafe-eval'");
  expect(script, `${where}: script-src`).not.toContain("'unsafe-eval'");
  expect(script, `${where}: script-src`).not.toContain("'unsafe-inline'");
  // Only this origin, or hashes of the page's own inline scripts.
  for (const src of script!) expect(src, `${where}: script-src source`).toMatch(/^'(self|wasm-unsafe-eval|sha256-[A-Za-z0-9+/=]+)'$/);
  for (const name of ['default-src', 'connect-src']) expect(d.get(name), `${where}: ${name}`).toEqual(["'self'"]);
  // No directive lets anything in from another origin (no host, scheme or wildcard source).
  for (const [name, sources] of d) {
    for (const src of sources) expect(src, `${where}: ${name}`).toMatch(/^('self'|'none'|'unsafe-inline'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/=]+'|data:|blob:)$/);
  }
}

test('every built HTML page carries the CSP meta: wasm-unsafe-eval, no unsafe-eval, no unsafe-inline scripts', () => {
  const files = htmlFiles(ROOT);
  expect(files.length, `HTML files in ${ROOT}`).toBeGreaterThanOrEqual(ALL_PAGES.length + 1); // + 404.html
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    const metas = [...html.matchAll(/<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content="([^"]*)"/gi)];
    const where = relative(ROOT, file);
    expect(metas, `${where}: one CSP meta`).toHaveLength(1);
    // First in <head>: a policy only governs what comes after it.
    expect(html.indexOf(metas[0]![0]), `${where}: CSP before any script`).toBeLessThan(html.search(/<script\b/i) === -1 ? Infinity : html.search(/<script\b/i));
    checkPolicy(where, metas[0]![1]?.replaceAll('&#39;', "'").replaceAll('&quot;', '"'));
  }
});

test('no page, and no training, makes a request to another origin', async ({ page, baseURL, problems }) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  problems.allow('no-such-page'); // the 404 page is visited on purpose
  const pages = [...ALL_PAGES.map((p) => p.path), 'no-such-page/'];
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(path === 'no-such-page/' ? 404 : 200);
    // Scrolling down wakes the cells that run when seen (charts from stored runs).
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForLoadState('networkidle');
    checkPolicy(path || 'home', await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'));
  }
  // A training: the worker downloads the data and TF.js's WASM binaries, all from here.
  await page.goto('en/cnn/');
  const c = cell(page, 'train-cnn');
  // 96 examples: a setting no other faults test uses (the breaking check of this test keys on it).
  await tinyOptions(c, { trainSize: '96' });
  await runToEnd(c);

  const offsite = requests.filter((u) => /^(https?|wss?):/.test(u) && new URL(u).origin !== origin);
  expect(offsite, 'requests to other origins').toEqual([]);
  expect(requests.some((u) => u.includes('/data/mnist/') && u.endsWith('.gz')), 'the training downloaded shards').toBe(true);
  expect(requests.some((u) => u.endsWith('.wasm')), 'the WASM backend was fetched').toBe(true);
  console.log(`${requests.length} requests over ${pages.length} pages and one training, all to ${origin}`);
});

test('the policy is enforced, not only present: an injected inline script is refused', async ({ page, problems }) => {
  problems.allow(/Content Security Policy/i); // Chromium reports the refusal, provoked here
  await page.goto('en/');
  const refused = await page.evaluate(() => new Promise<string>((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.head.append(script);
    setTimeout(() => resolve((window as { __injected?: boolean }).__injected ? 'ran' : 'no report'), 3000);
  }));
  expect(refused, 'an inline script injected into the page').toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
});
