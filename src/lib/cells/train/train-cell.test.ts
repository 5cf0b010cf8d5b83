// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t, type UiKey } from '../../i18n';
import type { TrainResult } from '../../train/protocol';
import { fakeResult } from '../interpret/fixtures';
import { ProgressView } from '../progress';
import type { CellContext } from '../types';
import type { TrainHandlers } from './client-adapter';
import { run } from './train-cell';

// The engine is replaced by a trainer that replays a finished run: these tests are about what the cell shows.
const trainer = { result: fakeResult('cnn') as TrainResult, requests: [] as unknown[] };
vi.mock('./client-adapter', () => ({
  asCellError: (error: unknown) => error,
  untilDone: (handle: { done: Promise<unknown> }) => handle.done,
  getTrainer: async () => ({
    train: (request: unknown, handlers: TrainHandlers) => {
      trainer.requests.push(request);
      handlers.onBackend?.(trainer.result.backend, null);
      for (const log of trainer.result.history) handlers.onEpoch?.(log);
      return { stop: () => {}, done: Promise.resolve(trainer.result) };
    },
    predict: async () => [],
  }),
}));

const en = (key: UiKey, params?: Record<string, string | number>) => t('en', key, params);

function context(): CellContext {
  const output = document.createElement('div');
  const parts = ['div', 'div', 'span', 'p', 'p'].map((tag) => document.createElement(tag));
  const progress = new ProgressView(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!);
  return { lang: 'en', t: en, output, progress, signal: new AbortController().signal, options: fakeResult('cnn').options, backend: 'wasm', config: {} };
}

afterEach(() => {
  localStorage.clear();
  trainer.requests.length = 0;
});

describe('training cell', () => {
  it('says when the browser refused to keep the trained model, with its reason, after the figures', async () => {
    const reason = 'The requested version (1) is less than the existing version (2).';
    trainer.result = { ...fakeResult('cnn'), saveError: reason };
    const ctx = context();
    expect(await run(ctx, 'cnn')).toBe('done');
    expect(trainer.requests).toEqual([expect.objectContaining({ model: 'cnn', save: true })]);
    const notices = [...ctx.output.querySelectorAll('.rc-notice')].map((n) => n.textContent);
    expect(notices).toEqual([en('train.modelNotKept', { model: 'CNN', reason })]);
    expect(notices[0]).toContain('“Draw a digit” cell');
    expect(notices[0]!.endsWith(reason)).toBe(true);
    // The run itself is fine: its figures are shown and kept.
    expect(ctx.output.querySelector('.rc-final')?.textContent).toContain('96.10%');
    expect(ctx.output.textContent).toContain(en('store.saved'));
    expect(ctx.output.lastElementChild?.className).toBe('rc-notice');
  });

  it('sends the form\'s learning rate and seed to the trainer, with the other options, unchanged', async () => {
    trainer.result = fakeResult('cnn');
    const ctx = context();
    const options = { epochs: 2, batchSize: 64, trainSize: 3000, testSize: 1000, learningRate: 0.0005, seed: 7 };
    await run({ ...ctx, options }, 'cnn');
    expect(trainer.requests).toEqual([{ model: 'cnn', options, backend: 'wasm', save: true }]);
  });

  it('shows no such notice when the model was kept', async () => {
    trainer.result = fakeResult('lstm');
    const ctx = context();
    await run(ctx, 'lstm');
    expect(ctx.output.querySelector('.rc-notice')).toBeNull();
    expect(ctx.output.textContent).not.toContain('refused to keep');
  });
});

describe('training cell downloads', () => {
  it('offer the finished run as JSON and CSV right after its results table', async () => {
    trainer.result = fakeResult('cnn');
    const ctx = context();
    await run(ctx, 'cnn');
    const box = ctx.output.querySelector('.rc-downloads')!;
    expect(box.previousElementSibling?.matches('table.rc-results')).toBe(true);
    expect([...box.querySelectorAll('button')].map((b) => b.textContent)).toEqual([en('runfile.download.json'), en('runfile.download.csv')]);
  });

  it('offer nothing for a run stopped before its first epoch', async () => {
    trainer.result = { ...fakeResult('cnn'), history: [], stopped: true, evaluation: null };
    const ctx = context();
    expect(await run(ctx, 'cnn')).toBe('stopped');
    expect(ctx.output.querySelector('.rc-downloads')).toBeNull();
  });
});
