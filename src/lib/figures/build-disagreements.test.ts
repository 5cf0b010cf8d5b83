import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { loadMnist } from '../data/mnist';
import { fileFetch } from '../data/node-fetch';
import { loadDisagreements, type DisagreementSources } from './build-disagreements';
import { figureTree } from './index';

// The test set, read like the build reads it (public/data/mnist, prepared by npm run data).
const test = await loadMnist({ baseUrl: 'http://build.local/data/mnist/', split: 'test', count: 10_000, fetch: fileFetch('public'), cache: null });

type Listed = { index: number; label: number; predicted: number; probability: number };
const listed = (model: string): Listed[] => JSON.parse(readFileSync(`src/data/reference/${model}-s42.json`, 'utf8')).misclassified;

/** A prediction file consistent with a committed result file: right everywhere but on its listed errors. */
function predictionsLike(model: string, errors: Listed[] = listed(model)) {
  const predicted = [...test.labels].map(String);
  const probability = [...test.labels].map(() => 0.9987);
  for (const m of errors) {
    predicted[m.index] = String(m.predicted);
    probability[m.index] = Math.round(m.probability * 1e4) / 1e4;
  }
  return { model, seed: 42, code: 'test', count: 10_000, note: 'fixture', predicted: predicted.join(''), probability };
}

const record = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, () => Promise.resolve(v)]));
const sources = (predictions: Record<string, unknown>): DisagreementSources => ({
  predictions: record(predictions),
  misclassified: record({ '../../data/reference/cnn-s42.json': listed('cnn'), '../../data/reference/lstm-s42.json': listed('lstm') }),
  testSet: async () => test,
});
const BOTH = {
  '../../data/reference/predictions/cnn-s42.json': predictionsLike('cnn'),
  '../../data/reference/predictions/lstm-s42.json': predictionsLike('lstm'),
};

describe('loadDisagreements', () => {
  it('splits the errors of the two seed-42 runs, consistent with their result files', async () => {
    const data = await loadDisagreements(sources(BOTH));
    const { counts } = data.galleries;
    expect(counts.cnnErrors).toBe(figureTree().ref.cnn!.errors);
    expect(counts.lstmErrors).toBe(figureTree().ref.lstm!.errors);
    expect(counts.cnnOnly + counts.lstmOnly + counts.both).toBeGreaterThan(0);
    const first = data.galleries.cnnOnly[0]!;
    expect(first.label).toBe(test.labels[first.index]);
    expect(first.lstm.predicted).not.toBe(first.label);
    expect(data.image(first.index)).toHaveLength(784);
    expect(data.runs.cnn.seed).toBe(42);
  });
  it('reads the committed seed-42 prediction files, which match their result files', async () => {
    const { counts } = (await loadDisagreements()).galleries;
    expect(counts.total).toBe(10_000);
    expect(counts.cnnErrors).toBe(figureTree().ref.cnn!.errors);
    expect(counts.lstmErrors).toBe(figureTree().ref.lstm!.errors);
  });
  it('fails naming the missing file', async () => {
    const missing = sources({ '../../data/reference/predictions/cnn-s42.json': predictionsLike('cnn') });
    await expect(loadDisagreements(missing)).rejects.toThrow('src/data/reference/predictions/lstm-s42.json is missing (npm run reference -- --model lstm writes it, with seed 42)');
  });
  it('fails on a damaged file, and on predictions from another run', async () => {
    const damaged = { ...BOTH, '../../data/reference/predictions/lstm-s42.json': { ...predictionsLike('lstm'), predicted: predictionsLike('lstm').predicted.slice(0, 9_000) } };
    await expect(loadDisagreements(sources(damaged))).rejects.toThrow('src/data/reference/predictions/lstm-s42.json: "predicted" has 9000 digits, expected 10000');
    const other = { ...BOTH, '../../data/reference/predictions/cnn-s42.json': predictionsLike('cnn', listed('cnn').slice(1)) };
    await expect(loadDisagreements(sources(other))).rejects.toThrow(/cnn-s42.json does not match its run's result file/);
  });
});

// The component, rendered as the build renders it, from the fixture above.
vi.mock('./build-disagreements', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./build-disagreements')>();
  return { ...actual, referenceDisagreements: () => actual.loadDisagreements(sources(BOTH)) };
});

describe('<Disagreements />', async () => {
  const { default: Disagreements } = await import('../../components/Disagreements.astro');
  const container = await AstroContainer.create();
  // As built: the dev renderer's source-location attributes are not in the built pages.
  const render = async (lang: 'fr' | 'en') => (await container.renderToString(Disagreements, { locals: { starlightRoute: { lang } } as never }))
    .replace(/ data-astro-source-(file|loc)="[^"]*"/g, '');
  // Plain booleans, not toMatch on the page: a failure must not print 100 kB of SVG.
  const has = (html: string, pattern: RegExp | string) => (typeof pattern === 'string' ? html.includes(pattern) : pattern.test(html));

  it('shows three closed galleries whose summaries count the images from the data', async () => {
    const data = await loadDisagreements(sources(BOTH));
    const html = await render('fr');
    expect(html.match(/<details/g)).toHaveLength(3);
    expect(has(html, /<details[^>]*\sopen/)).toBe(false);
    expect(has(html, /<h[1-6]/)).toBe(false);
    const { counts } = data.galleries;
    const summaries = [...html.matchAll(/<summary>([^<]*)<\/summary>/g)].map((m) => m[1]);
    expect(summaries).toEqual([
      `Le CNN a raison, le LSTM se trompe\u202F: ${counts.cnnOnly} images de test`,
      `Le LSTM a raison, le CNN se trompe\u202F: ${counts.lstmOnly} images de test`,
      `Les deux se trompent\u202F: ${counts.both} images de test`,
    ]);
    expect([...(await render('en')).matchAll(/<summary>([^<]*)<\/summary>/g)].map((m) => m[1])[0]).toBe(`CNN right, LSTM wrong: ${counts.cnnOnly} test images`);
  });
  it('draws each digit inline, named for screen readers, with no style attribute and nothing to download', async () => {
    const html = await render('fr');
    const imgs = [...html.matchAll(/<svg [^>]*role="img" aria-label="([^"]*)"/g)].map((m) => m[1]!);
    expect(imgs.length).toBeGreaterThan(0);
    expect(imgs[0]).toMatch(/^Image de test n° \d+, un \d\u202F; le CNN répond \d \(\d+,\d\u202F%\), le LSTM \d \(\d+,\d\u202F%\)$/);
    expect(has(html, /\sstyle=/)).toBe(false);
    expect(has(html, /<img|<script|\ssrc=|url\(/)).toBe(false);
    expect(has(html, /vrai\u202F: \d/)).toBe(true);
    expect(has(html, 'class="dg-wrong"')).toBe(true);
    expect(html.match(/<p class="dg-source">([^<]*)<\/p>/)?.[1]).toMatch(/exécutions de référence de la graine 42\u202F: .*TensorFlow\.js \d/);
  });
  it('stays within its HTML budget: past it, each gallery shows its first 48 and says how many more', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const html = await render(lang);
      const bytes = Buffer.byteLength(html, 'utf8');
      console.log(`<Disagreements /> ${lang}: ${bytes} bytes of HTML (${gzipSync(html).length} gzipped), ${(html.match(/<svg/g) ?? []).length} digits`);
      // 48 digits of about 1.9 kB each (drawing, name, caption) per gallery, at most.
      expect(bytes).toBeLessThan(300_000);
      for (const gallery of html.split('<details').slice(1)) {
        const digits = (gallery.match(/<svg/g) ?? []).length;
        expect(digits).toBeLessThanOrEqual(48);
        if (digits === 48) expect(has(gallery, lang === 'fr' ? /Et \d+ de plus/ : /And \d+ more/)).toBe(true);
      }
    }
  });
});
