// Layout of the tables a training cell shows after its run: the epoch-by-epoch history
// (Epoch, loss, accuracy, val_loss, val_accuracy, time) and the comparison table (your run
// beside the reference run and the notebook). At a laptop width (1,280 px) and a phone
// width (390 px) each fits its cell with no horizontal scroll and no cell text spilling
// out, and the reference run's full backend description (backend, patched kernels…) is
// visible text.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test, visit } from './fixtures';
import { cell, runToEnd, tinyOptions } from './helpers';

/** The committed reference run's own words for its backend: the long text the table used to cut. */
const referenceBackend = (): string => {
  const report = JSON.parse(readFileSync('src/data/reference/cnn-s42.json', 'utf8')) as { environment?: { backend?: unknown } };
  const backend = report.environment?.backend;
  if (typeof backend !== 'string' || backend.length === 0) throw new Error('src/data/reference/cnn-s42.json has no environment.backend');
  return backend;
};

/** Laptop, then phone (an iPhone 12-15 is 390 px wide). */
const WIDTHS = [1280, 390] as const;

/** The two tables under a training, by the class their builders give them. */
const TABLES = { history: 'table.rc-epochs', comparison: 'table.rc-results' } as const;

/** How a table sits in the cell's output: widths, and the cells whose text overflows their box. */
async function measure(out: Locator, selector: string) {
  return out.evaluate((output, selector) => {
    const table = output.querySelector(selector);
    if (!table) throw new Error(`no ${selector} in the output`);
    const box = table.getBoundingClientRect();
    const outBox = output.getBoundingClientRect();
    const spilling = [...table.querySelectorAll('caption, th, td')]
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => `${c.tagName.toLowerCase()} "${(c.textContent ?? '').slice(0, 60)}" ${c.scrollWidth} > ${c.clientWidth}`);
    return {
      tableScroll: table.scrollWidth,
      tableWidth: Math.ceil(box.width),
      tableRightPastOutput: Math.ceil(box.right - outBox.right),
      outputClient: output.clientWidth,
      // Nothing else in the output widens it either (the Keras log scrolls inside its own box).
      outputScroll: output.scrollWidth,
      spilling,
    };
  }, selector);
}

/**
 * The element holding `text` is shown, inside the viewport horizontally, with nothing of it
 * overflowing, and not cut by an ancestor that clips or scrolls (the cell's output scrolls
 * sideways, which is how the text used to be cut at 1,280 px).
 */
async function expectFullyVisible(page: Page, scope: Locator, text: string, what: string): Promise<void> {
  const holder = scope.getByText(text, { exact: false }).first();
  await expect(holder, `${what}: an element shows the text`).toBeVisible();
  const geo = await holder.evaluate((e) => {
    const r = e.getBoundingClientRect();
    const cutBy: string[] = [];
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) cutBy.push(`${a.tagName.toLowerCase()}.${a.className} [${box.left}, ${box.right}] vs [${r.left}, ${r.right}]`);
    }
    return { left: r.left, right: r.right, scroll: e.scrollWidth, client: e.clientWidth, cutBy };
  });
  const vw = page.viewportSize()?.width ?? 0;
  expect(geo.left, `${what}: starts inside the viewport`).toBeGreaterThanOrEqual(0);
  expect(geo.right, `${what}: ends inside the viewport`).toBeLessThanOrEqual(vw + 0.5);
  expect(geo.scroll, `${what}: its text does not overflow its box`).toBeLessThanOrEqual(geo.client + 1);
  expect(geo.cutBy, `${what}: no clipping or scrolling ancestor cuts it`).toEqual([]);
}

for (const { path, lang } of [{ path: 'cnn/', lang: 'fr' }, { path: 'en/cnn/', lang: 'en' }] as const) {
  test(`the history and comparison tables under the CNN training fit the cell at ${WIDTHS.join(' and ')} px, with the reference backend in full (${lang})`, async ({ page }) => {
    const backend = referenceBackend();
    await visit(page, path);
    const c = cell(page, 'train-cnn');
    await tinyOptions(c);
    await runToEnd(c, 110_000);
    const out = c.locator('[data-role=output]');
    await expect(out.locator('table.rc-results tbody tr')).toHaveCount(4); // yours, reference, Keras, notebook
    await expect(out.locator('table.rc-epochs tbody tr')).toHaveCount(1);
    // The Keras column names stay the exact text (a <wbr> only lets them break at the underscore).
    await expect(out.locator('table.rc-epochs thead th')).toHaveText(['Epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', lang === 'fr' ? 'Durée' : 'Time']);

    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, selector] of Object.entries(TABLES)) {
        await out.locator(selector).scrollIntoViewIfNeeded();
        const m = await measure(out, selector);
        const where = `${name} table, ${lang}, ${width} px: ${JSON.stringify(m)}`;
        expect(m.tableScroll, `table scrollWidth within the output (${where})`).toBeLessThanOrEqual(m.outputClient);
        expect(m.tableWidth, `table box within the output (${where})`).toBeLessThanOrEqual(m.outputClient);
        expect(m.tableRightPastOutput, `table does not pass the output's right edge (${where})`).toBeLessThanOrEqual(0);
        expect(m.outputScroll, `the output does not scroll sideways (${where})`).toBeLessThanOrEqual(m.outputClient);
        expect(m.spilling, `no cell text spills out of its cell (${where})`).toEqual([]);
      }
      await expectFullyVisible(page, c, backend, `reference backend at ${width} px (${lang})`);
    }

    // The table and its notes after a run are audited too (the page-wide a11y spec runs no training).
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
      .include('run-cell[data-kind="train-cnn"] [data-role=output]')
      .analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}
