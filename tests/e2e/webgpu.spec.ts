// Both models train for real on WebGPU (software WebGPU here: Dawn on SwiftShader's Vulkan,
// see the chromium-webgpu project in playwright.config.ts; a GPU on a student's machine), in
// the course's worker, with the fast LSTM and FusedAdam (lstm-fast.spec.ts and
// fused-adam.spec.ts check those against TF.js's own code on WebGPU). The cell names the
// backend, prints Keras-like epochs, ends with the test accuracy and keeps the run; the same
// run on WASM (IEEE float32 on the CPU) gives the same losses.
import { expect, test, visit } from './fixtures';
import { cell, runToEnd, smallTestSet, storedRun, tinyOptions } from './helpers';
import { runInWorker } from './kernels/run-in-page';
import type { ReadReport } from './kernels/webgpu-read-page';

/** Largest relative difference between the two runs' numbers (1.1e-7 measured on 2026-12-03). */
const SAME_RUN_TOL = 1e-5;

// Software WebGPU takes ~10-20 s per CNN batch of 32 here (2 cores): one batch for the CNN.
const TRAIN_SIZE = { cnn: 32, lstm: 64 } as const;

for (const model of ['cnn', 'lstm'] as const) {
  test(`a tiny ${model.toUpperCase()} run on WebGPU trains to the end, with WASM's losses @webgpu`, async ({ page }) => {
    test.setTimeout(150_000);
    // Software WebGPU predicts ~10 CNN images/s: 64 test images instead of 1,000 (predicted
    // twice: validation, then the test-set evaluation; the first 32 hold no 8).
    await smallTestSet(page, 64);
    const trainSize = TRAIN_SIZE[model];
    const batches = trainSize / 32;
    await visit(page, `en/${model}/`);
    const c = cell(page, `train-${model}`);
    const out = c.locator('[data-role=output]');
    const runs: Record<string, { history: Record<string, number>[]; evaluation: { loss: number; accuracy: number } }> = {};
    for (const backend of ['webgpu', 'wasm'] as const) {
      await tinyOptions(c, { epochs: '1', trainSize: String(trainSize), batchSize: '32', backend });
      const t0 = Date.now();
      await runToEnd(c, 120_000);
      // No fallback: the worker found a WebGPU adapter and TF.js computes on it.
      await expect(out.locator('p.rc-source').first()).toHaveText(backend === 'wasm' ? /^Training on the TF.js “WASM, 1 thread” backend\. One thread only: / : 'Training on the TF.js “WebGPU” backend.');
      const log = String.raw`Epoch 1/1\n${batches}/${batches} - \d+s - \d+ms/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}`;
      await expect(out.locator('pre.rc-log')).toContainText(new RegExp(log));
      await expect(out.locator('.rc-final')).toContainText('Test-set accuracy');
      const stored = await storedRun(page, model);
      expect(stored).toMatchObject({ v: 1, result: { model, backend, stopped: false, options: { trainSize, batchSize: 32, testSize: 64 } } });
      expect(stored.result.history).toHaveLength(1);
      runs[backend] = stored.result;
      console.log(`${model} on ${backend}: ${((Date.now() - t0) / 1000).toFixed(1)} s from Run to the result (fit ${stored.result.fitSeconds.toFixed(1)} s), loss ${stored.result.history[0].loss}, val_loss ${stored.result.history[0].val_loss}`);
    }
    // A real loss (ln 10 ≈ 2.3 at the start), not the zeros of a backend that computes nothing...
    const gpu = runs['webgpu']!;
    const cpu = runs['wasm']!;
    expect(gpu.history[0]!['loss']).toBeGreaterThan(0.5);
    // ...and the same numbers as on the CPU: same data, seeds, shuffles and dropout masks.
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
    const pairs: [string, number, number][] = [
      ...['loss', 'accuracy', 'val_loss', 'val_accuracy'].map((k): [string, number, number] => [k, gpu.history[0]![k]!, cpu.history[0]![k]!]),
      ['test loss', gpu.evaluation.loss, cpu.evaluation.loss],
      ['test accuracy', gpu.evaluation.accuracy, cpu.evaluation.accuracy],
    ];
    const worst = Math.max(...pairs.map(([, a, b]) => rel(a, b)));
    console.log(`${model}: WebGPU against WASM, worst relative difference ${worst.toExponential(2)} (${pairs.map(([k, a, b]) => `${k} ${rel(a, b).toExponential(1)}`).join(', ')})`);
    for (const [k, a, b] of pairs) expect(rel(a, b), k).toBeLessThan(SAME_RUN_TOL);
  });
}

// The one wrong result found on software WebGPU: a synchronous read (dataSync, arraySync),
// which TF.js's WebGPU backend does through a canvas, returns zeros in Chromium without GPU
// compositing (--disable-gpu, as every project here runs) and leaves the device unusable
// (the next mapAsync fails: "A valid external Instance reference no longer exists").
// data() is right. The site never reads synchronously (src/ has no dataSync; TF.js's own
// kernels only read synchronously values already on the CPU), and the checks that run on
// WebGPU read asynchronously (relErrorAsync). Expected to fail: when it passes, Chromium or
// TF.js fixed it and this note can go.
test('dataSync on software WebGPU returns what data() returns (known to fail) @webgpu', async ({ page, baseURL }) => {
  test.fail(true, 'software WebGPU + --disable-gpu: dataSync returns zeros');
  const r = await runInWorker<ReadReport>(page, baseURL, 'tests/e2e/kernels/webgpu-read-page.ts', 'webgpuReadCheck', []);
  console.log(`dataSync on WebGPU: async ${r.async.join(',')}, sync ${r.sync.join(',')}`);
  expect(r.backend).toBe('webgpu');
  expect(r.async).toEqual([2, 2, 2, 2]);
  expect(r.sync).toEqual([2, 2, 2, 2]);
});
