import { experimental_AstroContainer as AstroContainer } from 'astro/container';
// @ts-expect-error -- jsdom ships no type declarations; only its window is used here.
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import DrawDigit from '../../../components/DrawDigit.astro';
import { t } from '../../i18n';
import { fakeResult } from '../interpret/fixtures';
import type { TrainResult } from '../../train/protocol';

// The engine is replaced: the browser "refuses" to keep the model the quick training made.
const reason = 'The requested version (1) is less than the existing version (2).';
const calls = { train: [] as unknown[], predict: 0, inspect: 0 };
vi.mock('../train/client-adapter', () => ({
  asCellError: (error: unknown) => error,
  getTrainer: async () => ({
    train: (request: unknown) => {
      calls.train.push(request);
      return { stop: () => {}, done: Promise.resolve({ ...fakeResult('cnn'), saveError: reason } as TrainResult) };
    },
    predict: async () => {
      calls.predict++;
      throw Object.assign(new Error('no model'), { code: 'no-model' });
    },
    inspect: async () => {
      calls.inspect++;
      return { view: 'predict', probabilities: [0.1, 0, 0, 0, 0, 0, 0, 0.9, 0, 0] };
    },
  }),
}));

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const g = globalThis as Record<string, unknown>;
for (const name of ['window', 'document', 'HTMLElement', 'customElements', 'Event', 'Node', 'getComputedStyle']) {
  g[name] = name === 'window' ? dom.window : (dom.window as unknown as Record<string, unknown>)[name];
}
// jsdom has no 2D canvas; the pad only needs a context to exist until someone draws.
dom.window.HTMLCanvasElement.prototype.getContext = () => ({}) as never;
const { document } = dom.window;
const { defineDrawDigit } = await import('./draw-digit');

beforeAll(() => defineDrawDigit());

describe('<draw-digit> quick training', () => {
  it('says the browser refused to keep the model, with its reason, instead of predicting', async () => {
    const container = await AstroContainer.create();
    document.body.innerHTML = await container.renderToString(DrawDigit, { locals: { starlightRoute: { lang: 'en' } } as never });
    const host = document.querySelector('draw-digit') as HTMLElement;
    const button = host.querySelector('[data-role="quick-train"]') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    button.click();
    const status = host.querySelector('[data-role="status"]') as HTMLElement;
    await vi.waitFor(() => expect(status.textContent).toBe(t('en', 'draw.notKept', { model: 'CNN', reason })));
    // It stopped after the first model: no LSTM training, no prediction that could only say "no model".
    expect(calls.train).toEqual([expect.objectContaining({ model: 'cnn', save: true })]);
    expect(calls.predict).toBe(0);
    expect(button.textContent).toBe(t('en', 'draw.quickTrain'));
  });
});
