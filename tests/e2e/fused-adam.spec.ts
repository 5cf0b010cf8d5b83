// FusedAdam against tf.train.adam in real Chromium: WebGL (SwiftShader here), with packed
// and unpacked textures, WASM, and WebGPU (SwiftShader's Vulkan, in a dedicated worker as
// the course trains; the chromium-webgpu project runs that one). The page code is
// tests/e2e/kernels/fused-adam-page.ts.
import { test } from './fixtures';
import type { FusedAdamReport } from './kernels/fused-adam-page';
import { expectFusedAdamMatches } from './kernels/reports';
import { runInPage, runInWorker } from './kernels/run-in-page';

const CASES = [
  { backend: 'webgl', packed: true, tol: 1e-5 },
  { backend: 'webgl', packed: false, tol: 1e-5 },
  // Same binary as in Node: bit for bit (see src/lib/train/fused-adam.test.ts).
  { backend: 'wasm', packed: false, tol: 0 },
  // WGSL lets a GPU's / and sqrt miss IEEE rounding by 2.5 ULP (and stock Adam's small ops
  // may run on the CPU, WEBGPU_CPU_FORWARD): WebGL's bound. SwiftShader rounds as IEEE does:
  // bit for bit here (worst rel 0 on 2026-12-03).
  { backend: 'webgpu', packed: false, tol: 1e-5 },
] as const;

const label = (backend: string, packed: boolean) =>
  backend === 'webgl' ? (packed ? ' (packed)' : ' (unpacked)') : backend === 'webgpu' ? ' in a worker @webgpu' : '';

for (const { backend, packed, tol } of CASES) {
  test(`FusedAdam matches tf.train.adam on ${backend}${label(backend, packed)}`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    const run = backend === 'webgpu' ? runInWorker : runInPage;
    const report = await run<FusedAdamReport>(page, baseURL, 'tests/e2e/kernels/fused-adam-page.ts', 'fusedAdamCheck', [backend, packed]);
    const worst = [...report.diffs.flat(), ...report.crossDiffs].reduce((w, d) => (d.rel > w.rel ? d : w));
    test.info().annotations.push({
      type: 'fused-adam',
      description: `${backend}${packed ? ' packed' : ''}: worst ${worst.name} rel ${worst.rel.toExponential(2)} abs ${worst.abs.toExponential(2)}; applyGradients on the CNN's shapes ${report.ms.stock.toFixed(1)} ms stock, ${report.ms.fused.toFixed(1)} ms fused${backend === 'wasm' ? '' : ` (software ${backend === 'webgl' ? 'WebGL' : 'WebGPU'} here: indicative only)`}`,
    });
    console.log(test.info().annotations.at(-1)?.description);
    expectFusedAdamMatches(report, backend, packed, tol);
  });
}
