// The project's WASM kernels on TF.js's threaded SIMD build, the one a cross-origin-isolated
// page gets (the site's service worker adds COOP/COEP; here page.route adds them to the real
// responses): its heap is a shared WebAssembly.Memory, and XNNPACK runs on several threads.
// In a dedicated worker, as the course trains: FusedAdam bit for bit against tf.train.adam
// (with the f32x4 module bound to the shared heap), the hand-written LSTM against tfjs-layers',
// and the four gradient kernels wasm-speed.ts patches against the CPU backend. Node never gets
// this build (TF.js disables it there), so these are its only checks.
import { expect, test } from './fixtures';
import type { FusedAdamReport } from './kernels/fused-adam-page';
import type { LstmFastReport } from './kernels/lstm-fast-page';
import { expectFusedAdamMatches, expectLstmFastMatches } from './kernels/reports';
import { runInIsolatedWorker, type IsolatedRun } from './kernels/run-in-page';
import type { WasmKernelsReport } from './kernels/wasm-kernels-page';

// A service worker could answer the page's requests itself, out of page.route's sight.
test.use({ serviceWorkers: 'block' });

const THREADED = 'tfjs-backend-wasm-threaded-simd.wasm';

/** The run was isolated, on the threaded binary, with more than one thread and a shared heap. */
function expectThreaded(run: IsolatedRun<unknown>): void {
  const t = run.threading;
  expect(t.crossOriginIsolated, 'the worker is cross-origin isolated').toBe(true);
  expect(t.threads, `threads (asked for ${t.requestedThreads} on ${t.hardwareConcurrency} cores)`).toBe(t.requestedThreads);
  expect(t.threads).toBeGreaterThan(1);
  expect(t.sharedMemory, 'the heap is a SharedArrayBuffer').toBe(true);
  const binaries = [...t.wasmFiles, ...run.requested].map((u) => new URL(u).pathname.split('/').pop());
  expect(binaries, 'the threaded binary was fetched').toContain(THREADED);
  expect(binaries.filter((b) => b !== THREADED), 'no other TF.js binary was fetched').toEqual([]);
}

const describeThreads = (t: IsolatedRun<unknown>['threading']) =>
  `${t.threads} threads (${t.hardwareConcurrency} cores), shared heap ${t.sharedMemory}, f32x4 Adam ${t.simdAdam}`;

test('FusedAdam matches tf.train.adam bit for bit on the threaded WASM build, its f32x4 loop on the shared heap', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const run = await runInIsolatedWorker<FusedAdamReport>(page, baseURL, 'tests/e2e/kernels/fused-adam-page.ts', 'fusedAdamCheck', ['wasm', false]);
  const report = run.result;
  const all = [...report.diffs.flat(), ...report.crossDiffs];
  const worst = all.reduce((w, d) => (d.rel > w.rel ? d : w));
  test.info().annotations.push({
    type: 'threaded-wasm',
    description: `FusedAdam: ${describeThreads(run.threading)}; worst ${worst.name} rel ${worst.rel.toExponential(2)} abs ${worst.abs.toExponential(2)}; applyGradients on the CNN's shapes ${report.ms.stock.toFixed(1)} ms stock, ${report.ms.fused.toFixed(1)} ms fused`,
  });
  console.log(test.info().annotations.at(-1)?.description);
  expectThreaded(run);
  // The f32x4 module binds the shared heap (its shared-import variant): the JS loop only ends each variable.
  expect(run.threading.simdAdam).toBe(true);
  // Same IEEE float32 operations in the same order on every build: bit for bit (tolerance 0), as in Node.
  expectFusedAdamMatches(report, 'wasm', false, 0);
});

test('the trainer\'s LSTM equals tfjs-layers\' LSTM on the threaded WASM build, values and gradients', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const run = await runInIsolatedWorker<LstmFastReport>(page, baseURL, 'tests/e2e/kernels/lstm-fast-page.ts', 'lstmFastCheck', ['wasm']);
  const report = run.result;
  console.log(`LSTM: ${describeThreads(run.threading)}; forward ${report.forward.map((e) => e.toExponential(1)).join(', ')}; gradients ${report.gradients.map((g) => `${g.name} ${g.rel.toExponential(1)}`).join(', ')}`);
  expectThreaded(run);
  // The bounds of lstm-fast.spec.ts.
  expectLstmFastMatches(report, 'wasm');
});

test('the four patched WASM gradient kernels match the CPU backend on the threaded build', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const run = await runInIsolatedWorker<WasmKernelsReport>(page, baseURL, 'tests/e2e/kernels/wasm-kernels-page.ts', 'wasmKernelsCheck', []);
  const report = run.result;
  for (const d of report.diffs) {
    console.log(`${d.kernel} ${d.name} [${d.shape.join(',')}]: abs ${d.abs.toExponential(2)}, rel ${d.rel.toExponential(2)}, element rel ${d.elementRel.toExponential(2)} (scale ${d.scale.toFixed(2)})`);
  }
  for (const g of report.growth) console.log(`${g.name}: heap ${g.heapBefore} -> ${g.heapAfter} bytes during the call, ${g.mismatches} of ${g.values} values differ from cpu`);
  console.log(`kernels: ${describeThreads(run.threading)}; heap ${report.heapBytes.before} -> ${report.heapBytes.after} bytes`);
  expectThreaded(run);
  expect(report.backend).toBe('wasm');
  expect(report.patched).toEqual(['BatchMatMul', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad']);
  const kernels = new Set(report.diffs.map((d) => d.kernel));
  expect([...kernels].sort()).toEqual(['BatchMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad']);
  expect(report.diffs).toHaveLength(19);
  for (const d of report.diffs) {
    // The Node tests' bounds, both: float rounding order only (another summation order).
    expect(d.rel, `${d.kernel} ${d.name}`).toBeLessThan(1e-4);
    expect(d.elementRel, `${d.kernel} ${d.name}, element by element`).toBeLessThan(1e-4);
    expect(d.scale, `${d.kernel} ${d.name}: real values`).toBeGreaterThan(0.5);
  }
  // The two kernels that work through heap views, called with the heap nearly full: allocating
  // their outputs grew the shared heap (a new SharedArrayBuffer; older views keep the old
  // length), and they still equal the cpu backend bit for bit (routing, and Adam's IEEE steps).
  expect(report.growth.map((g) => g.name)).toEqual(['MaxPoolGrad, CNN pool at batch 32', 'FusedAdamUpdate, CNN dense kernel 7744×128']);
  for (const g of report.growth) {
    expect(g.heapAfter, `${g.name}: the heap grew during the call`).toBeGreaterThan(g.heapBefore);
    expect(g.mismatches, g.name).toBe(0);
  }
  expect(report.growth.map((g) => g.values)).toEqual([32 * 26 * 26 * 32, 3 * 7744 * 128]);
  expect(report.leakedWasm).toBe(0);
  expect(report.leaked).toBe(0);
});
