// The site's page map as the e2e tests see it (mirrors the sidebar in astro.config.mjs).

/** Section slugs in sidebar order; both languages share them. */
export const SECTIONS = ['objectifs', 'pretraitement', 'cnn', 'lstm', 'interpretation', 'experiences', 'discussion', 'glossaire', 'enseignants'] as const;

/** A section slug. */
export type Section = (typeof SECTIONS)[number];

/** Locales with their URL prefix relative to the base path (French is the root locale). */
export const LOCALES = [
  { lang: 'fr', prefix: '' },
  { lang: 'en', prefix: 'en/' },
] as const;

/** A locale entry of LOCALES. */
export type Locale = (typeof LOCALES)[number];

/** Path of a page relative to the base path: '' is the home page, otherwise "slug/". */
export function pagePath(locale: Locale, section: Section | ''): string {
  return `${locale.prefix}${section ? `${section}/` : ''}`;
}

/** Every page of the site: home plus the sections, in both languages. */
export const ALL_PAGES = LOCALES.flatMap((locale) =>
  (['', ...SECTIONS] as const).map((section) => ({ locale, section, path: pagePath(locale, section) })),
);
