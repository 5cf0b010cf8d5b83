import AxeBuilder from '@axe-core/playwright';
import { test, visit } from './fixtures';
for (const theme of ['light','dark']) test(`adhoc scratch ${theme}`, async ({ page }) => {
  await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  await visit(page, 'scratch-ui/');
  const step = 400;
  for (let y = 0; y < (await page.evaluate(() => document.documentElement.scrollHeight)); y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(30);
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(3000);
  const r = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22a','wcag22aa']).analyze();
  for (const v of r.violations) console.log(theme, v.id, v.impact, v.nodes.length, v.nodes.slice(0,4).map(n=>n.target.join(' ')).join(' | '), '\n   ', v.nodes[0]?.failureSummary?.replace(/\s+/g,' '));
});
