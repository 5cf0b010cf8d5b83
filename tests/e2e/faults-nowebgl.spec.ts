// Fault 1: a browser without WebGL (the chromium-no-webgl project, selected by the
// @nowebgl tag). The training cell must say which backend it fell back to and why,
// and both models must still train.
import { expect, test, visit } from './fixtures';
import { cell, runToEnd, tinyOptions, trainingWorkers } from './helpers';

for (const [path, kind, model] of [['en/cnn/', 'train-cnn', 'CNN'], ['en/lstm/', 'train-lstm', 'LSTM']] as const) {
  test(`without WebGL the ${model} falls back, says why, and trains @nowebgl`, async ({ page }) => {
    await visit(page, path);
    const c = cell(page, kind);
    // "Automatic" measures every backend that starts: WebGL's failure is what this browser must show.
    await tinyOptions(c, { backend: 'auto' });
    await runToEnd(c);
    const out = c.locator('[data-role=output]');
    await expect(out.locator('p.rc-source').first()).toHaveText(
      /^Training on the TF\.js “(WASM, 1 thread|CPU)” backend\. (One thread only: [^.]+\. )?Automatic choice: (WASM|CPU), the only backend measured here \(the others: .*WebGL: .+; measured just now in .+, not counted in the training time\)\.$/,
    );
    await expect(out.locator('pre.rc-log')).toContainText(/Epoch 1\/1\n2\/2 - .* - accuracy: \d\.\d{4}/);
    await expect(out.locator('.rc-final')).toContainText('Test-set accuracy');
    await expect(out.locator('table.rc-results tbody tr').first()).toContainText(/TF\.js (wasm|cpu), 1 epoch\(s\), 64 training examples/);
    // The set-up itself: TF.js trains in a worker, so WebGL must be missing there too.
    const [worker] = trainingWorkers(page);
    expect(await worker?.evaluate(() => new OffscreenCanvas(1, 1).getContext('webgl2') === null), 'WebGL 2 in the training worker').toBe(true);
  });
}
