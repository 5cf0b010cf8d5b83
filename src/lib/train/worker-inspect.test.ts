import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setup, trainReq, diskFetch } from './worker-test-helpers';
import type { FetchLike } from '../data/download';
import type { WorkerEvent, WorkerRequest } from './protocol';

const modelsUrl = 'http://local/data/models/';
const pixels = Float32Array.from({ length: 784 }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 1 : 0)); // a vertical bar, a "1"
const ask = (id: string, model: 'cnn' | 'lstm', view: 'predict' | 'cnn' | 'lstm', source: 'reference' | 'mine' = 'reference'): WorkerRequest =>
  ({ type: 'inspect', id, source, model, view, backend: 'cpu', wasmUrl: 'unused', modelsUrl, pixels });
const last = (events: WorkerEvent[]) => events.at(-1)!;

describe.skipIf(!existsSync('public/data/models/manifest.json'))('WorkerCore inspect (the reference models)', () => {
  it('predicts and draws maps with the reference models, without training, and frees every tensor (20 + 20)', async () => {
    const { core, events } = setup({ modelsFetch: diskFetch });
    await core.handle(ask('w', 'cnn', 'predict')); // loads the weights once
    await core.handle(ask('w2', 'lstm', 'predict'));
    const first = last(events);
    expect(first).toMatchObject({ type: 'inspection', result: { view: 'predict' } });
    const base = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await core.handle(ask(`p${i}`, i % 2 ? 'cnn' : 'lstm', 'predict'));
    for (let i = 0; i < 20; i++) await core.handle(ask(`m${i}`, 'cnn', 'cnn'));
    for (let i = 0; i < 5; i++) await core.handle(ask(`t${i}`, 'lstm', 'lstm'));
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(tf.memory().numTensors).toBe(base);
    const maps = events.find((e) => e.id === 'm0') as Extract<WorkerEvent, { type: 'inspection' }>;
    expect(maps.result.view === 'cnn' && maps.result.inside.conv2.shape).toEqual([11, 11, 64]);
    const trace = events.find((e) => e.id === 't0') as Extract<WorkerEvent, { type: 'inspection' }>;
    expect(trace.result.view === 'lstm' && trace.result.trace.steps).toBe(28);
    // The reference CNN reads a clean vertical bar as a 1.
    const cnn = events.find((e) => e.id === 'p1') as Extract<WorkerEvent, { type: 'inspection' }>;
    const probs = cnn.result.view === 'predict' ? cnn.result.probabilities : [];
    expect(probs.indexOf(Math.max(...probs))).toBe(1);
  });

  it('a damaged weights file is a "weights" error naming it; the student\'s own model still predicts', async () => {
    const corrupt: FetchLike = async (url, init) => {
      const res = await diskFetch(url, init);
      if (!url.endsWith('.f16.bin')) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      bytes[123] = bytes[123]! ^ 0xff;
      return new Response(bytes);
    };
    const { core, events } = setup({ modelsFetch: corrupt });
    await core.handle(ask('bad', 'cnn', 'predict'));
    expect(last(events)).toMatchObject({ type: 'error', code: 'weights', message: expect.stringMatching(/^cnn-s42\.f16\.bin: SHA-256 mismatch/) });
    await core.handle(trainReq('train', 'cnn', 'cpu', { trainSize: 16, testSize: 8 }));
    await core.handle(ask('mine', 'cnn', 'predict', 'mine'));
    expect(last(events)).toMatchObject({ type: 'inspection', id: 'mine', result: { view: 'predict' } });
    // Asking a view of the wrong model is refused clearly.
    await core.handle(ask('wrong', 'lstm', 'cnn', 'mine'));
    expect(last(events)).toMatchObject({ type: 'error', id: 'wrong' });
  });
});
