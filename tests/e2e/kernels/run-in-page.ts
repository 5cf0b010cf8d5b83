// Runs a check written for the browser (a tests/e2e/kernels/*-page.ts entry) in a page of the
// built site: the entry is bundled with esbuild and served from the site's own origin, so the
// page's CSP stays as is (an inline script would be blocked by it).
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { basePathOf, visit } from '../fixtures';

const bundles = new Map<string, Promise<string>>();

function bundle(entry: string): Promise<string> {
  let text = bundles.get(entry);
  if (!text) {
    text = build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', logLevel: 'warning' })
      .then((r) => r.outputFiles[0]!.text);
    bundles.set(entry, text);
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
