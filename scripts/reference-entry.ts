// Node entry of `npm run reference` (bundled and started by scripts/reference.mjs).
// Trains the notebook's models with the site's own trainer at the notebook's full
// configuration, resumable per epoch, and writes src/data/reference/<model>-s<seed>.json.
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnist } from '../src/lib/data/mnist.ts';
import { fileFetch } from '../src/lib/data/node-fetch.ts';
import { toCnnTensors, toLstmTensors } from '../src/lib/data/preprocess.ts';
import { compileModel, createModel, NOTEBOOK_OPTIONS } from '../src/lib/models/index.ts';
import { train } from '../src/lib/train/trainer.ts';
import { forwardFor } from '../src/lib/train/forward.ts';
import { evaluate } from '../src/lib/train/evaluate.ts';
import { captureState, restoreState, type TensorSpec } from '../src/lib/train/checkpoint.ts';
import type { EpochLog, ModelKind, TrainOptions } from '../src/lib/train/protocol.ts';
import { initReferenceBackend } from './reference-backend.ts';
import { codeVersion } from './code-version.ts';
import { encodeWeights } from '../src/lib/models/weights-file.ts';

const args = parseArgs(process.argv.slice(2));
// Read at the start: commits made while a run goes on must not be credited with it.
const CODE_VERSION = codeVersion();
const options: TrainOptions = {
  ...NOTEBOOK_OPTIONS,
  epochs: num('epochs', NOTEBOOK_OPTIONS.epochs), batchSize: num('batch-size', NOTEBOOK_OPTIONS.batchSize),
  trainSize: num('train-size', NOTEBOOK_OPTIONS.trainSize), testSize: num('test-size', NOTEBOOK_OPTIONS.testSize),
  seed: num('seed', NOTEBOOK_OPTIONS.seed),
};
// The seed is not part of the configuration: full runs with several seeds measure the spread.
const isFull = (Object.keys(NOTEBOOK_OPTIONS) as (keyof TrainOptions)[]).every((k) => k === 'seed' || options[k] === NOTEBOOK_OPTIONS[k]);
const models: ModelKind[] = args.model === 'all' || args.model === undefined ? ['cnn', 'lstm'] : [args.model as ModelKind];
const backendName = args.backend ?? 'wasm';
// Smoke runs (any non-notebook setting) never touch the committed outputs or the full runs' state.
const outDir = args.out ?? (isFull ? 'src/data/reference' : '.reference-state/smoke');
const tag = isFull ? `-s${options.seed}` : `-n${options.trainSize}-t${options.testSize}-e${options.epochs}-b${options.batchSize}-s${options.seed}`;

interface SavedState {
  version: 1;
  options: TrainOptions;
  history: EpochLog[];
  fitSeconds: number;
  resumes: { atEpoch: number; date: string }[];
  weights: { file: string; specs: TensorSpec[] };
  optimizer: { file: string; specs: TensorSpec[] };
}

const backend = await initReferenceBackend(backendName, args['no-patch'] === undefined);
for (const kind of models) await runOne(kind);

async function runOne(kind: ModelKind): Promise<void> {
  const stateDir = join('.reference-state', kind + tag);
  const t0 = performance.now();
  const fetch = fileFetch('public');
  const [trainSet, testSet] = await Promise.all([
    loadMnist({ baseUrl: 'http://local/data/mnist/', split: 'train', count: options.trainSize, fetch, cache: null }),
    loadMnist({ baseUrl: 'http://local/data/mnist/', split: 'test', count: options.testSize, fetch, cache: null }),
  ]);
  const toTensors = kind === 'cnn' ? toCnnTensors : toLstmTensors;
  const tr = toTensors(trainSet);
  const te = toTensors(testSet);
  const dataSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const model = createModel(kind, options.seed);
  compileModel(model, { learningRate: options.learningRate });
  const optimizer = model.optimizer;
  const buildSeconds = (performance.now() - t1) / 1000;

  let saved = args.fresh ? null : await readState(stateDir);
  if (saved && JSON.stringify(saved.options) !== JSON.stringify(options)) saved = null;
  if (saved) {
    await restoreState(model, optimizer, {
      weights: { specs: saved.weights.specs, bytes: await readFile(join(stateDir, saved.weights.file)) },
      optimizer: { specs: saved.optimizer.specs, bytes: await readFile(join(stateDir, saved.optimizer.file)) },
    });
    saved.resumes.push({ atEpoch: saved.history.length, date: new Date().toISOString() });
    log(`[${kind}] resuming after epoch ${saved.history.length} (${saved.fitSeconds.toFixed(0)} s of fit so far)`);
  }
  const history = saved?.history ?? [];
  const resumes = saved?.resumes ?? [];
  let fitBefore = saved?.fitSeconds ?? 0;
  let lastPrint = 0;
  // The 1-minute load average every 10 s: the file says how busy the machine was, not a guess.
  const load: number[] = [loadavg()[0]!];
  let lastLoad = performance.now();
  log(`[${kind}] ${backend} | train ${options.trainSize} test ${options.testSize} | epochs ${options.epochs} batch ${options.batchSize} | data ${dataSeconds.toFixed(1)} s`);

  await train(model, { xTrain: tr.xs, yTrain: tr.ys, xTest: te.xs, yTest: te.ys }, { ...options, initialEpoch: history.length }, {
    onBatch: (b) => {
      if (performance.now() - lastLoad >= 10_000) {
        lastLoad = performance.now();
        load.push(loadavg()[0]!);
      }
      if (performance.now() - lastPrint < 30_000 && b.batch !== b.batchesPerEpoch) return;
      lastPrint = performance.now();
      log(`[${kind}] epoch ${b.epoch + 1}/${options.epochs} batch ${b.batch}/${b.batchesPerEpoch} loss ${b.loss.toFixed(4)} acc ${b.accuracy.toFixed(4)} | ${b.examplesPerSecond.toFixed(1)} ex/s | ETA ${fmt(b.etaSeconds)}`);
    },
    onEpoch: async (e) => {
      history.push(e);
      fitBefore += e.seconds;
      log(`[${kind}] epoch ${e.epoch + 1} done in ${e.seconds.toFixed(1)} s: loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(4)} val_loss ${e.val_loss.toFixed(4)} val_acc ${e.val_accuracy.toFixed(4)}`);
      const s = await captureState(model, optimizer);
      await writeState(stateDir, { version: 1, options, history, fitSeconds: fitBefore, resumes,
        weights: { file: `weights-e${e.epoch + 1}.bin`, specs: s.weights.specs },
        optimizer: { file: `optimizer-e${e.epoch + 1}.bin`, specs: s.optimizer.specs } }, s.weights.bytes, s.optimizer.bytes);
    },
  });

  const ev = await evaluate(model, te.xs, te.ys);
  const saved16 = await saveWeights(model, kind);
  const predictions = await predictAll(model, te.xs);
  const cpu = cpus();
  const report = {
    model: kind, options, notebookConfig: isFull, history, fitSeconds: fitBefore, dataSeconds, buildSeconds,
    test: { loss: ev.loss, accuracy: ev.accuracy }, confusion: ev.confusion, perClassAccuracy: ev.perClassAccuracy,
    misclassifiedCount: ev.misclassified.length, misclassified: ev.misclassified,
    resumed: resumes.length > 0, resumes,
    ...(resumes.length > 0 ? { resumeNote: 'Weights and Adam state were restored exactly and the shuffle order depends only on (seed, epoch), but dropout masks restart their sequence on resume: the run is not bit-identical to an uninterrupted one.' } : {}),
    environment: {
      backend, forward: forwardFor(model).path, optimizer: model.optimizer.constructor.name, code: CODE_VERSION,
      cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, node: process.version, tfjs: tf.version.tfjs,
      date: new Date().toISOString(), seed: options.seed, command: `npm run reference -- ${process.argv.slice(2).join(' ')}`.trim(),
      loadAverage: loadSummary(load),
      note: 'fitSeconds sums the epochs (training + validation), as the notebook timed model.fit; loadAverage is the 1-minute load average sampled about every 10 s during training (this process alone keeps it near 1).',
    },
  };
  await mkdir(outDir, { recursive: true });
  const out = join(outDir, `${kind}${tag}.json`);
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');
  await mkdir(join(outDir, 'predictions'), { recursive: true });
  const predOut = join(outDir, 'predictions', `${kind}${tag}.json`);
  await writeFile(predOut, JSON.stringify({
    model: kind, seed: options.seed, code: CODE_VERSION, count: predictions.predicted.length,
    note: 'For each test image, in order: the predicted class (one digit per image) and the probability the model gave it, from the float32 model at the end of the run.',
    predicted: predictions.predicted, probability: predictions.probability,
  }) + '\n');
  log(`[${kind}] test accuracy ${(ev.accuracy * 100).toFixed(2)} %, fit ${fitBefore.toFixed(0)} s -> ${out}, ${saved16}, ${predOut}`);
  tf.dispose([tr.xs, tr.ys, te.xs, te.ys]);
  model.dispose();
  optimizer.dispose();
}

/** The final weights as float16 (what the site serves), with their tensor list: weights/<model><tag>.f16.bin + .json. */
async function saveWeights(model: tf.LayersModel, kind: ModelKind): Promise<string> {
  const tensors = await Promise.all(model.weights.map(async (w) => ({ name: w.originalName, shape: w.shape as number[], values: (await w.read().data()) as Float32Array })));
  const { specs, bytes } = encodeWeights(tensors);
  const dir = join(outDir, 'weights');
  await mkdir(dir, { recursive: true });
  const bin = join(dir, `${kind}${tag}.f16.bin`);
  await writeFile(bin, bytes);
  await writeFile(join(dir, `${kind}${tag}.json`), JSON.stringify({
    model: kind, seed: options.seed, dtype: 'float16', code: CODE_VERSION, params: specs.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0),
    file: `${kind}${tag}.f16.bin`, specs,
  }, null, 1) + '\n');
  return bin;
}

/** Class and probability of every test image (in batches, so 10,000 never sit in memory as one tensor). */
async function predictAll(model: tf.LayersModel, xs: tf.Tensor): Promise<{ predicted: string; probability: number[] }> {
  let predicted = '';
  const probability: number[] = [];
  for (let s = 0; s < xs.shape[0]; s += 500) {
    const n = Math.min(500, xs.shape[0] - s);
    const [cls, p] = tf.tidy(() => {
      const out = model.predict(xs.slice(s, n)) as tf.Tensor;
      return [out.argMax(-1), out.max(-1)];
    });
    const [c, v] = await Promise.all([cls.data(), p.data()]);
    tf.dispose([cls, p]);
    predicted += Array.from(c).join('');
    for (const x of v) probability.push(Math.round(x * 1e4) / 1e4);
  }
  return { predicted, probability };
}

async function readState(dir: string): Promise<SavedState | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as SavedState;
  } catch {
    return null;
  }
}

/** state.json is renamed into place last: it is the commit point, so a crash leaves the previous epoch intact. */
async function writeState(dir: string, state: SavedState, weights: Uint8Array, opt: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  const previous = await readState(dir);
  await writeFile(join(dir, state.weights.file), weights);
  await writeFile(join(dir, state.optimizer.file), opt);
  await writeFile(join(dir, 'state.json.tmp'), JSON.stringify(state));
  await rename(join(dir, 'state.json.tmp'), join(dir, 'state.json'));
  for (const f of [previous?.weights.file, previous?.optimizer.file]) {
    if (f && f !== state.weights.file && f !== state.optimizer.file) await rm(join(dir, f), { force: true });
  }
}


function parseArgs(argv: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out[k] = argv[++i];
    else out[k] = 'true';
  }
  return out;
}

function num(name: string, fallback: number): number {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
}

function loadSummary(samples: number[]): { samples: number; intervalSeconds: number; min: number; mean: number; max: number } {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { samples: samples.length, intervalSeconds: 10, min: r(Math.min(...samples)), mean: r(samples.reduce((a, b) => a + b, 0) / samples.length), max: r(Math.max(...samples)) };
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.round(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
}

function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
}
