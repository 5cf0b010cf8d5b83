// Node entry of `npm run experiments` (bundled and started by scripts/experiments.mjs).
// Trains every arm of every experiment with each of its reference seeds, with the same code
// as the browser (src/lib/experiments/run.ts), one run at a time, and writes
// src/data/experiments/<id>.json after each run: an interrupted sweep resumes where it stopped.
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnist } from '../src/lib/data/mnist.ts';
import { fileFetch } from '../src/lib/data/node-fetch.ts';
import { runArm, type ArmResult } from '../src/lib/experiments/run.ts';
import { EXPERIMENT_IDS, EXPERIMENTS, type ExperimentId } from '../src/lib/experiments/spec.ts';
import { initReferenceBackend } from './reference-backend.ts';
import { codeVersion } from './code-version.ts';

const argv = process.argv.slice(2);
const pick = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const only = pick('only')?.split(',') as ExperimentId[] | undefined;
const outDir = pick('out') ?? 'src/data/experiments';
const CODE = codeVersion();

/** The committed file of one experiment: its configuration, every seed's result, how it ran. */
interface ExperimentFile {
  experiment: ExperimentId;
  config: unknown;
  results: ArmResult[];
  environment: Record<string, unknown>;
  sweepSeconds: number;
  complete: boolean;
}

const backend = await initReferenceBackend(pick('backend') ?? 'wasm');
const fetch = fileFetch('public');
const [train, test] = await Promise.all([
  loadMnist({ baseUrl: 'http://local/data/mnist/', split: 'train', count: 10_000, fetch, cache: null }),
  loadMnist({ baseUrl: 'http://local/data/mnist/', split: 'test', count: 2_000, fetch, cache: null }),
]);

for (const id of only ?? EXPERIMENT_IDS) {
  const exp = EXPERIMENTS[id];
  if (!exp) throw new Error(`unknown experiment ${id} (known: ${EXPERIMENT_IDS.join(', ')})`);
  const path = join(outDir, `${id}.json`);
  const file = await previous(path, exp);
  const done = new Set(file.results.map((r) => `${r.arm}/${r.seed}`));
  const load: number[] = file.environment['loadSamples'] as number[] ?? [];
  for (const seed of exp.referenceSeeds) {
    for (const arm of exp.arms) {
      if (done.has(`${arm.id}/${seed}`)) continue;
      const t0 = performance.now();
      load.push(loadavg()[0]!);
      const r = await runArm(exp, arm, seed, { train, test });
      if (!r) throw new Error('stopped');
      file.results.push(r);
      file.sweepSeconds += (performance.now() - t0) / 1000;
      file.complete = exp.referenceSeeds.every((s) => exp.arms.every((a) => file.results.some((x) => x.arm === a.id && x.seed === s)));
      file.environment = environment(load);
      await writeAtomic(path, file);
      log(`[${id}] ${arm.id} seed ${seed}: ${(r.accuracy * 100).toFixed(2)} % in ${r.fitSeconds.toFixed(1)} s (${file.results.length}/${exp.arms.length * exp.referenceSeeds.length})`);
    }
  }
}
log('experiments done');

async function previous(path: string, exp: (typeof EXPERIMENTS)[ExperimentId]): Promise<ExperimentFile> {
  const fresh: ExperimentFile = { experiment: exp.id, config: exp, results: [], environment: {}, sweepSeconds: 0, complete: false };
  try {
    const old = JSON.parse(await readFile(path, 'utf8')) as ExperimentFile;
    // A changed configuration starts over: its results would not belong together.
    return JSON.stringify(old.config) === JSON.stringify(exp) ? old : fresh;
  } catch {
    return fresh;
  }
}

function environment(load: number[]): Record<string, unknown> {
  const cpu = cpus();
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    backend, cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, node: process.version, tfjs: tf.version.tfjs,
    date: new Date().toISOString(), code: CODE, command: `npm run experiments -- ${argv.join(' ')}`.trim(),
    loadSamples: load, loadAverage: { min: r(Math.min(...load)), mean: r(load.reduce((a, b) => a + b, 0) / load.length), max: r(Math.max(...load)) },
    note: 'One run at a time, single-threaded WASM; loadAverage is the 1-minute load average when each run started; sweepSeconds is the time of every run of this file, data loading excluded.',
  };
}

async function writeAtomic(path: string, data: unknown): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify(data, null, 2) + '\n');
  await rename(`${path}.tmp`, path);
}


function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
}
