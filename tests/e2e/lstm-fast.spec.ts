// The trainer's hand-written LSTM (src/lib/train/lstm-fast.ts) against tfjs-layers' LSTM in
// real Chromium, on software WebGL, on WASM and on software WebGPU (in a dedicated worker, as
// the course trains; the chromium-webgpu project runs that one): forward values and the
// gradients of every weight. The unit tests check cpu and wasm in Node; this is the only
// check of WebGL and WebGPU.
import { test } from './fixtures';
import type { LstmFastReport } from './kernels/lstm-fast-page';
import { expectLstmFastMatches } from './kernels/reports';
import { runInPage, runInWorker } from './kernels/run-in-page';

for (const backend of ['webgl', 'wasm', 'webgpu'] as const) {
  const where = backend === 'webgpu' ? ' in a worker @webgpu' : '';
  test(`the trainer's LSTM equals tfjs-layers' LSTM on ${backend}, values and gradients${where}`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    const run = backend === 'webgpu' ? runInWorker : runInPage;
    const report = await run<LstmFastReport>(page, baseURL, 'tests/e2e/kernels/lstm-fast-page.ts', 'lstmFastCheck', [backend]);
    console.log(`${backend}: forward ${report.forward.map((e) => e.toExponential(1)).join(', ')}; gradients ${report.gradients.map((g) => `${g.name} ${g.rel.toExponential(1)}`).join(', ')}`);
    expectLstmFastMatches(report, backend);
  });
}
