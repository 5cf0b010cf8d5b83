import { describe, expect, it } from 'vitest';
import { dictionaries, translator, type Lang, type Translate } from '../../i18n';
import { errorText, pagesText, progressText, storedText, viewOf, type OfflineState } from './text';

const tr = (lang: Lang): Translate => translator(dictionaries[lang]);
const fr = tr('fr');
const en = tr('en');
const NN = '\u202f';
const MB = 13_430_000;
const pages = { precached: 120, total: 120 };

/** One of each state (and variant), to check every one renders in both languages. */
const STATES: OfflineState[] = [
  { kind: 'broken' },
  { kind: 'unsupported', reason: 'insecure' },
  { kind: 'unsupported', reason: 'no-sw' },
  { kind: 'unsupported', reason: 'no-cache' },
  { kind: 'uncontrolled' },
  { kind: 'checking' },
  { kind: 'ready', stored: 0, total: MB, pages },
  { kind: 'ready', stored: 2_000_000, total: MB, pages: null, removed: true },
  { kind: 'downloading', done: 3_400_000, total: MB },
  { kind: 'done', stored: MB, pages, persisted: false },
  { kind: 'done', stored: MB, pages: { precached: 100, total: 120 }, persisted: true },
  { kind: 'removing', stored: MB, pages },
  ...(['offline', 'quota', 'integrity', 'http', 'other', 'remove'] as const).map(
    (error): OfflineState => ({ kind: 'error', error, stored: 2_000_000, total: MB, pages, file: 'data/mnist/train-images-03.u8.gz', status: 404, message: 'boom' }),
  ),
];

describe('viewOf', () => {
  it('gives every state a filled message in both languages (no key, no placeholder left)', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const state of STATES) {
        const view = viewOf(state, tr(lang), lang);
        for (const text of [view.status, view.pages ?? '', view.start.label]) {
          expect(text, `${lang} ${JSON.stringify(state)}`).not.toMatch(/offline\.|\{\w+\}/);
        }
        expect(view.status.length).toBeGreaterThan(10);
      }
    }
  });

  it('disables the button, with a plain explanation, where no offline copy can be made', () => {
    for (const state of STATES.slice(0, 6)) {
      const view = viewOf(state, en, 'en');
      expect(view.start).toMatchObject({ disabled: true, hidden: false });
      expect(view.remove.hidden).toBe(true);
      expect(view.progress).toBeNull();
    }
    expect(viewOf({ kind: 'unsupported', reason: 'no-sw' }, en, 'en').status).toMatch(/private window/);
    expect(viewOf({ kind: 'uncontrolled' }, en, 'en').status).toMatch(/Reload the page once/);
    expect(viewOf({ kind: 'uncontrolled' }, fr, 'fr').status).toMatch(/Rechargez la page une fois/);
  });

  it('ready: what is stored, the pages and code, and a button that downloads the rest', () => {
    const none = viewOf({ kind: 'ready', stored: 0, total: MB, pages }, en, 'en');
    expect(none.status).toMatch(/nothing is stored/);
    expect(none.pages).toBe('Pages and code: 120/120 files stored.');
    expect(none.start).toEqual({ label: 'Make the course available offline', disabled: false, hidden: false });
    expect(none.remove.hidden).toBe(true);
    const part = viewOf({ kind: 'ready', stored: 3_430_000, total: MB, pages: null }, fr, 'fr');
    expect(part.status).toBe(`Données et modèles${NN}: 3,4${NN}Mo sur 13,4${NN}Mo déjà enregistrés dans ce navigateur.`);
    expect(part.start.label).toBe(`Télécharger le reste (10,0${NN}Mo)`);
    expect(part.pages).toMatch(/n’a pas répondu/);
    expect(part.remove).toEqual({ disabled: false, hidden: false });
  });

  it('downloading: a progress bar and the bytes done out of the total, button disabled', () => {
    const view = viewOf({ kind: 'downloading', done: 3_400_000, total: MB }, en, 'en');
    expect(view.progress).toEqual({ value: 3_400_000, max: MB });
    expect(view.status).toBe('Downloading: 3.4 MB of 13.4 MB (25%).');
    expect(view.start.disabled).toBe(true);
  });

  it('done: available offline with the stored size, the remove button, a warning if not persisted', () => {
    const view = viewOf({ kind: 'done', stored: MB, pages, persisted: false }, en, 'en');
    expect(view.status).toBe('The course is available offline: 13.4 MB of data and models stored in this browser. The browser may clear this copy if it runs short of space.');
    expect(view.start.hidden).toBe(true);
    expect(view.remove).toEqual({ disabled: false, hidden: false });
    expect(viewOf({ kind: 'done', stored: MB, pages, persisted: true }, en, 'en').status).not.toMatch(/clear this copy/);
    // Data stored but the worker still lacks pages: not called "available offline".
    expect(viewOf({ kind: 'done', stored: MB, pages: { precached: 3, total: 120 }, persisted: null }, en, 'en').status).toMatch(/not yet every page/);
  });

  it('errors: a clear message each, and Retry', () => {
    const err = (error: Extract<OfflineState, { kind: 'error' }>['error']) => viewOf({ kind: 'error', error, stored: 2_000_000, total: MB, pages, file: 'data/x.gz', status: 503, message: 'boom' }, en, 'en');
    expect(err('offline').status).toBe('The download stopped: the connection to the site was lost. 2.0 MB of 13.4 MB are stored; once you are back online, press “Retry” to download the rest.');
    expect(err('offline').start).toEqual({ label: 'Retry', disabled: false, hidden: false });
    expect(err('quota').status).toMatch(/^This browser has no more room for this site: about 11.4 MB must be free/);
    expect(err('integrity').status).toMatch(/^The file data\/x\.gz received does not match its SHA-256 checksum: it was deleted/);
    expect(err('http').status).toMatch(/HTTP 503.*data\/x\.gz/);
    expect(err('other').status).toMatch(/\(boom\)/);
    expect(err('remove').status).toMatch(/could not be removed \(boom\)/);
  });
});

describe('formatting helpers', () => {
  it('writes progress in each language, with French narrow no-break spaces', () => {
    expect(progressText(fr, 'fr', 3_400_000, MB)).toBe(`Téléchargement${NN}: 3,4${NN}Mo sur 13,4${NN}Mo (25${NN}%).`);
    expect(progressText(en, 'en', 0, MB)).toBe('Downloading: 0 B of 13.4 MB (0%).');
    // Never past the total, nor a division by zero.
    expect(progressText(en, 'en', 2 * MB, MB)).toBe('Downloading: 13.4 MB of 13.4 MB (100%).');
    expect(progressText(en, 'en', 0, 0)).toBe('Downloading: 0 B of 0 B (100%).');
  });

  it('writes the pages, stored and error lines', () => {
    expect(pagesText(fr, 'fr', { precached: 1_204, total: 1_250 })).toBe(`Pages et code${NN}: 1${NN}204/1${NN}250 fichiers enregistrés.`);
    expect(storedText(en, 'en', 48_000, MB)).toBe('Data and models: 48 kB of 13.4 MB already stored in this browser.');
    expect(errorText(fr, 'fr', { kind: 'error', error: 'http', stored: 0, total: MB, pages: null, file: 'data/a', status: 404 })).toBe(
      `Le serveur a répondu «${NN}HTTP 404${NN}» pour data/a. Réessayez dans un moment${NN}; si l’erreur revient, rechargez la page.`,
    );
  });
});
