// Both models train for real on WebGL (SwiftShader's software WebGL here, a GPU on a
// student's machine), in English: the cell names the backend, prints Keras-like epochs,
// draws the live charts, ends with the test accuracy and keeps the run.
import { expect, test, visit } from './fixtures';
import { cell, startRun, storedRun, tinyOptions, waitIdle } from './helpers';

for (const model of ['cnn', 'lstm'] as const) {
  test(`a tiny ${model.toUpperCase()} run on WebGL returns history, time and backend (en)`, async ({ page }) => {
    test.setTimeout(300_000);
    await visit(page, `en/${model}/`);
    const c = cell(page, `train-${model}`);
    // Software WebGL trains the CNN at a few examples/s: 64 examples, one epoch.
    await tinyOptions(c, { epochs: '1', trainSize: '64', batchSize: '32', backend: 'webgl' });
    await startRun(c);
    const out = c.locator('[data-role=output]');
    await expect(out).toContainText('Training on the TF.js “WebGL” backend.', { timeout: 60_000 });
    // The live per-batch chart appears while training.
    await expect(out.locator('figure svg').first()).toBeVisible({ timeout: 120_000 });
    await waitIdle(c, 240_000);
    await expect(c.locator('.rc-error')).toHaveCount(0);
    await expect(out.locator('pre.rc-log')).toContainText(/Epoch 1\/1\n2\/2 - \d+s - \d+ms\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}/);
    await expect(out.locator('.rc-final')).toContainText('Test-set accuracy');
    const stored = await storedRun(page, model);
    expect(stored).toMatchObject({ v: 1, result: { model, backend: 'webgl', stopped: false } });
    expect(stored.result.history).toHaveLength(1);
    expect(stored.result.fitSeconds).toBeGreaterThan(0);
    expect(stored.result.evaluation.accuracy).toBeGreaterThanOrEqual(0);
  });
}
