// Runs a check written for the browser (a tests/e2e/kernels/*-page.ts entry) in a page of the
// built site: the entry is bundled with esbuild and served from the site's own origin, so the
// page's CSP stays as is (an inline script would be blocked by it).
import { resolve } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { build, type BuildOptions } from 'esbuild';
import { esbuildTfjsWasmThreads } from '../../../integrations/tfjs-wasm-threads.mjs';
import { ISOLATION_HEADERS } from '../../../src/lib/offline/headers';
import { basePathOf, visit } from '../fixtures';
import type { WasmThreading } from './threaded-prelude';

const bundles = new Map<string, Promise<string>>();

/** `entry` bundled alone, or after `prelude` in one bundle (so both share one copy of every module). */
function bundle(entry: string, prelude?: string): Promise<string> {
  const key = prelude ? `${prelude}+${entry}` : entry;
  let text = bundles.get(key);
  if (!text) {
    // The site's fix to TF.js's threaded build goes in too (integrations/tfjs-wasm-threads.mjs).
    const common: BuildOptions = { bundle: true, write: false, format: 'iife', platform: 'browser', logLevel: 'warning', plugins: [esbuildTfjsWasmThreads()] };
    const imports = [prelude, entry].filter((f) => f !== undefined).map((f) => `import ${JSON.stringify(resolve(f))};`).join('\n');
    text = (prelude ? build({ ...common, stdin: { contents: imports, resolveDir: process.cwd(), loader: 'ts' } }) : build({ ...common, entryPoints: [entry] }))
      .then((r) => r.outputFiles![0]!.text);
    bundles.set(key, text);
  }
  return text;
}

/**
 * Loads `entry` into the English home page and returns `globalThis[fn](...args, wasmUrl)`,
 * where wasmUrl is the site's own TF.js WASM folder.
 */
export async function runInPage<T>(page: Page, baseURL: string | undefined, entry: string, fn: string, args: readonly unknown[]): Promise<T> {
  const base = basePathOf(baseURL);
  const script = `${base}__${fn}.js`;
  const body = await bundle(entry);
  await page.route(`**${script}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
  await visit(page, 'en/');
  await page.addScriptTag({ url: script });
  return page.evaluate(
    ([name, all]) => (globalThis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...all),
    [fn, [...args, `${base}tfjs-wasm/`]] as const,
  ) as Promise<T>;
}

/**
 * Same as {@link runInPage}, but in a dedicated worker the home page starts, where the course
 * trains (software WebGPU is checked there: a worker gets its own GPU device).
 */
export async function runInWorker<T>(page: Page, baseURL: string | undefined, entry: string, fn: string, args: readonly unknown[]): Promise<T> {
  const base = basePathOf(baseURL);
  const script = `${base}__${fn}.worker.js`;
  const body = await bundle(entry);
  await page.route(`**${script}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
  await visit(page, 'en/');
  const started = page.waitForEvent('worker', (w) => w.url().endsWith(script));
  await page.evaluate((url) => {
    (globalThis as { __kernelWorker?: Worker }).__kernelWorker = new Worker(url);
  }, script);
  const worker = await started;
  return worker.evaluate(async ([name, all]) => {
    const scope = globalThis as unknown as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>;
    // The 'worker' event can come before the worker's script has run.
    for (let i = 0; i < 400 && scope[name] === undefined; i++) await new Promise((r) => setTimeout(r, 25));
    return scope[name]!(...all);
  }, [fn, [...args, `${base}tfjs-wasm/`]] as const) as Promise<T>;
}

// The headers that make a document (and a worker it starts) cross-origin isolated: the service worker's own.
export { ISOLATION_HEADERS } from '../../../src/lib/offline/headers';

/** What {@link runInIsolatedWorker} returns: the check's result and how the WASM backend ran. */
export interface IsolatedRun<T> {
  result: T;
  threading: WasmThreading;
  /** .wasm URLs the browser requested during the run, as Playwright saw them. */
  requested: string[];
}

/**
 * Same as {@link runInWorker}, in a cross-origin-isolated home page and worker, where TF.js
 * picks its threaded SIMD build: the real responses get the COOP/COEP headers the site's
 * service worker will add (the worker script needs COEP too). The test must block service
 * workers (test.use({ serviceWorkers: 'block' })), or one could answer before page.route.
 * tests/e2e/kernels/threaded-prelude.ts is bundled ahead of `entry` to ask for threads.
 */
export async function runInIsolatedWorker<T>(page: Page, baseURL: string | undefined, entry: string, fn: string, args: readonly unknown[]): Promise<IsolatedRun<T>> {
  const base = basePathOf(baseURL);
  const script = `${base}__${fn}.isolated.worker.js`;
  const body = await bundle(entry, 'tests/e2e/kernels/threaded-prelude.ts');
  const isolate = async (route: Route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), ...ISOLATION_HEADERS } });
  };
  await page.route((url) => url.pathname === `${base}en/`, isolate);
  await page.route(`**${script}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', headers: { ...ISOLATION_HEADERS }, body }));
  const requested: string[] = [];
  // Context-wide: requests a worker makes are reported there, not always on the page.
  const onRequest = (r: { url(): string }) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) requested.push(r.url());
  };
  page.context().on('request', onRequest);
  try {
    await visit(page, 'en/');
    if (!(await page.evaluate(() => globalThis.crossOriginIsolated))) throw new Error('the home page is not cross-origin isolated: were the headers added?');
    const started = page.waitForEvent('worker', (w) => w.url().endsWith(script));
    await page.evaluate((url) => {
      (globalThis as { __kernelWorker?: Worker }).__kernelWorker = new Worker(url);
    }, script);
    const worker = await started;
    const result = await worker.evaluate(async ([name, all]) => {
      const scope = globalThis as unknown as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>;
      for (let i = 0; i < 400 && scope[name] === undefined; i++) await new Promise((r) => setTimeout(r, 25));
      return scope[name]!(...all);
    }, [fn, [...args, `${base}tfjs-wasm/`]] as const) as T;
    const threading = await worker.evaluate(() => (globalThis as unknown as { __wasmThreading(): WasmThreading }).__wasmThreading());
    return { result, threading, requested };
  } finally {
    page.context().off('request', onRequest);
  }
}
