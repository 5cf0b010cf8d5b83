// What every run of a kernel page must show, whatever backend or build it ran on: the assertions
// fused-adam.spec.ts, lstm-fast.spec.ts and threaded-wasm.spec.ts share.
import { expect } from '../fixtures';
import type { FusedAdamReport } from './fused-adam-page';
import type { LstmFastReport } from './lstm-fast-page';

/** FusedAdam ran on `backend` without falling back, and matched tf.train.adam within `tol` (relative). */
export function expectFusedAdamMatches(report: FusedAdamReport, backend: string, packed: boolean, tol: number): void {
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
}

/** The trainer's LSTM ran its fast path on `backend` and matched tfjs-layers' within 1e-5. */
export function expectLstmFastMatches(report: LstmFastReport, backend: string): void {
  expect(report.backend).toBe(backend);
  expect(report.path).toBe('fast-lstm/fast-lstm');
  expect(report.cells).toBe(backend === 'wasm' || backend === 'cpu' ? 'fused-kernels' : 'tensor-ops');
  for (const e of report.forward) expect(e).toBeLessThan(1e-5);
  expect(report.gradients).toHaveLength(3);
  for (const g of report.gradients) expect(g.rel, g.name).toBeLessThan(1e-5);
  // Real values on both sides, not zeros compared with zeros.
  expect(report.scales).toHaveLength(5);
  for (const s of report.scales) expect(s).toBeGreaterThan(1e-6);
  expect(report.leaked).toBe(0);
}
