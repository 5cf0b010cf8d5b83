// @ts-check
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The site's Content-Security-Policy, minus the per-page script hashes.
 * Exceptions, on purpose: 'wasm-unsafe-eval' lets TF.js (and the search index)
 * compile WebAssembly; style-src allows inline styles because Expressive Code colours
 * code through style attributes and Observable Plot puts a <style> in each chart.
 * Inline styles cannot run code; inline scripts stay forbidden unless hashed.
 */
export const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc=)([^>]*)>([\s\S]*?)<\/script>/gi;

/** Returns the CSP for one HTML page: the policy plus a hash of each inline script. @param {string} html */
export function policyFor(html) {
  const hashes = new Set();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const attrs = match[1] ?? '';
    // Data blocks (JSON) are never executed, so they need no hash.
    if (/type=["']?application\/(ld\+)?json/i.test(attrs)) continue;
    const digest = createHash('sha256').update(match[2] ?? '', 'utf8').digest('base64');
    hashes.add(`'sha256-${digest}'`);
  }
  return POLICY.map((d) =>
    d.startsWith('script-src ') && hashes.size ? `${d} ${[...hashes].join(' ')}` : d,
  ).join('; ');
}

/** Inserts the CSP <meta> first in <head>, before any script it governs. @param {string} html */
export function injectPolicy(html) {
  if (/http-equiv=["']?content-security-policy/i.test(html)) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyFor(html)}">`;
  const withMeta = html.replace(/<head([^>]*)>/i, `<head$1>${meta}`);
  if (withMeta === html) throw new Error('CSP: page has no <head> to put the policy in');
  return withMeta;
}

/** Every .html file under `dir`, depth first (the built site's pages). @param {string} dir @returns {AsyncGenerator<string>} */
export async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** Astro integration: after a build, gives every HTML page its policy. @returns {import('astro').AstroIntegration} */
export default function csp() {
  return {
    name: 'site-csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let pages = 0;
        for await (const file of htmlFiles(fileURLToPath(dir))) {
          await writeFile(file, injectPolicy(await readFile(file, 'utf8')));
          pages += 1;
        }
        logger.info(`Content-Security-Policy added to ${pages} pages`);
      },
    },
  };
}
