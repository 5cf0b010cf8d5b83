import { fr, type UiKey } from './fr';
import { en } from './en';

export type { UiKey } from './fr';

/** The site's two languages (French at the root, English under /en/). */
export type Lang = 'fr' | 'en';

/** Strings per language; `en` is typed against `fr`, so keys cannot drift apart. */
export const dictionaries: Record<Lang, Record<UiKey, string>> = { fr, en };

/** Values substituted into `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** Maps a Starlight/Astro locale ('fr', 'en', 'en-GB', undefined) to one of ours. */
export function toLang(locale: string | undefined | null): Lang {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** Replaces `{name}` placeholders; unknown names stay visible so a slip shows up in review. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The interface string `key` in `lang`, with placeholders filled. */
export function t(lang: Lang, key: UiKey, params?: Params): string {
  return fill(dictionaries[lang][key], params);
}

/** The strings whose key starts with one of `prefixes`, to hand to a client island as JSON. */
export function pickStrings(lang: Lang, prefixes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(dictionaries[lang])) {
    if (prefixes.some((p) => key.startsWith(p))) out[key] = value;
  }
  return out;
}

/** A translator over a picked dictionary (client side); a missing key shows as itself. */
export type Translate = (key: UiKey, params?: Params) => string;

/** Builds the client-side translator from the JSON an island received. */
export function translator(strings: Record<string, string>): Translate {
  return (key, params) => fill(strings[key] ?? key, params);
}
