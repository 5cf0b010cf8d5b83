// Both models train for real on WebGL (SwiftShader's software WebGL here, a GPU on a
// student's machine), in English: the cell names the backend, prints Keras-like epochs,
// draws the live charts, ends with the test accuracy and keeps the run.
import { expect, test, visit } from './fixtures';

for (const model of ['cnn', 'lstm'] as const) {
  test(`a tiny ${model.toUpperCase()} run on WebGL returns history, time and backend (en)`, async ({ page }) => {
    test.setTimeout(300_000);
    await visit(page, `en/${model}/`);
    const c = page.locator(`run-cell[data-kind="train-${model}"]`);
    // Software WebGL trains the CNN at a few examples/s: 64 examples, one epoch.
    await c.locator('input[name=epochs]').fill('1');
    await c.locator('input[name=trainSize]').fill('64');
    await c.locator('input[name=batchSize]').fill('32');
    await c.locator('select[name=backend]').selectOption('webgl');
    await c.locator('[data-role=run]').click();
    await expect(c).toHaveAttribute('data-running', '');
    const out = c.locator('[data-role=output]');
    await expect(out).toContainText('Training on the TF.js “webgl” backend.', { timeout: 60_000 });
    // The live per-batch chart appears while training.
    await expect(out.locator('figure svg').first()).toBeVisible({ timeout: 120_000 });
    await expect(c).not.toHaveAttribute('data-running', '', { timeout: 240_000 });
    await expect(c.locator('.rc-error')).toHaveCount(0);
    await expect(out.locator('pre.rc-log')).toContainText(/Epoch 1\/1\n2\/2 - \d+s - \d+ms\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}/);
    await expect(out.locator('.rc-final')).toContainText('Test-set accuracy');
    const stored = await page.evaluate((m) => JSON.parse(localStorage.getItem(`cnn-lstm-mnist:run:${m}`) ?? 'null'), model);
    expect(stored).toMatchObject({ v: 1, result: { model, backend: 'webgl', stopped: false } });
    expect(stored.result.history).toHaveLength(1);
    expect(stored.result.fitSeconds).toBeGreaterThan(0);
    expect(stored.result.evaluation.accuracy).toBeGreaterThanOrEqual(0);
  });
}
