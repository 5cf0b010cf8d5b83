// Fault 7: bad training options. Every editable field (epochs, training examples, batch
// size, learning rate, seed) refuses empty, zero, negative, non-numeric, fractional (where
// a whole number is due) and absurdly large values with a message next to the field
// (aria-invalid + aria-describedby), and nothing starts: no worker, no download, no
// training request.
import { expect, test, visit } from './fixtures';
import { cell } from './helpers';

const FIELDS = [
  { name: 'epochs', valid: '1', max: 100 },
  { name: 'trainSize', valid: '64', max: 60000 },
  { name: 'batchSize', valid: '32', max: 4096 },
] as const;

const BAD = [
  { value: '', message: 'This field is required.' },
  { value: '   ', message: 'This field is required.' },
  { value: '0', message: 'At least 1.' },
  { value: '-3', message: 'At least 1.' },
  { value: 'ten', message: 'Enter a number (digits only).' },
  { value: '0x10', message: 'Enter a number (digits only).' },
  { value: '2.5', message: 'Enter a whole number.' },
  { value: '1e400', message: 'Enter a number (digits only).' }, // Infinity
  { value: '99999999999', message: (max: number) => `At most ${max}.` },
] as const;

test('every option field refuses bad values next to the field, and nothing starts', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  for (const f of FIELDS) await c.locator(`input[name=${f.name}]`).fill(f.valid);
  const run = c.locator('[data-role=run]');

  for (const field of FIELDS) {
    const input = c.locator(`input[name=${field.name}]`);
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    expect(describedBy, `${field.name} has aria-describedby`).not.toBe('');
    const message = page.locator(`[id="${describedBy}"]`);
    // "Next to the field": the message shares the field's wrapper with its input.
    expect(await input.evaluate((el, id) => el.parentElement?.contains(document.getElementById(id)) ?? false, describedBy)).toBe(true);
    for (const bad of BAD) {
      const expected = typeof bad.message === 'function' ? bad.message(field.max) : bad.message;
      await input.fill(bad.value);
      await run.click();
      await expect(input, `${field.name} = ${JSON.stringify(bad.value)}`).toHaveAttribute('aria-invalid', 'true');
      await expect(message).toBeVisible();
      await expect(message, `${field.name} = ${JSON.stringify(bad.value)}`).toHaveText(expected);
      await expect(input).toBeFocused(); // the first bad field gets the focus
      await expect(c).not.toHaveAttribute('data-running', '');
      await expect(c.locator('[data-role=status]')).toContainText('nothing was started');
      // The other fields are valid: no message on them.
      for (const other of FIELDS.filter((f) => f !== field)) {
        await expect(c.locator(`input[name=${other.name}]`)).not.toHaveAttribute('aria-invalid', 'true');
      }
    }
    // Shift+Enter in the field (the cell's Run shortcut) is refused the same way.
    await input.fill('-1');
    await input.press('Shift+Enter');
    await expect(message).toHaveText('At least 1.');
    await input.fill(field.valid);
  }
  // A batch larger than the training set is refused too (the bound is the training size).
  await c.locator('input[name=trainSize]').fill('64');
  await c.locator('input[name=batchSize]').fill('65');
  await run.click();
  await expect(page.locator('[id="cell-train-cnn-batchSize-error"]')).toHaveText('At most 64.');

  await expect(c.locator('[data-role=output]')).toBeEmpty();
  expect(page.workers(), 'workers started').toHaveLength(0);
  expect(requests.filter((p) => p.includes('/data/mnist/') || /worker|tfjs/i.test(p)), 'training requests').toEqual([]);
});

// The learning rate is a decimal (point or French comma), the seed a whole number.
const DECIMAL_FIELDS = [
  {
    name: 'learningRate', valid: '0,002',
    bad: [
      { value: '', message: 'This field is required.' },
      { value: 'fast', message: 'Enter a number (digits only).' },
      { value: '0', message: 'At least 0.00001.' },
      { value: '-0,01', message: 'At least 0.00001.' },
      { value: '2', message: 'At most 1.' },
    ],
  },
  {
    name: 'seed', valid: '7',
    bad: [
      { value: '', message: 'This field is required.' },
      { value: 'x', message: 'Enter a number (digits only).' },
      { value: '4,2', message: 'Enter a whole number.' },
      { value: '-1', message: 'At least 0.' },
      { value: '2147483648', message: 'At most 2147483647.' },
    ],
  },
] as const;

test('the learning rate and the seed refuse bad values next to the field, and nothing starts', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  await expect(c.locator('input[name=learningRate]')).toHaveValue('0.001');
  await expect(c.locator('input[name=seed]')).toHaveValue('42');
  await expect(c.locator('label', { hasText: 'Learning rate (Adam)' })).toBeVisible();
  await expect(c.locator('label', { hasText: 'Random seed' })).toBeVisible();
  for (const field of DECIMAL_FIELDS) {
    const input = c.locator(`input[name=${field.name}]`);
    const message = page.locator(`[id="cell-train-cnn-${field.name}-error"]`);
    expect(await input.getAttribute('aria-describedby')).toContain(`cell-train-cnn-${field.name}-error`);
    for (const bad of field.bad) {
      await input.fill(bad.value);
      await input.press('Enter');
      await expect(input, `${field.name} = ${JSON.stringify(bad.value)}`).toHaveAttribute('aria-invalid', 'true');
      await expect(message, `${field.name} = ${JSON.stringify(bad.value)}`).toHaveText(bad.message);
      await expect(input).toBeFocused();
      await expect(c).not.toHaveAttribute('data-running', '');
      await expect(c.locator('[data-role=status]')).toContainText('nothing was started');
    }
    await input.fill(field.valid);
  }
  // The presets put both back to the defaults.
  await c.locator('button[data-preset=quick]').click();
  await expect(c.locator('input[name=learningRate]')).toHaveValue('0.001');
  await expect(c.locator('input[name=seed]')).toHaveValue('42');
  await expect(c.locator('[data-role=output]')).toBeEmpty();
  expect(page.workers(), 'workers started').toHaveLength(0);
  expect(requests.filter((p) => p.includes('/data/mnist/') || /worker|tfjs/i.test(p)), 'training requests').toEqual([]);
});
