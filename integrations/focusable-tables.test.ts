import { describe, expect, it } from 'vitest';
import { focusableTables } from './focusable-tables.mjs';

describe('focusableTables', () => {
  it('gives each table a tab stop, keeps a table’s own tabindex and touches nothing else', () => {
    const html = '<table><tr><td>1</td></tr></table><table class="x" tabindex="-1"></table><tablet></tablet><TABLE id=a>';
    expect(focusableTables(html)).toBe('<table tabindex="0"><tr><td>1</td></tr></table><table class="x" tabindex="-1"></table><tablet></tablet><table tabindex="0" id=a>');
  });
});
