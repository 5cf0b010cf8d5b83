import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figuresTable, updatedReadme } from './readme-figures.mjs';

describe('README figures', () => {
  it('the README table of result figures matches src/data (run node scripts/readme-figures.mjs)', () => {
    const text = readFileSync('README.md', 'utf8');
    expect(updatedReadme(text, figuresTable())).toBe(text);
  });
  it('the table has a row per source and the main seed is the notebook options’ seed', () => {
    expect(figuresTable().split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| source') && !l.startsWith('| ---'))).toHaveLength(4);
    expect(readFileSync('src/lib/models/options.ts', 'utf8')).toMatch(/seed: 42\b/);
  });
  it('refuses a README without its markers', () => {
    expect(() => updatedReadme('no markers', 'x')).toThrow(/markers/);
  });
});
