// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import csp from './integrations/csp.mjs';
import focusableTables from './integrations/focusable-tables.mjs';
import serviceWorker from './integrations/service-worker.mjs';
import tfjsWasmThreads from './integrations/tfjs-wasm-threads.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The same build serves at the root (dev, local preview) or under a GitHub Pages
// project path: both come from the environment so CI can set them per repository.
const site = process.env.SITE_URL ?? 'http://localhost:4321';
const base = process.env.BASE_PATH ?? '/';

/**
 * The site's version as a downloaded run file records it (src/lib/store/run-file.ts):
 * package.json's version, and the commit the build was made from when it is known
 * (GitHub Actions' GITHUB_SHA, else git; '' outside a repository).
 */
const siteVersion = String(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version);
function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}
const siteCommit = process.env.GITHUB_SHA?.slice(0, 12) || gitCommit();

/** Sidebar entries in the notebook's order, then the glossary and the teachers' page; slugs are shared by both languages. */
const sections = [
  { slug: 'objectifs', fr: 'Objectifs et plan', en: 'Objectives and plan' },
  { slug: 'pretraitement', fr: 'Prétraitement', en: 'Preprocessing' },
  { slug: 'cnn', fr: 'Le CNN', en: 'The CNN' },
  { slug: 'lstm', fr: 'Le LSTM', en: 'The LSTM' },
  { slug: 'interpretation', fr: 'Interprétation', en: 'Interpretation' },
  { slug: 'experiences', fr: 'Expériences', en: 'Experiments' },
  { slug: 'discussion', fr: 'Discussion', en: 'Discussion' },
  { slug: 'glossaire', fr: 'Glossaire', en: 'Glossary' },
  { slug: 'enseignants', fr: 'Pour les enseignants', en: 'For teachers' },
];

/**
 * Lets a heading carry its own id, `### Dropout {#dropout}`, so the glossary's anchors are the
 * same in both languages and survive a reworded heading. Astro's default Markdown engine
 * (Sätteri) supports the syntax but leaves it off; this switches it on the way Starlight
 * switches on its directives. Headings without `{#…}` keep their generated ids.
 * @type {import('astro').AstroIntegration}
 */
const headingAttributes = {
  name: 'heading-attributes',
  hooks: {
    'astro:config:setup': ({ config }) => {
      const processor = /** @type {any} */ (config.markdown?.processor);
      if (processor?.name === 'satteri') processor.options.features.headingAttributes = true;
    },
  },
};

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  vite: {
    // The training worker is bundled on its own: the fix for TF.js's threaded WASM build goes there.
    worker: { plugins: () => [tfjsWasmThreads()] },
    define: { __SITE_VERSION__: JSON.stringify(siteVersion), __SITE_COMMIT__: JSON.stringify(siteCommit) },
  },
  integrations: [
    starlight({
      title: { fr: 'CNN ou LSTM sur MNIST', en: 'CNN or LSTM on MNIST' },
      defaultLocale: 'root',
      locales: {
        root: { label: 'Français', lang: 'fr' },
        en: { label: 'English', lang: 'en' },
      },
      // Every page registers the site's service worker (offline copy, COOP/COEP for WASM threads).
      components: { Head: './src/components/overrides/Head.astro' },
      sidebar: sections.map(({ slug, fr, en }) => ({
        label: fr,
        translations: { en },
        link: `/${slug}/`,
      })),
    }),
    mdx(),
    headingAttributes,
    focusableTables(),
    csp(),
    // Last: it hashes the pages as csp() left them.
    serviceWorker(),
  ],
});
