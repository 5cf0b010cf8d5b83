import { experimental_AstroContainer as AstroContainer } from 'astro/container';
// @ts-expect-error -- jsdom ships no type declarations; only its window is used here.
import { JSDOM } from 'jsdom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import RunCell from '../../components/RunCell.astro';
import type { CellContext, CellController } from './types';
import { CellError } from './types';

// The controllers are replaced by a spy: these tests are about the shell.
const controller: { run: CellController['run'] } = { run: async () => 'done' };
vi.mock('./registry', () => ({ loadController: vi.fn(async () => ({ run: (ctx: CellContext) => controller.run(ctx) })) }));

// The component is rendered server-side (node), then brought to life in a jsdom window:
// the shell module reads browser globals when it loads, so they are set first.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const g = globalThis as Record<string, unknown>;
for (const name of ['window', 'document', 'HTMLElement', 'customElements', 'KeyboardEvent', 'Event', 'Node']) {
  g[name] = name === 'window' ? dom.window : (dom.window as unknown as Record<string, unknown>)[name];
}
const { document, KeyboardEvent } = dom.window;
const { defineRunCell } = await import('./run-cell');
let container: AstroContainer;

beforeAll(async () => {
  container = await AstroContainer.create();
  defineRunCell();
});
afterEach(() => {
  document.body.replaceChildren();
  controller.run = async () => 'done';
});

async function mount(props: Record<string, unknown>, lang = 'en'): Promise<HTMLElement> {
  const html = await container.renderToString(RunCell, {
    props,
    locals: { starlightRoute: { lang } } as never, // the component only reads starlightRoute.lang
    slots: { default: '<pre><code>model.fit()</code></pre>' },
  });
  document.body.innerHTML = html;
  return document.querySelector('run-cell') as HTMLElement;
}

const q = <T extends Element = HTMLElement>(root: Element, sel: string) => root.querySelector<T & Element>(sel) as T;
const tick = () => new Promise((r) => setTimeout(r, 0));
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await tick();
}

describe('<run-cell> shell', () => {
  it('renders the code, an enabled Run button and Jupyter prompts in the page language', async () => {
    const cell = await mount({ kind: 'mnist-load' }, 'fr');
    expect(q(cell, '.rc-code').textContent).toContain('model.fit()');
    const run = q<HTMLButtonElement>(cell, '[data-role=run]');
    expect(run.disabled).toBe(false);
    expect(run.getAttribute('aria-label')).toBe('Exécuter la cellule «\u202fCharger MNIST\u202f»');
    expect(q(cell, '[data-role=prompt-in]').textContent).toBe('Entrée [ ]\u202f:');
    expect(q(cell, '[role=progressbar]').getAttribute('aria-valuenow')).toBe('0');
  });

  it('runs the controller, shows its output, numbers the execution and announces the end', async () => {
    controller.run = async (ctx) => {
      ctx.output.append('hello');
      ctx.progress.set(0.5, 'half');
      expect(q(document.body, '[role=progressbar]').getAttribute('aria-valuenow')).toBe('50');
      return 'done';
    };
    const cell = await mount({ kind: 'mnist-load' });
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    expect(q(cell, '[data-role=output]').textContent).toBe('hello');
    expect(q(cell, '[data-role=prompt-in]').textContent).toMatch(/^In \[\d+\]:$/);
    expect(q(cell, '[data-role=status]').textContent).toMatch(/^Done in/);
    // Running again replaces the output instead of appending to it.
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    expect(q(cell, '[data-role=output]').textContent).toBe('hello');
  });

  // A double click's second click (detail 2) is not a request to stop the run its first one started.
  it.each([
    { how: 'a click', clicks: [1] },
    { how: 'a double click', clicks: [1, 2] },
  ])('started by $how, turns Run into Stop while running, and Stop aborts the controller', async ({ clicks }) => {
    let seen: AbortSignal | null = null;
    controller.run = (ctx) => new Promise((resolve) => {
      seen = ctx.signal;
      ctx.signal.addEventListener('abort', () => resolve('stopped'));
    });
    const cell = await mount({ kind: 'mnist-load' });
    const run = q<HTMLButtonElement>(cell, '[data-role=run]');
    const click = (detail: number) => run.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, detail }));
    for (const detail of clicks) click(detail);
    await settle();
    expect(seen!.aborted).toBe(false);
    expect(cell.hasAttribute('data-running')).toBe(true);
    expect(q(cell, '[data-role=run-text]').textContent).toBe('Stop');
    click(1);
    await settle();
    expect(seen!.aborted).toBe(true);
    expect(q(cell, '[data-role=run-text]').textContent).toBe('Run');
    expect(q(cell, '[data-role=status]').textContent).toBe('Stopped, as you asked.');
  });

  it('words errors for students, keeps the detail, and lets the student run again', async () => {
    controller.run = async () => {
      throw new CellError('busy', 'client busy');
    };
    const cell = await mount({ kind: 'mnist-load' });
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    const alert = q(cell, '[role=alert]');
    expect(alert.textContent).toContain('Another training is already running on this page');
    expect(alert.querySelector('code')?.textContent).toBe('client busy');
    controller.run = async () => {
      throw Object.assign(new Error('shard 3: SHA-256 mismatch'), { name: 'MnistDataError' });
    };
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    expect(cell.querySelectorAll('[role=alert]')).toHaveLength(1);
    expect(q(cell, '[role=alert]').textContent).toContain('MNIST images could not be downloaded');
  });

  it('runs on Shift+Enter when the focus is inside the cell', async () => {
    const run = vi.fn(async () => 'done' as const);
    controller.run = run;
    const cell = await mount({ kind: 'mnist-load' });
    q(cell, '[data-role=run]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    await settle();
    expect(run).toHaveBeenCalledTimes(1);
    q(cell, '[data-role=run]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle();
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('<run-cell> options form', () => {
  it('refuses invalid options next to the field and never calls the controller', async () => {
    const run = vi.fn(async () => 'done' as const);
    controller.run = run;
    const cell = await mount({ kind: 'train-cnn' });
    const epochs = q<HTMLInputElement>(cell, 'input[name=epochs]');
    epochs.value = '0';
    q<HTMLInputElement>(cell, 'input[name=batchSize]').value = 'abc';
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    expect(run).not.toHaveBeenCalled();
    expect(epochs.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(epochs.getAttribute('aria-describedby')!)!;
    expect(message.hidden).toBe(false);
    expect(message.textContent).toBe('At least 1.');
    expect(document.getElementById(q(cell, 'input[name=batchSize]').getAttribute('aria-describedby')!)!.textContent).toBe('Enter a number (digits only).');
    expect(q(cell, '[data-role=status]').textContent).toContain('nothing was started');
  });

  it('hands validated options, preset test size and backend to the controller', async () => {
    let got: CellContext | null = null;
    controller.run = async (ctx) => {
      got = ctx;
      return 'done';
    };
    const cell = await mount({ kind: 'train-lstm' });
    q<HTMLInputElement>(cell, 'input[name=trainSize]').value = '3000';
    q<HTMLSelectElement>(cell, 'select[name=backend]').value = 'wasm';
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    expect(got!.options).toMatchObject({ epochs: 1, trainSize: 3000, batchSize: 32, testSize: 1000 });
    expect(got!.backend).toBe('wasm');
  });

  it('runs on Enter in a field exactly as Run does: refused while invalid, then with the typed options', async () => {
    const run = vi.fn(async (_ctx: CellContext) => 'done' as const);
    controller.run = run;
    const cell = await mount({ kind: 'train-cnn' });
    const epochs = q<HTMLInputElement>(cell, 'input[name=epochs]');
    const press = (target: Element, key = 'Enter') => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    epochs.value = '0';
    expect(press(epochs), 'Enter was handled (no native submission)').toBe(false);
    await settle();
    expect(run).not.toHaveBeenCalled();
    expect(epochs.getAttribute('aria-invalid')).toBe('true');
    expect(q(cell, '[data-role=status]').textContent).toContain('nothing was started');
    epochs.value = '2';
    press(q(cell, 'input[name=trainSize]'));
    await settle();
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]![0].options).toMatchObject({ epochs: 2, trainSize: 2000 });
    expect(epochs.hasAttribute('aria-invalid')).toBe(false);
    // Other keys, and Enter on a preset button (which activates that button), do not run the cell.
    press(epochs, 'a');
    press(q(cell, 'button[data-preset=quick]'));
    await settle();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps one run at a time when Enter is pressed in a field during a run', async () => {
    const run = vi.fn((ctx: CellContext) => new Promise<'stopped'>((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped'))));
    controller.run = run;
    const cell = await mount({ kind: 'train-lstm' });
    const field = q<HTMLInputElement>(cell, 'input[name=batchSize]');
    const enter = () => field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    enter();
    await settle();
    expect(cell.hasAttribute('data-running')).toBe(true);
    expect(field.disabled).toBe(true);
    enter(); // a disabled field still receives a synthetic key event: start() itself must refuse
    await settle();
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]![0].signal.aborted).toBe(false);
  });

  it('shows the learning rate and the seed, labelled, with the notebook defaults and where they come from', async () => {
    for (const [lang, rate, labels, note] of [
      ['en', '0.001', ['Learning rate (Adam)', 'Random seed'], /^Defaults: the notebook’s learning rate \(0\.001, Keras’ default\) and the reference runs’ seed \(42\)\.$/],
      ['fr', '0,001', ['Taux d’apprentissage (Adam)', 'Graine aléatoire'], /^Par défaut\u202f: le taux d’apprentissage du notebook \(0,001, celui de Keras\) et la graine des exécutions de référence \(42\)\.$/],
    ] as const) {
      const cell = await mount({ kind: 'train-cnn' }, lang);
      const names = [...cell.querySelectorAll<HTMLInputElement>('form input')].map((i) => i.name);
      expect(names).toEqual(['epochs', 'trainSize', 'batchSize', 'learningRate', 'seed']);
      const rateInput = q<HTMLInputElement>(cell, 'input[name=learningRate]');
      const seedInput = q<HTMLInputElement>(cell, 'input[name=seed]');
      expect(rateInput.value).toBe(rate);
      expect(seedInput.value).toBe('42');
      expect(rateInput.getAttribute('inputmode')).toBe('decimal');
      expect(seedInput.getAttribute('inputmode')).toBe('numeric');
      expect([rateInput, seedInput].map((i) => q(cell, `label[for="${i.id}"]`).textContent)).toEqual(labels);
      for (const input of [rateInput, seedInput]) {
        const [error, hint] = input.getAttribute('aria-describedby')!.split(' ');
        expect(error).toBe(`${input.id}-error`);
        expect(document.getElementById(hint!)!.textContent).toMatch(note);
      }
    }
  });

  it('hands the typed learning rate (decimal comma or point) and seed to the controller, on Run and on Enter', async () => {
    const run = vi.fn(async (_ctx: CellContext) => 'done' as const);
    controller.run = run;
    const cell = await mount({ kind: 'train-lstm' }, 'fr');
    const rate = q<HTMLInputElement>(cell, 'input[name=learningRate]');
    const seed = q<HTMLInputElement>(cell, 'input[name=seed]');
    rate.value = '0,005';
    seed.value = '7';
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    expect(run.mock.calls[0]![0].options).toEqual({ epochs: 1, batchSize: 32, trainSize: 2000, testSize: 1000, learningRate: 0.005, seed: 7 });
    rate.value = '0.0002';
    seed.value = '2147483647';
    expect(seed.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))).toBe(false);
    await settle();
    expect(run).toHaveBeenCalledTimes(2);
    expect(run.mock.calls[1]![0].options).toMatchObject({ learningRate: 0.0002, seed: 2147483647 });
  });

  it.each([
    ['en', 'learningRate', '', 'This field is required.'],
    ['en', 'learningRate', 'fast', 'Enter a number (digits only).'],
    ['en', 'learningRate', '0', 'At least 0.00001.'],
    ['fr', 'learningRate', '0', 'Au moins 0,00001.'],
    ['en', 'learningRate', '1,5', 'At most 1.'],
    ['en', 'seed', '', 'This field is required.'],
    ['en', 'seed', 'x', 'Enter a number (digits only).'],
    ['en', 'seed', '4,2', 'Enter a whole number.'],
    ['fr', 'seed', '4.2', 'Entrez un nombre entier.'],
    ['en', 'seed', '-1', 'At least 0.'],
    ['en', 'seed', '2147483648', 'At most 2147483647.'],
  ] as const)('(%s) refuses %s = %j next to the field: %s', async (lang, name, value, message) => {
    const run = vi.fn(async () => 'done' as const);
    controller.run = run;
    const cell = await mount({ kind: 'train-cnn' }, lang);
    const input = q<HTMLInputElement>(cell, `input[name=${name}]`);
    input.value = value;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle();
    expect(run).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const box = document.getElementById(`${input.id}-error`)!;
    expect(box.hidden).toBe(false);
    expect(box.textContent).toBe(message);
    expect(document.activeElement).toBe(input);
    const others = [...cell.querySelectorAll<HTMLInputElement>('form input')].filter((i) => i !== input);
    expect(others.filter((i) => i.hasAttribute('aria-invalid'))).toEqual([]);
  });

  it('resets the learning rate and the seed to the defaults with either preset', async () => {
    let got: CellContext | null = null;
    controller.run = async (ctx) => {
      got = ctx;
      return 'done';
    };
    const cell = await mount({ kind: 'train-cnn' }, 'fr');
    const rate = q<HTMLInputElement>(cell, 'input[name=learningRate]');
    const seed = q<HTMLInputElement>(cell, 'input[name=seed]');
    for (const preset of ['quick', 'notebook'] as const) {
      rate.value = '0';
      seed.value = '99';
      q<HTMLButtonElement>(cell, '[data-role=run]').click(); // marks the bad rate
      await settle();
      expect(rate.getAttribute('aria-invalid')).toBe('true');
      q<HTMLButtonElement>(cell, `button[data-preset=${preset}]`).click();
      expect([rate.value, seed.value]).toEqual(['0,001', '42']);
      expect(rate.hasAttribute('aria-invalid')).toBe(false);
      q<HTMLButtonElement>(cell, '[data-role=run]').click();
      await settle();
      expect(got!.options).toMatchObject({ learningRate: 0.001, seed: 42 });
    }
  });

  it('applies the notebook preset, and batch size may not exceed the training examples', async () => {
    const cell = await mount({ kind: 'train-cnn' });
    q<HTMLButtonElement>(cell, 'button[data-preset=notebook]').click();
    expect(q<HTMLInputElement>(cell, 'input[name=trainSize]').value).toBe('60000');
    expect(q<HTMLInputElement>(cell, 'input[name=epochs]').value).toBe('5');
    q<HTMLInputElement>(cell, 'input[name=trainSize]').value = '10';
    q<HTMLButtonElement>(cell, '[data-role=run]').click();
    await settle();
    const batch = q<HTMLInputElement>(cell, 'input[name=batchSize]');
    expect(batch.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(batch.getAttribute('aria-describedby')!)!.textContent).toBe('At most 10.');
  });
});
