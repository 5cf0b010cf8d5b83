// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import csp from './integrations/csp.mjs';

// The same build serves at the root (dev, local preview) or under a GitHub Pages
// project path: both come from the environment so CI can set them per repository.
const site = process.env.SITE_URL ?? 'http://localhost:4321';
const base = process.env.BASE_PATH ?? '/';

/** Sidebar entries in the notebook's order; slugs are shared by both languages. */
const sections = [
  { slug: 'objectifs', fr: 'Objectifs et plan', en: 'Objectives and plan' },
  { slug: 'pretraitement', fr: 'Prétraitement', en: 'Preprocessing' },
  { slug: 'cnn', fr: 'Le CNN', en: 'The CNN' },
  { slug: 'lstm', fr: 'Le LSTM', en: 'The LSTM' },
  { slug: 'interpretation', fr: 'Interprétation', en: 'Interpretation' },
  { slug: 'discussion', fr: 'Discussion', en: 'Discussion' },
];

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: { fr: 'CNN ou LSTM sur MNIST', en: 'CNN or LSTM on MNIST' },
      defaultLocale: 'root',
      locales: {
        root: { label: 'Français', lang: 'fr' },
        en: { label: 'English', lang: 'en' },
      },
      sidebar: sections.map(({ slug, fr, en }) => ({
        label: fr,
        translations: { en },
        link: `/${slug}/`,
      })),
    }),
    mdx(),
    csp(),
  ],
});
