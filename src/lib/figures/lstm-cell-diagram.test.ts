import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import LstmCellDiagram from '../../components/LstmCellDiagram.astro';
import MathComponent from '../../components/Equation.astro';
import { t, type Lang } from '../i18n';

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});
/** The component's HTML in `lang`, without the source attributes the dev server adds. */
const render = async (component: Parameters<AstroContainer['renderToString']>[0], lang: Lang, props: Record<string, unknown> = {}) =>
  (await container.renderToString(component, { props, locals: { starlightRoute: { lang } } as never })) // the components only read starlightRoute.lang
    .replace(/ data-astro-source-(?:file|loc)="[^"]*"/g, '');

describe('LstmCellDiagram', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`is one accessible image, named and described in ${lang}`, async () => {
      const html = await render(LstmCellDiagram, lang);
      expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="lstm-cell-title"[^>]*aria-describedby="lstm-cell-desc"/);
      expect(html).toContain(`<title id="lstm-cell-title">${t(lang, 'lstmcell.title')}</title>`);
      expect(html).toContain(`<desc id="lstm-cell-desc">${t(lang, 'lstmcell.desc')}</desc>`);
      for (const key of ['forget', 'input', 'candidate', 'output', 'cellState', 'hiddenState'] as const) expect(html).toContain(`>${t(lang, `lstmcell.${key}`)}<`);
      expect(html.match(/class="lc-gate" x=/g)).toHaveLength(4);
      expect(html).not.toMatch(/\sstyle=/); // colours and sizes come from lstm-cell-diagram.css
    });
  }
  it('scales with the page: a viewBox, no fixed width or height', async () => {
    const svg = (await render(LstmCellDiagram, 'fr')).match(/<svg[^>]*>/)![0];
    expect(svg).toContain('viewBox="0 0 680 340"');
    expect(svg).not.toMatch(/\s(width|height)=/);
  });
});

describe('Math', () => {
  it('renders MathML, inline or in a block, with no script and no style', async () => {
    const inline = await render(MathComponent, 'fr', { tex: 'x_t' });
    expect(inline).toMatch(/^<span class="katex"><math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/);
    const block = await render(MathComponent, 'en', { tex: 'h_t = o_t \\odot \\tanh(c_t)', display: true });
    expect(block).toMatch(/^<div class="math-display"><span class="katex"><math [^>]*display="block">/);
    expect(block + inline).not.toMatch(/<script|\sstyle=/);
  });
  it('fails the page on a TeX slip', async () => {
    await expect(render(MathComponent, 'fr', { tex: 'x_{t' })).rejects.toThrow(/KaTeX parse error/);
  });
});
