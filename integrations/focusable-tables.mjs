// @ts-check
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Gives every <table> of a built page a tab stop. Starlight lets a wide table scroll sideways
 * on a phone, and a scrolling region that cannot take focus cannot be scrolled without a mouse
 * (axe: scrollable-region-focusable). Done on the built HTML because Astro's default Markdown
 * engine (Sätteri) runs no rehype plugins; a table that sets its own tabindex is left alone.
 * @param {string} html
 */
export function focusableTables(html) {
  return html.replace(/<table\b(?![^>]*\stabindex=)/gi, '<table tabindex="0"');
}

/** @param {string} dir @returns {AsyncGenerator<string>} */
async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** Astro integration: after a build, every table of every page can take focus. @returns {import('astro').AstroIntegration} */
export default function tables() {
  return {
    name: 'focusable-tables',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        for await (const file of htmlFiles(fileURLToPath(dir))) {
          const html = await readFile(file, 'utf8');
          const next = focusableTables(html);
          if (next !== html) await writeFile(file, next);
        }
      },
    },
  };
}
