// Shared Playwright fixtures: every test fails if the browser reported a console error,
// an uncaught exception, a failed or >= 400 request, or any request leaving the test
// server (the site must work offline from its own origin, as on GitHub Pages).
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

/** A pattern for problems a test provokes on purpose: substring or RegExp, matched against Problem.text. */
export type Allowed = string | RegExp;

/** One thing that went wrong in the browser during a test. */
export interface Problem {
  kind: 'console' | 'pageerror' | 'crash' | 'requestfailed' | 'http' | 'offsite';
  text: string;
}

/** Collects problems for one test; `allow` exempts the ones a test triggers deliberately. */
export class ProblemLog {
  readonly all: Problem[] = [];
  readonly #allowed: Allowed[];

  constructor(allowed: readonly Allowed[]) {
    this.#allowed = [...allowed];
  }

  /** Exempts problems matching any pattern, from now until the end of the test. */
  allow(...patterns: Allowed[]): void {
    this.#allowed.push(...patterns);
  }

  /** Records a problem (the listeners call this; tests may too). */
  add(problem: Problem): void {
    this.all.push(problem);
  }

  /** Problems not covered by an allowed pattern. */
  unexpected(): Problem[] {
    return this.all.filter((p) => !this.#allowed.some((a) => matches(a, `${p.kind}: ${p.text}`)));
  }
}

function matches(pattern: Allowed, text: string): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/** Only network schemes can leave the machine; data:, blob: and about: stay local. */
const NETWORK = new Set(['http:', 'https:', 'ws:', 'wss:']);

function watch(context: BrowserContext, origin: string, log: ProblemLog): void {
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url, lineNumber } = msg.location();
    log.add({ kind: 'console', text: `${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}` });
  });
  context.on('weberror', (err) => log.add({ kind: 'pageerror', text: String(err.error()) }));
  context.on('page', (page) => page.on('crash', () => log.add({ kind: 'crash', text: page.url() })));
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (NETWORK.has(url.protocol) && url.origin !== origin) {
      log.add({ kind: 'offsite', text: `${req.method()} ${req.url()}` });
    }
  });
  context.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'unknown error';
    // ERR_ABORTED is a request cancelled by the page itself (navigation, AbortController), not a fault.
    if (error === 'net::ERR_ABORTED') return;
    log.add({ kind: 'requestfailed', text: `${req.method()} ${req.url()} ${error}` });
  });
  context.on('response', (res) => {
    if (res.status() >= 400) log.add({ kind: 'http', text: `${res.status()} ${res.request().method()} ${res.url()}` });
  });
}

/** One line per distinct problem, long messages (CSP reports) shortened, repeats counted. */
export function summarize(problems: readonly Problem[]): string[] {
  const counts = new Map<string, number>();
  for (const p of problems) {
    const line = `${p.kind}: ${p.text.length > 400 ? `${p.text.slice(0, 400)}…` : p.text}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n > 1 ? `${line} (x${n})` : line));
}

/** Fixtures added to Playwright's: `allowedProblems` (an option set with test.use) and `problems`. */
export interface GuardFixtures {
  allowedProblems: Allowed[];
  problems: ProblemLog;
}

/** Playwright's `test` with the browser-problem guard switched on for every test. */
export const test = base.extend<GuardFixtures>({
  allowedProblems: [[], { option: true }],
  problems: [
    async ({ context, baseURL, allowedProblems }, use) => {
      if (!baseURL) throw new Error('baseURL is not configured (playwright.config.ts)');
      const log = new ProblemLog(allowedProblems);
      watch(context, new URL(baseURL).origin, log);
      await use(log);
      expect(summarize(log.unexpected()), 'browser problems during the test (allow-list them if provoked on purpose)').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Base path of the site under test, e.g. "/cnn-lstm-mnist/", taken from baseURL. */
export function basePathOf(baseURL: string | undefined): string {
  if (!baseURL) throw new Error('baseURL is not configured');
  return new URL(baseURL).pathname;
}

/** Navigates (path relative to baseURL, no leading slash) and waits until the network is quiet. */
export async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  // Late module scripts can still log errors after "load": let them run before the guard checks.
  await page.waitForLoadState('networkidle');
}
