// @ts-check
// The threaded-WASM summaries of scripts/bench.mjs (pure functions, unit-tested in bench-threads.test.mjs):
// threaded ÷ single-threaded examples/s per model, and the quick preset's click-to-done medians.

/** Median of a non-empty list of numbers. @param {number[]} xs */
export function median(xs) {
  if (xs.length === 0) throw new Error('median of nothing');
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 === 1 ? /** @type {number} */ (v[m]) : (/** @type {number} */ (v[m - 1]) + /** @type {number} */ (v[m])) / 2;
}

/** The threaded rows compared with `wasm` (single-threaded). */
export const THREADED_ROWS = ['wasm-threads', 'wasm-threads-uncapped'];

/**
 * Threaded ÷ single-threaded WASM, per model and threaded row, from one run's rows: the speed rows'
 * trainer/10 medians (the site's default reading), model.fit's, the same per CPU-second, and the
 * worker rows' one-epoch rates. A pair with a side missing (an error row) gives nulls there.
 * @param {{ browser: any[], worker: any[] }} rows
 * @param {string[]} models
 * @param {number} target the ratio the issue aims at (recorded, not asserted)
 */
export function threadRatios(rows, models, target) {
  const out = [];
  for (const model of models) {
    for (const row of THREADED_ROWS) {
      const pick = (/** @type {any[]} */ list, /** @type {string} */ b) => list.find((r) => r.backend === b && r.model === model);
      const [s, t] = [pick(rows.browser, 'wasm'), pick(rows.browser, row)];
      const [ws, wt] = [pick(rows.worker, 'wasm'), pick(rows.worker, row)];
      if (!(s && t) && !(ws && wt)) continue;
      out.push({
        model, row, examples: s?.examples ?? ws?.examples ?? null, threads: t?.threads ?? wt?.threads ?? null, label: t?.label ?? wt?.label ?? null,
        // trainer/10 is the site's default; each figure is a median over the rounds, on the page's main thread.
        single: s && t ? s.trainerReadEvery10 : null, threaded: s && t ? t.trainerReadEvery10 : null,
        ratio: s && t ? t.trainerReadEvery10 / s.trainerReadEvery10 : null,
        ratioModelFit: s && t ? t.modelFit / s.modelFit : null,
        // Per second of CPU time of all Chromium's processes: more threads spend more CPU per example.
        ratioPerCpuSecond: s?.cpu && t?.cpu ? t.cpu.trainerReadEvery10 / s.cpu.trainerReadEvery10 : null,
        // Through the real client and worker: one epoch each, validation included.
        workerSingle: ws && wt ? ws.workerExPerSec : null, workerThreaded: ws && wt ? wt.workerExPerSec : null,
        workerRatio: ws && wt ? wt.workerExPerSec / ws.workerExPerSec : null,
        target,
      });
    }
  }
  return out;
}

/**
 * One model's quick-preset runs summed up: medians and ranges of the finished runs' click-to-done
 * seconds per mode, and single ÷ threads (how many times sooner the threaded page is done).
 * Null when no run of either mode finished.
 * @param {string} model
 * @param {{ mode: string, ok: boolean, clickToDoneSeconds: number, backendLine?: string | null }[]} runs
 * @param {number} presetRuns runs asked per mode
 * @param {number} targetSeconds
 */
export function presetSummary(model, runs, presetRuns, targetSeconds) {
  const of = (/** @type {string} */ mode) => runs.filter((r) => r.mode === mode && r.ok).map((r) => r.clickToDoneSeconds);
  const [single, threads] = [of('single'), of('threads')];
  if (single.length === 0 && threads.length === 0) return null;
  const s = single.length > 0 ? median(single) : null;
  const t = threads.length > 0 ? median(threads) : null;
  return {
    model, runs: presetRuns, finished: { single: single.length, threads: threads.length },
    singleSeconds: s, threadsSeconds: t,
    singleRange: single.length > 0 ? [Math.min(...single), Math.max(...single)] : null,
    threadsRange: threads.length > 0 ? [Math.min(...threads), Math.max(...threads)] : null,
    speedup: s !== null && t !== null ? s / t : null,
    targetSeconds,
    singleLabel: runs.find((r) => r.mode === 'single' && r.ok)?.backendLine ?? null,
    threadsLabel: runs.find((r) => r.mode === 'threads' && r.ok)?.backendLine ?? null,
  };
}
