// The numbers the course quotes, computed from the committed result files (src/data).
// Imported by Node scripts too (type stripping): erasable TypeScript and .ts imports only.
import { experimentFigures, type ExperimentFigures } from './experiments.ts';
import { spread, type Spread } from './stats.ts';

/** A result file as read from disk or by Vite: its path (for the name) and its parsed JSON. */
export interface DataFile { path: string; json: unknown }

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** One full run of one model, whichever library made it. */
export interface RunFigures {
  seed: number;
  accuracy: number;
  loss: number;
  errors: number;
  seconds: number;
  /** Errors given more than 90 % probability. */
  confident90: number;
  history: { loss: number; accuracy: number; val_loss: number; val_accuracy: number; seconds: number }[];
  confusion: number[][];
  perClass: number[];
  date: string;
  cpu: string;
  cores: number;
  backend: string;
  loadMean: number | null;
  loadMax: number | null;
  /** Library versions as the file records them (node, tfjs, python, tensorflow, keras, threads). */
  versions: Record<string, string>;
  /** Only in double-fit files: the untimed first fit. */
  firstFitSeconds?: number;
}

/** Mean and range over seeds of one model's runs from one source. */
export interface SeedSpread { accuracy: Spread; errors: Spread; seconds: Spread; seeds: number[]; loadMean: Spread | null }

const MODELS = ['cnn', 'lstm'] as const;
type Model = (typeof MODELS)[number];

/** Reads one result file (TF.js reference or Keras script); null when it is not a full run. */
export function runFigures(json: unknown): RunFigures | null {
  if (!isObj(json) || !isObj(json['test']) || !isObj(json['options']) || !Array.isArray(json['history'])) return null;
  const env = isObj(json['environment']) ? json['environment'] : {};
  const load = isObj(env['loadAverage']) ? env['loadAverage'] : {};
  const accuracy = num(json['test']['accuracy']);
  const seconds = num(json['fitSeconds']);
  const seed = num(json['options']['seed']);
  const misclassified = Array.isArray(json['misclassified']) ? json['misclassified'] : [];
  if (accuracy === null || seconds === null || seed === null) return null;
  const first = num(json['firstFitSeconds']);
  return {
    seed, accuracy, seconds,
    loss: num(json['test']['loss']) ?? NaN,
    errors: num(json['misclassifiedCount']) ?? misclassified.length,
    confident90: misclassified.filter((m) => isObj(m) && (num(m['probability']) ?? 0) > 0.9).length,
    history: json['history'] as RunFigures['history'],
    confusion: (json['confusion'] ?? []) as number[][],
    perClass: (json['perClassAccuracy'] ?? []) as number[],
    date: String(env['date'] ?? ''),
    cpu: String(env['cpu'] ?? ''),
    cores: num(env['cores']) ?? 0,
    backend: String(env['backend'] ?? ''),
    loadMean: num(load['mean']),
    loadMax: num(load['max']),
    versions: Object.fromEntries(['node', 'tfjs', 'python', 'tensorflow', 'keras', 'threads']
      .filter((k) => env[k] !== undefined).map((k) => [k, String(env[k])])),
    ...(first !== null ? { firstFitSeconds: first } : {}),
  };
}

function seedSpread(runs: RunFigures[]): SeedSpread | null {
  const accuracy = spread(runs.map((r) => r.accuracy));
  const errors = spread(runs.map((r) => r.errors));
  const seconds = spread(runs.map((r) => r.seconds));
  if (!accuracy || !errors || !seconds) return null;
  const loads = runs.map((r) => r.loadMean).filter((v): v is number => v !== null);
  return { accuracy, errors, seconds, seeds: runs.map((r) => r.seed).sort((a, b) => a - b), loadMean: spread(loads) };
}

/** What a file's name says it is: source, model, double fit, seed. */
function classify(path: string): { source: 'reference' | 'keras'; model: Model; double: boolean; seed: number } | null {
  const m = /\/(reference|keras)\/(cnn|lstm)(-double)?-s(\d+)\.json$/.exec(path);
  if (!m) return null;
  return { source: m[1] as 'reference' | 'keras', model: m[2] as Model, double: m[3] !== undefined, seed: Number(m[4]) };
}

/** The whole tree the course quotes: `<V of="ref.cnn.accuracy" />` reads one leaf of it. */
export interface FigureTree {
  notebook: Record<Model, { accuracy: number; seconds: number; parameters: number; errors: number }>;
  /** The main TF.js reference run of each model: the one with the notebook options' seed. */
  ref: Partial<Record<Model, RunFigures>>;
  /** Every TF.js reference seed, mean and range. */
  refs: Partial<Record<Model, SeedSpread>>;
  /** Every Keras seed (same machine), mean and range. */
  keras: Partial<Record<Model, SeedSpread>>;
  /** The first Keras seed's run, in full (history, confusion). */
  kerasRun: Partial<Record<Model, RunFigures>>;
  /** The notebook's double fit (5 untimed + 5 timed epochs) in Keras. */
  kerasDouble: Partial<Record<Model, RunFigures>>;
  /** Every run behind refs and keras, by seed. */
  refsAll: Record<Model, RunFigures[]>;
  kerasAll: Record<Model, RunFigures[]>;
  /** The experiments' reference results, by experiment id (src/data/experiments/<id>.json). */
  exp: Record<string, ExperimentFigures>;
  /** The latest `npm run bench` that measured Keras beside TF.js (bench/results/), when there is one. */
  bench?: BenchFigures;
  /** The latest full (not --quick) `npm run bench` with headless-Chromium rows, when there is one. */
  browserBench?: BrowserBenchFigures;
  /** The training cells' presets (src/lib/models/options.ts), when the caller passes them. */
  presets?: Record<string, PresetFigures>;
  /** The served float16 reference weights checked against their float32 run (src/data/reference/weights-check.json). */
  weights?: WeightsFigures;
}

/** Size and accuracy of the reference weights as the site serves them. */
export interface WeightsFigures {
  totalBytes: number;
  tolerancePoints: number;
  models: Partial<Record<Model, { bytes: number; float32Accuracy: number; float16Accuracy: number; pointsLost: number; predictionsChanged: number }>>;
}

function weightsFigures(path: string, json: unknown): WeightsFigures {
  const bad = (why: string) => new Error(`${path}: ${why}`);
  if (!isObj(json) || !isObj(json['models'])) throw bad('not a weights check (models)');
  const totalBytes = num(json['totalBytes']);
  const tolerancePoints = num(json['tolerancePoints']);
  if (totalBytes === null || tolerancePoints === null) throw bad('totalBytes and tolerancePoints are required');
  const models: WeightsFigures['models'] = {};
  for (const model of MODELS) {
    const m = json['models'][model];
    if (!isObj(m)) throw bad(`no ${model}`);
    const [bytes, float32Accuracy, float16Accuracy, pointsLost, predictionsChanged] = ['bytes', 'float32Accuracy', 'float16Accuracy', 'pointsLost', 'predictionsChanged'].map((k) => num(m[k]));
    if ([bytes, float32Accuracy, float16Accuracy, pointsLost, predictionsChanged].some((v) => v === null)) throw bad(`${model} lacks a field`);
    models[model] = { bytes: bytes!, float32Accuracy: float32Accuracy!, float16Accuracy: float16Accuracy!, pointsLost: pointsLost!, predictionsChanged: predictionsChanged! };
  }
  return { totalBytes, tolerancePoints, models };
}

/** Training speed in one bench run: TF.js in Node (WASM, one thread) and Keras (1 and 2 threads), same images and batch. */
export interface BenchFigures {
  date: string;
  file: string;
  /** examples/s of the site's trainer (reads every 10 batches), of plain model.fit, and their ratio. */
  tfjs: Partial<Record<Model, { trainer: number; fit: number; ratio: number; examples: number }>>;
  /** examples/s of Keras by thread count ("t1", "t2"). */
  keras: Partial<Record<Model, Record<string, number>>>;
}

/** The bench figures of a bench report with Keras rows; null for any other file. */
export function benchFigures(path: string, json: unknown): BenchFigures | null {
  if (!isObj(json) || !Array.isArray(json['keras']) || json['keras'].length === 0 || !Array.isArray(json['node'])) return null;
  const out: BenchFigures = { date: String(json['date'] ?? ''), file: path.replace(/^.*\//, ''), tfjs: {}, keras: {} };
  for (const r of json['node'] as Obj[]) {
    const model = r['model'] as Model;
    if (!MODELS.includes(model) || typeof r['backend'] !== 'string' || !r['backend'].startsWith('wasm')) continue;
    out.tfjs[model] = { trainer: num(r['trainerReadEvery10']) ?? NaN, fit: num(r['modelFit']) ?? NaN, ratio: num(r['ratio']) ?? NaN, examples: num(r['examples']) ?? NaN };
  }
  for (const r of json['keras'] as Obj[]) {
    const model = r['model'] as Model;
    const rate = num(r['examplesPerSecond']);
    if (!MODELS.includes(model) || rate === null) continue;
    (out.keras[model] ??= {})[`t${String(r['threads'])}`] = rate;
  }
  return out;
}

/**
 * Training speed in headless Chromium in one bench run, by backend then model: the site's
 * trainer (metrics read every 10 batches) after a warm-up, and the time from Run to the first
 * finished batch through the real worker (worker and backend start, data, model, first batch).
 */
export interface BrowserBenchFigures {
  date: string;
  file: string;
  cpu: string;
  cores: number;
  /** examples/s, e.g. rates.wasm.cnn. */
  rates: Record<string, Partial<Record<Model, number>>>;
  /** seconds, e.g. firstBatch.webgl.cnn. */
  firstBatch: Record<string, Partial<Record<Model, number>>>;
  /** The site's trainer ÷ TF.js's model.fit, median of the rounds' ratios, e.g. fitRatio.wasm.lstm. */
  fitRatio: Record<string, Partial<Record<Model, number>>>;
  /** The quick preset on the course page, WASM, click on Run to done, median seconds: quickPreset.single.cnn, quickPreset.threads.lstm. */
  quickPreset: Partial<Record<'single' | 'threads', Partial<Record<Model, number>>>>;
  /** WASM threads used by the quick preset's threaded runs (the site's own choice on that machine). */
  quickPresetThreads?: number;
}

/** The browser figures of a full bench report with Chromium rows; null for any other file (or a --quick one). */
export function browserBenchFigures(path: string, json: unknown): BrowserBenchFigures | null {
  if (!isObj(json) || json['quick'] === true || !Array.isArray(json['browser']) || json['browser'].length === 0) return null;
  const out: BrowserBenchFigures = { date: String(json['date'] ?? ''), file: path.replace(/^.*\//, ''), cpu: String(json['cpu'] ?? ''), cores: num(json['cores']) ?? 0, rates: {}, firstBatch: {}, fitRatio: {}, quickPreset: {} };
  for (const r of json['browser'] as Obj[]) {
    const model = r['model'] as Model;
    const rate = num(r['trainerReadEvery10']);
    if (!MODELS.includes(model) || typeof r['backend'] !== 'string' || rate === null) continue;
    (out.rates[r['backend']] ??= {})[model] = rate;
    const ratio = num(r['ratio']);
    if (ratio !== null) (out.fitRatio[r['backend']] ??= {})[model] = ratio;
  }
  for (const r of (Array.isArray(json['worker']) ? json['worker'] : []) as Obj[]) {
    const model = r['model'] as Model;
    const ms = num(r['firstBatchMs']);
    if (!MODELS.includes(model) || typeof r['backend'] !== 'string' || ms === null) continue;
    (out.firstBatch[r['backend']] ??= {})[model] = ms / 1000;
  }
  for (const r of (Array.isArray(json['quickPresetSummary']) ? json['quickPresetSummary'] : []) as Obj[]) {
    const model = r['model'] as Model;
    if (!MODELS.includes(model)) continue;
    for (const mode of ['single', 'threads'] as const) {
      const seconds = num(r[`${mode}Seconds`]);
      if (seconds !== null) (out.quickPreset[mode] ??= {})[model] = seconds;
    }
  }
  for (const r of (Array.isArray(json['quickPreset']) ? json['quickPreset'] : []) as Obj[]) {
    const threads = isObj(r['stored']) ? num(r['stored']['threads']) : null;
    if (r['mode'] === 'threads' && r['ok'] === true && threads !== null) out.quickPresetThreads = threads;
  }
  return out;
}

/** A preset's options and the training examples it goes through (epochs × trainSize). */
export interface PresetFigures { epochs: number; trainSize: number; testSize: number; batchSize: number; examples: number }

/** Builds the tree from the notebook file and every result file; `mainSeed` picks `ref`; `presets` fills `presets`. */
export function buildFigureTree(
  notebook: unknown, files: readonly DataFile[], mainSeed: number,
  presets?: Readonly<Record<string, Readonly<{ epochs: number; trainSize: number; testSize: number; batchSize: number }>>>,
): FigureTree {
  const nb = isObj(notebook) && isObj(notebook['models']) ? notebook['models'] : {};
  const tree: FigureTree = { notebook: {} as FigureTree['notebook'], ref: {}, refs: {}, keras: {}, kerasRun: {}, kerasDouble: {}, refsAll: { cnn: [], lstm: [] }, kerasAll: { cnn: [], lstm: [] }, exp: {} };
  if (presets) {
    tree.presets = Object.fromEntries(Object.entries(presets).map(([name, { epochs, trainSize, testSize, batchSize }]) =>
      [name, { epochs, trainSize, testSize, batchSize, examples: epochs * trainSize }]));
  }
  for (const file of files) {
    const m = /\/experiments\/([a-z]+)\.json$/.exec(file.path);
    if (m) tree.exp[m[1]!] = experimentFigures(file.path, file.json);
    if (/\/reference\/weights-check\.json$/.test(file.path)) tree.weights = weightsFigures(file.path, file.json);
    if (/\/bench\/results\/bench-[^/]+\.json$/.test(file.path)) {
      const b = benchFigures(file.path, file.json);
      if (b && (!tree.bench || b.date > tree.bench.date)) tree.bench = b;
      const c = browserBenchFigures(file.path, file.json);
      if (c && (!tree.browserBench || c.date > tree.browserBench.date)) tree.browserBench = c;
    }
  }
  for (const model of MODELS) {
    const m = isObj(nb[model]) ? nb[model] : {};
    const accuracy = num(m['testAccuracy']) ?? NaN;
    const testSize = isObj(notebook) ? num(notebook['testSize']) ?? 10_000 : 10_000;
    tree.notebook[model] = { accuracy, seconds: num(m['fitSeconds']) ?? NaN, parameters: num(m['parameters']) ?? NaN, errors: Math.round((1 - accuracy) * testSize) };
    const runs = { reference: [] as RunFigures[], keras: [] as RunFigures[] };
    for (const file of files) {
      const c = classify(file.path);
      if (!c || c.model !== model) continue;
      const run = runFigures(file.json);
      if (!run) throw new Error(`${file.path} is not a result file (test, options, history, fitSeconds)`);
      if (run.seed !== c.seed) throw new Error(`${file.path} holds seed ${run.seed}, its name says ${c.seed}`);
      if (c.double) {
        if (c.source === 'keras' && !tree.kerasDouble[model]) tree.kerasDouble[model] = run;
      } else runs[c.source].push(run);
    }
    runs.reference.sort((a, b) => a.seed - b.seed);
    runs.keras.sort((a, b) => a.seed - b.seed);
    tree.refsAll[model] = runs.reference;
    tree.kerasAll[model] = runs.keras;
    const main = runs.reference.find((r) => r.seed === mainSeed) ?? runs.reference[0];
    if (main) tree.ref[model] = main;
    const refs = seedSpread(runs.reference);
    if (refs) tree.refs[model] = refs;
    const keras = seedSpread(runs.keras);
    if (keras) tree.keras[model] = keras;
    if (runs.keras[0]) tree.kerasRun[model] = runs.keras[0];
  }
  return tree;
}

/** The leaf at a dotted path ("ref.cnn.history.4.val_loss"); throws with the path when absent. */
export function lookup(tree: FigureTree, path: string): unknown {
  let node: unknown = tree;
  for (const key of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isObj(node) && Object.hasOwn(node, key)) node = node[key];
    else throw new Error(`no figure "${path}" in src/data (stopped at "${key}")`);
  }
  if (node === undefined) throw new Error(`no figure "${path}" in src/data`);
  return node;
}
