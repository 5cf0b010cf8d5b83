// @ts-check
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { htmlFiles } from './csp.mjs';

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
