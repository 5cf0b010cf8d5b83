// Site-level checks on the production build served under the GitHub Pages base path:
// every page loads cleanly, navigation works in both languages, nothing escapes the base.
import { existsSync, readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basePathOf, expect, test, visit } from './fixtures';
import { ALL_PAGES, LOCALES, SECTIONS, pagePath } from './site';

/** Sidebar links of Starlight (components/SidebarSublist.astro inside #starlight__sidebar). */
const SIDEBAR_LINKS = '#starlight__sidebar ul.top-level a';
/** Starlight's language picker in the desktop header (a second copy lives in the mobile menu). */
const LANG_SELECT = 'header starlight-lang-select select';

/** Pages found in the build (dir/index.html), so pages outside the sidebar get checked too. */
function builtPages(): string[] {
  const root = fileURLToPath(new URL('../../dist-test/', import.meta.url));
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => f === 'index.html' || f.endsWith('/index.html'))
    .map((f) => f.slice(0, -'index.html'.length));
}

const known = new Set(ALL_PAGES.map((p) => p.path));
const extraPages = builtPages().filter((p) => !known.has(p));

for (const { locale, section, path } of ALL_PAGES) {
  test(`${locale.lang} ${section || 'home'} loads without errors`, async ({ page }) => {
    await visit(page, path);
    await expect(page.locator('html')).toHaveAttribute('lang', locale.lang);
    await expect(page.locator('h1').first()).toBeVisible();
  });
}

for (const path of extraPages) {
  test(`extra built page /${path} loads without errors`, async ({ page }) => {
    await visit(page, path);
    await expect(page.locator('h1').first()).toBeVisible();
  });
}

for (const locale of LOCALES) {
  test(`sidebar reaches every section (${locale.lang})`, async ({ page, baseURL }) => {
    await visit(page, pagePath(locale, SECTIONS[0]));
    const base = basePathOf(baseURL);
    const hrefs = await page.locator(SIDEBAR_LINKS).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const expected = SECTIONS.map((s) => `${base}${pagePath(locale, s)}`);
    // The sections appear in the course's order (other entries may be added around them).
    expect(hrefs.filter((h) => h !== null && expected.includes(h))).toEqual(expected);

    for (const [i, section] of SECTIONS.entries()) {
      const target = `${base}${pagePath(locale, section)}`;
      await page.locator(`${SIDEBAR_LINKS}[href="${target}"]`).click();
      await expect(page).toHaveURL(`${baseURL}${pagePath(locale, section)}`);
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', locale.lang);
      // The link just followed is now marked as the current page, and only that one.
      await expect(page.locator(`${SIDEBAR_LINKS}[aria-current="page"]`)).toHaveAttribute('href', expected[i] ?? '');
    }
  });
}

test('language switcher goes fr -> en -> fr on the same section', async ({ page, baseURL }) => {
  const base = basePathOf(baseURL);
  for (const section of ['cnn', 'discussion'] as const) {
    const [fr, en] = LOCALES;
    await visit(page, pagePath(fr, section));
    await page.locator(LANG_SELECT).selectOption(`${base}${pagePath(en, section)}`);
    await expect(page).toHaveURL(`${baseURL}${pagePath(en, section)}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator(LANG_SELECT)).toHaveValue(`${base}${pagePath(en, section)}`);

    await page.locator(LANG_SELECT).selectOption(`${base}${pagePath(fr, section)}`);
    await expect(page).toHaveURL(`${baseURL}${pagePath(fr, section)}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  }
});

/** A URL found in a page's markup, with where it came from. */
interface Ref {
  from: string;
  raw: string;
  url: string;
}

test('every link and asset stays under the base path and exists', async ({ page, request, baseURL }) => {
  const base = basePathOf(baseURL);
  const origin = new URL(baseURL ?? '').origin;
  const toCheck = new Map<string, string>(); // URL without fragment -> first page citing it
  for (const path of [...known, ...extraPages]) {
    await visit(page, path);
    const { refs, missingAnchors, alternates } = await page.evaluate(() => {
      const refs: Ref[] = [];
      const add = (el: Element, attr: string, raw: string) =>
        refs.push({ from: `<${el.tagName.toLowerCase()} ${attr}>`, raw, url: new URL(raw, document.baseURI).href });
      for (const el of document.querySelectorAll('a[href], link[href]')) add(el, 'href', el.getAttribute('href') ?? '');
      for (const el of document.querySelectorAll('script[src], img[src], source[src], iframe[src], video[src], audio[src]')) {
        add(el, 'src', el.getAttribute('src') ?? '');
      }
      for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
        for (const part of (el.getAttribute('srcset') ?? '').split(',')) {
          const raw = part.trim().split(/\s+/)[0];
          if (raw) add(el, 'srcset', raw);
        }
      }
      for (const el of document.querySelectorAll('starlight-lang-select option')) add(el, 'value', el.getAttribute('value') ?? '');
      // Same-page anchors (#_top, table of contents) must point at an existing id.
      const here = location.href.split('#')[0];
      const missingAnchors = [...document.querySelectorAll('a[href*="#"]')]
        .map((a) => new URL(a.getAttribute('href') ?? '', document.baseURI))
        .filter((u) => u.href.split('#')[0] === here && u.hash.length > 1)
        .map((u) => decodeURIComponent(u.hash.slice(1)))
        .filter((id) => !document.getElementById(id));
      // canonical / hreflang links use the configured site origin, but must keep the base path.
      const alternates = [...document.querySelectorAll('link[rel="canonical"], link[rel="alternate"]')].map(
        (l) => new URL(l.getAttribute('href') ?? '', document.baseURI).pathname,
      );
      return { refs, missingAnchors, alternates };
    });

    expect(missingAnchors, `broken in-page anchors on ${path}`).toEqual([]);
    for (const p of alternates) expect(p.startsWith(base), `canonical/alternate ${p} on ${path}`).toBe(true);
    for (const ref of refs) {
      const url = new URL(ref.url);
      if (url.origin !== origin) continue;
      expect(url.pathname.startsWith(base), `${ref.from}="${ref.raw}" on /${path} leaves ${base}`).toBe(true);
      url.hash = '';
      if (!toCheck.has(url.href)) toCheck.set(url.href, path);
    }
  }

  // Fetch each distinct target once: a 301 would mean a missing trailing slash, so require 200.
  expect(toCheck.size).toBeGreaterThan(SECTIONS.length * LOCALES.length);
  for (const [url, from] of toCheck) {
    const res = await request.get(url, { maxRedirects: 0 });
    expect(res.status(), `${url} (linked from /${from})`).toBe(200);
  }
});

test('a missing page under the base answers 404 with the site 404 page', async ({ page, problems }) => {
  // The 404 itself is the point of this test; anything else (its CSS, scripts) must still load.
  problems.allow(/404 .*does-not-exist\//, /status of 404.*does-not-exist\//);
  const response = await page.goto('does-not-exist/');
  expect(response?.status()).toBe(404);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('h1').first()).toContainText('404');
  // Styled by the site's own stylesheet, served from under the base path.
  const sheets = await page.locator('link[rel="stylesheet"]').evaluateAll((ls) => ls.map((l) => l.getAttribute('href')));
  expect(sheets.length).toBeGreaterThan(0);
  expect(problems.all.filter((p) => p.kind === 'http')).toHaveLength(1);
});

test('paths outside the base path are not served', async ({ request, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;
  expect((await request.get(`${origin}/`)).status()).toBe(404);
  expect((await request.get(`${origin}/cnn/`)).status()).toBe(404);
});
