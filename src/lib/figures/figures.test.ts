import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import notebook from '../../data/notebook.json';
import { buildFigureTree, dataFiles, figureText, figureTree, formatFigure, lookup } from './index';
import { findHandTyped } from './hand-typed';

const DOCS = 'src/content/docs';
const mdxFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? mdxFiles(join(dir, e.name)) : e.name.endsWith('.mdx') ? [join(dir, e.name)] : []));

// Figures in the prose that are not results of a run (spaces normalised to U+0020).
const ALLOWED: Record<string, string[]> = {
  // The suggested session's timetable.
  'enseignants.mdx': ['10 min', '15 min'],
  'en/enseignants.mdx': ['10 min', '15 min'],
};

describe('formatFigure', () => {
  it('writes each format in both languages', () => {
    expect(formatFigure(0.991, 'pct', 'fr')).toBe('99,10\u202F%');
    expect(formatFigure(0.991, 'pct', 'en')).toBe('99.10%');
    expect(formatFigure(1011466, 'int', 'fr')).toBe('1\u202F011\u202F466');
    expect(formatFigure(1011466, 'int', 'en')).toBe('1,011,466');
    expect(formatFigure(994.4, 's', 'fr')).toBe('994\u202Fs');
    expect(formatFigure(994.4, 'dur', 'en')).toBe('16\u00A0min 34\u00A0s');
    expect(formatFigure(1.349, 'x', 'fr')).toBe('1,35\u202F×');
    expect(formatFigure(2_186_280, 'mb', 'fr')).toBe('2,19\u202FMo');
    expect(formatFigure(2_186_280, 'mb', 'en')).toBe('2.19\u00A0MB');
    expect(formatFigure(0.0064, 'pts', 'fr')).toBe('0,64');
    expect(formatFigure({ mean: 0.99, min: 0.9905, max: 0.9912, n: 3 }, 'pctRange', 'fr')).toBe('99,05–99,12\u202F%');
    expect(formatFigure({ mean: 800, min: 737, max: 812, n: 3 }, 'sRange', 'en')).toBe('737–812\u00A0s');
  });
  it('refuses a value of the wrong kind instead of writing garbage', () => {
    expect(() => formatFigure('99', 'pct', 'fr')).toThrow(/finite number/);
    expect(() => formatFigure(NaN, 'pct', 'fr')).toThrow(/finite number/);
    expect(() => formatFigure(0.9, 'pctRange', 'fr')).toThrow(/spread/);
  });
});

describe('figure tree', () => {
  const run = (seed: number, accuracy: number, seconds: number) => ({
    model: 'cnn', options: { seed }, test: { accuracy, loss: 0.03 }, fitSeconds: seconds, history: [],
    misclassified: [{ probability: 0.95 }, { probability: 0.5 }], misclassifiedCount: 2, environment: { loadAverage: { mean: 1.1, max: 1.4 } },
  });
  it('takes the main seed as ref and the spread over every seed, per source', () => {
    const tree = buildFigureTree(notebook, [
      { path: '/data/reference/cnn-s42.json', json: run(42, 0.99, 900) },
      { path: '/data/reference/cnn-s43.json', json: run(43, 0.98, 1000) },
      { path: '/data/keras/cnn-s0.json', json: run(0, 0.991, 300) },
      { path: '/data/keras/cnn-double-s0.json', json: run(0, 0.992, 310) },
    ], 42);
    expect(tree.ref.cnn?.seed).toBe(42);
    expect(tree.ref.cnn?.confident90).toBe(1);
    expect(tree.refs.cnn?.accuracy).toEqual({ mean: 0.985, min: 0.98, max: 0.99, n: 2 });
    expect(tree.refs.cnn?.seeds).toEqual([42, 43]);
    expect(tree.keras.cnn?.accuracy.n).toBe(1);
    expect(tree.kerasDouble.cnn?.accuracy).toBe(0.992);
    expect(tree.ref.cnn?.loadMean).toBe(1.1);
    expect(tree.notebook.cnn.errors).toBe(81);
    expect(tree.ref.lstm).toBeUndefined();
  });
  it('fails loudly on a file whose seed disagrees with its name or that is no result', () => {
    expect(() => buildFigureTree(notebook, [{ path: '/data/reference/cnn-s1.json', json: run(2, 0.9, 1) }], 42)).toThrow(/seed 2/);
    expect(() => buildFigureTree(notebook, [{ path: '/data/keras/lstm-s1.json', json: { nope: 1 } }], 42)).toThrow(/not a result file/);
  });
  it('looks up paths and names the missing one', () => {
    const tree = figureTree();
    expect(lookup(tree, 'notebook.cnn.accuracy')).toBe(0.9919);
    expect(() => lookup(tree, 'ref.cnn.nothing')).toThrow(/ref\.cnn\.nothing/);
    expect(figureText({ of: 'notebook.lstm.errors', minus: 'notebook.cnn.errors', as: 'int' }, 'fr')).toBe('64');
    expect(figureText({ of: 'notebook.lstm.seconds', over: 'notebook.cnn.seconds', as: 'x' }, 'en')).toBe('1.13×');
  });
  it('reads every committed result file', () => {
    const files = dataFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(() => buildFigureTree(notebook, files, 42)).not.toThrow();
  });
});

describe('no hand-typed result in the MDX pages', () => {
  it('the checker finds a hand-typed result and ignores bound figures, code and allowed values', () => {
    const page = [
      'Le CNN atteint **99,10 %** en 994 s, soit 16 minutes.',
      'Le CNN atteint <V of="ref.cnn.accuracy" as="pct" /> sur le test.',
      '```ts\nconst x = "98,09 %";\n```',
      'Le dropout en éteint 50 % en moyenne, et `12 s` est du code.',
    ].join('\n');
    expect(findHandTyped(page, ['50 %'])).toEqual(['99,10 %', '994 s', '16 minutes']);
  });
  for (const file of mdxFiles(DOCS)) {
    const name = relative(DOCS, file);
    it(`${name} quotes every result through <V>`, () => {
      expect(findHandTyped(readFileSync(file, 'utf8'), ALLOWED[name] ?? [])).toEqual([]);
    });
  }
});

describe('experiment reference files', () => {
  it('hold every arm of every experiment the page shows, with every reference seed', async () => {
    const { EXPERIMENTS, EXPERIMENT_IDS } = await import('../experiments/spec');
    const { experimentFigures } = await import('./experiments');
    const files = dataFiles().filter((f) => f.path.includes('/experiments/'));
    for (const id of EXPERIMENT_IDS) {
      const file = files.find((f) => f.path.endsWith(`/experiments/${id}.json`));
      expect(file, `src/data/experiments/${id}.json (run npm run experiments)`).toBeDefined();
      const exp = EXPERIMENTS[id];
      const figures = experimentFigures(file!.path, file!.json, { arms: exp.arms.map((a) => a.id), seeds: exp.referenceSeeds });
      expect(figures.complete, `${id}.json is complete`).toBe(true);
      // The file was made at the configuration the page runs.
      expect((file!.json as { config: unknown }).config).toEqual(JSON.parse(JSON.stringify(exp)));
      if (exp.shifts) for (const arm of exp.arms) expect(Object.keys(figures.arms[arm.id]!.shifts!)).toHaveLength(exp.shifts.length);
    }
  });
  it('a file missing a configuration fails loudly', async () => {
    const { experimentFigures } = await import('./experiments');
    const json = { results: [{ arm: 'cnn', seed: 42, accuracy: 0.9, fitSeconds: 1 }] };
    expect(() => experimentFigures('/x/seeds.json', json, { arms: ['cnn', 'lstm'], seeds: [42, 43] })).toThrow(/cnn lacks seed\(s\) 43/);
  });
});

describe('bench figures', () => {
  it('reads the latest bench with Keras rows: TF.js Node wasm trainer and fit rates, Keras rates by threads', async () => {
    const { benchFigures } = await import('./tree');
    const report = (date: string, kerasRate: number) => ({
      date, node: [{ model: 'cnn', backend: 'wasm', examples: 640, trainerReadEvery10: 300, modelFit: 250, ratio: 1.2 }, { model: 'lstm', backend: 'cpu', trainerReadEvery10: 9 }],
      keras: [{ model: 'cnn', threads: 1, examplesPerSecond: kerasRate }, { model: 'cnn', threads: 2, examplesPerSecond: kerasRate * 1.8 }],
    });
    expect(benchFigures('/bench/results/bench-x.json', { node: [] })).toBeNull();
    const b = benchFigures('/bench/results/bench-a.json', report('2026-12-03T15:00:00Z', 900))!;
    expect(b.tfjs.cnn).toEqual({ trainer: 300, fit: 250, ratio: 1.2, examples: 640 });
    expect(b.tfjs.lstm).toBeUndefined();
    expect(b.keras.cnn).toEqual({ t1: 900, t2: 1620 });
    const tree = buildFigureTree(notebook, [
      { path: '/bench/results/bench-a.json', json: report('2026-12-03T15:00:00Z', 900) },
      { path: '/bench/results/bench-b.json', json: report('2026-12-03T16:00:00Z', 950) },
      { path: '/bench/results/bench-c.json', json: { date: '2026-12-04', node: [], browser: [] } },
    ], 42);
    expect(tree.bench?.file).toBe('bench-b.json');
    expect(figureText({ of: 'bench.keras.cnn.t1', over: 'bench.tfjs.cnn.trainer', as: 'x' }, 'en', tree)).toBe('3.17×');
  });
});

describe('browser bench figures and presets', () => {
  it('reads the latest full bench with Chromium rows: trainer/10 rates and the worker’s first batch, by backend', async () => {
    const { browserBenchFigures } = await import('./tree');
    const report = (date: string, wasmCnn: number, quick = false) => ({
      date, quick, cpu: 'AMD EPYC', cores: 2, node: [],
      browser: [
        { model: 'cnn', backend: 'wasm', examples: 640, trainerReadEvery10: wasmCnn, modelFit: 280, ratio: 1.12 },
        { model: 'lstm', backend: 'webgl', examples: 192, trainerReadEvery10: 70 },
        { model: 'mlp', backend: 'wasm', trainerReadEvery10: 1 },
      ],
      worker: [{ model: 'cnn', backend: 'webgl', firstBatchMs: 6700 }],
      quickPresetSummary: [{ model: 'lstm', singleSeconds: 4.1, threadsSeconds: 5.9 }, { model: 'mlp', singleSeconds: 1 }],
      quickPreset: [{ model: 'lstm', mode: 'single', ok: true, stored: { threads: 1 } }, { model: 'lstm', mode: 'threads', ok: true, stored: { threads: 2 } }],
    });
    expect(browserBenchFigures('/bench/results/bench-x.json', { node: [], browser: [] })).toBeNull();
    expect(browserBenchFigures('/bench/results/bench-q.json', report('2026-11-27', 1, true))).toBeNull();
    const b = browserBenchFigures('/bench/results/bench-a.json', report('2026-11-26T11:00:00Z', 318))!;
    expect(b).toEqual({ date: '2026-11-26T11:00:00Z', file: 'bench-a.json', cpu: 'AMD EPYC', cores: 2, rates: { wasm: { cnn: 318 }, webgl: { lstm: 70 } }, firstBatch: { webgl: { cnn: 6.7 } }, fitRatio: { wasm: { cnn: 1.12 } },
      quickPreset: { single: { lstm: 4.1 }, threads: { lstm: 5.9 } }, quickPresetThreads: 2 });
    const tree = buildFigureTree(notebook, [
      { path: '/bench/results/bench-a.json', json: report('2026-11-26T11:00:00Z', 318) },
      { path: '/bench/results/bench-b.json', json: report('2026-11-26T12:00:00Z', 400) },
      { path: '/bench/results/bench-c.json', json: report('2026-11-27T12:00:00Z', 999, true) },
      { path: '/bench/results/bench-d.json', json: { date: '2026-12-03', node: [], browser: [], keras: [] } },
    ], 42, { quick: { epochs: 1, trainSize: 2000, testSize: 1000, batchSize: 32 } });
    expect(tree.browserBench?.file).toBe('bench-b.json');
    expect(tree.presets?.['quick']?.examples).toBe(2000);
    // A preset's training time at a measured rate, as a page writes it.
    expect(figureText({ of: 'presets.quick.examples', over: 'browserBench.rates.wasm.cnn', as: 's' }, 'fr', tree)).toBe('5\u202Fs');
  });
  it('the committed data has the presets and a browser bench', () => {
    const tree = figureTree();
    expect(lookup(tree, 'presets.notebook.examples')).toBe(300_000);
    for (const backend of ['webgl', 'wasm', 'cpu']) for (const model of ['cnn', 'lstm']) {
      expect(lookup(tree, `browserBench.rates.${backend}.${model}`)).toBeGreaterThan(0);
    }
    // The teachers' page quotes the quick preset, click to done, on one thread and on the threads the site picked.
    for (const mode of ['single', 'threads']) for (const model of ['cnn', 'lstm']) {
      expect(lookup(tree, `browserBench.quickPreset.${mode}.${model}`)).toBeGreaterThan(0);
    }
    expect(lookup(tree, 'browserBench.quickPresetThreads')).toBeGreaterThan(1);
    // The LSTM page quotes the trainer's gain over model.fit on WASM and software WebGL.
    for (const backend of ['webgl', 'wasm']) for (const model of ['cnn', 'lstm']) {
      expect(lookup(tree, `browserBench.fitRatio.${backend}.${model}`)).toBeGreaterThan(0);
    }
  });
});

describe('MNIST download sizes', () => {
  it('adds the shards each load fetches, images and labels', async () => {
    const { dataSizes } = await import('./data-sizes');
    const file = (bytes: number) => ({ name: 'f', bytes, rawBytes: 0, count: 0, start: 0, sha256: '', rawSha256: '' });
    const shard = (start: number, count: number, images: number, labels: number) => ({ start, count, images: file(images), labels: file(labels) });
    const manifest = {
      splits: {
        train: { count: 20, classCounts: [], shards: [shard(0, 10, 1000, 10), shard(10, 10, 900, 9)] },
        test: { count: 10, classCounts: [], shards: [shard(0, 10, 500, 5)] },
      },
    } as unknown as import('../data/manifest').Manifest;
    expect(dataSizes(manifest, { quick: { trainSize: 5, testSize: 1 }, full: { trainSize: 20, testSize: 10 }, edge: { trainSize: 11, testSize: 10 } }))
      .toEqual({ all: 2424, firstTrain: 1010, presets: { quick: 1515, full: 2424, edge: 2424 } });
  });
});
