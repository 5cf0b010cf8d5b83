import katex from 'katex';

/** How one formula is laid out: in the line of text, or on its own line. */
export interface TexOptions {
  /** Display (block) math rather than inline; default false. */
  display?: boolean;
}

/**
 * TeX rendered to MathML, at build time only (src/components/Equation.astro calls it from its
 * frontmatter, so KaTeX never reaches the browser). MathML Core needs no stylesheet and no
 * font: Chromium, Firefox and Safari lay it out themselves. A TeX slip fails the build
 * instead of showing red text, and so does output that would carry an inline style or a fixed
 * colour (\color writes mathcolor="red"): colours come from the theme's CSS, so that a formula
 * reads in light and dark mode alike.
 */
export function texToMathml(tex: string, { display = false }: TexOptions = {}): string {
  if (!tex.trim()) throw new Error('Math: empty TeX');
  const html = katex.renderToString(tex, {
    output: 'mathml',
    displayMode: display,
    throwOnError: true,
    strict: 'error',
    trust: false,
  });
  if (/\s(?:style|mathcolor|mathbackground)\s*=/i.test(html)) {
    throw new Error(`Math: "${tex}" renders with an inline style or colour; leave colours to the CSS`);
  }
  return html;
}
