import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { texToMathml } from './math';

/** Every source file under `dir` (editors' temporary files left out). */
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mts|js|mjs|astro|mdx)$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('texToMathml', () => {
  it('writes MathML only, with the TeX kept as its annotation', () => {
    const html = texToMathml('h_t = o_t \\odot \\tanh(c_t)');
    expect(html).toMatch(/^<span class="katex"><math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/);
    expect(html).toContain('<mo>⊙</mo>');
    expect(html).toContain('<annotation encoding="application/x-tex">h_t = o_t \\odot \\tanh(c_t)</annotation>');
    expect(html).not.toMatch(/katex-html|style=/); // no HTML fallback, nothing for a stylesheet or the CSP
  });
  it('marks display math as a block', () => {
    expect(texToMathml('c_t = f_t \\odot c_{t-1} + i_t \\odot g_t', { display: true })).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
    expect(texToMathml('x_t')).not.toContain('display=');
  });
  it('fails on a TeX slip instead of printing it in red', () => {
    expect(() => texToMathml('\\frac{a')).toThrow(/KaTeX parse error/);
    expect(() => texToMathml('\\sigmoid(x)')).toThrow(/Undefined control sequence/);
    expect(() => texToMathml('  ')).toThrow(/empty/);
  });
  it('refuses a fixed colour, which would ignore the theme', () => {
    expect(() => texToMathml('\\color{red} x')).toThrow(/inline style or colour/);
  });
  it('is only ever imported by a component’s frontmatter, so KaTeX stays out of the browser', () => {
    const files = sourceFiles('src');
    expect(files.filter((f) => /from ['"]katex['"]/.test(readFileSync(f, 'utf8')))).toEqual([join('src', 'lib', 'figures', 'math.ts')]);
    const users = files.filter((f) => !f.endsWith('.test.ts') && /figures\/math['"]/.test(readFileSync(f, 'utf8')));
    expect(users.length).toBeGreaterThan(0);
    for (const file of users) {
      expect(file, `${file} is an Astro component`).toMatch(/\.astro$/);
      const frontmatter = readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '';
      expect(frontmatter, `${file} imports it in its frontmatter`).toMatch(/figures\/math['"]/);
    }
  });
});
