// FusedAdam against tf.train.adam in real Chromium: WebGL (SwiftShader here), with packed
// and unpacked textures, and WASM. The page code (tests/e2e/kernels/fused-adam-page.ts)
// is bundled here and served from the site's own origin, so the page's CSP stays as is.
import { build } from 'esbuild';
import { basePathOf, expect, test, visit } from './fixtures';
import type { FusedAdamReport } from './kernels/fused-adam-page';

let bundle: string | null = null;

async function pageScript(): Promise<string> {
  bundle ??= (
    await build({
      entryPoints: ['tests/e2e/kernels/fused-adam-page.ts'],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      logLevel: 'warning',
    })
  ).outputFiles[0]!.text;
  return bundle;
}

const CASES = [
  { backend: 'webgl', packed: true, tol: 1e-5 },
  { backend: 'webgl', packed: false, tol: 1e-5 },
  // Same binary as in Node: bit for bit (see src/lib/train/fused-adam.test.ts).
  { backend: 'wasm', packed: false, tol: 0 },
] as const;

for (const { backend, packed, tol } of CASES) {
  test(`FusedAdam matches tf.train.adam on ${backend}${backend === 'webgl' ? (packed ? ' (packed)' : ' (unpacked)') : ''}`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    const base = basePathOf(baseURL);
    const script = `${base}__fused-adam-check.js`;
    const body = await pageScript();
    await page.route(`**${script}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
    await visit(page, 'en/');
    await page.addScriptTag({ url: script });
    const report = await page.evaluate(
      ([b, p, w]) => (globalThis as unknown as { fusedAdamCheck: (b: string, p: boolean, w: string) => Promise<FusedAdamReport> }).fusedAdamCheck(b, p, w),
      [backend, packed, `${base}tfjs-wasm/`] as const,
    );
    const worst = [...report.diffs.flat(), ...report.crossDiffs].reduce((w, d) => (d.rel > w.rel ? d : w));
    test.info().annotations.push({
      type: 'fused-adam',
      description: `${backend}${packed ? ' packed' : ''}: worst ${worst.name} rel ${worst.rel.toExponential(2)} abs ${worst.abs.toExponential(2)}; applyGradients on the CNN's shapes ${report.ms.stock.toFixed(1)} ms stock, ${report.ms.fused.toFixed(1)} ms fused${backend === 'webgl' ? ' (software WebGL here: indicative only)' : ''}`,
    });
    console.log(test.info().annotations.at(-1)?.description);
    expect(report.backend).toBe(backend);
    expect(report.packed).toBe(packed);
    expect(report.fusedKernel).toBe(true);
    // Only the stock side's 18 steps reached the parent's applyGradients: FusedAdam never fell back.
    expect(report.stockCalls).toBe(18);
    // 7 variables, iter, 7 m's, 7 v's per hyperparameter set; the CNN's 8 variables, iter, 16 moments.
    expect(report.diffs.map((d) => d.length)).toEqual([22, 22]);
    expect(report.crossDiffs).toHaveLength(25);
    for (const d of [...report.diffs.flat(), ...report.crossDiffs]) expect(d.rel, d.name).toBeLessThanOrEqual(tol);
    expect(report.leaked).toBe(0);
  });
}
