import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { injectPolicy, policyFor } from './csp.mjs';

const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('site CSP', () => {
  it('hashes each inline script and not external or JSON ones', () => {
    const html = '<head></head><script>a()</script><script src="/x.js"></script><script type="application/json">{}</script>';
    const policy: string = policyFor(html);
    expect(policy).toContain(sha('a()'));
    expect(policy).not.toContain(sha('{}'));
    expect(policy).toContain("'wasm-unsafe-eval'");
    expect(policy).not.toMatch(/'unsafe-eval'/);
    expect(policy).toMatch(/script-src [^;]*/);
    expect(policy.match(/script-src [^;]*/)?.[0]).not.toContain('unsafe-inline');
  });
  it('puts the meta first in head', () => {
    const out: string = injectPolicy('<html><head><meta charset="utf-8"><script>b()</script></head></html>');
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script>'));
  });
  it('fails loudly on a page without head', () => {
    expect(() => injectPolicy('<p>x</p>')).toThrow(/no <head>/);
  });
});
