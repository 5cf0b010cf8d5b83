// Node entry of `npm run weights-check` (see scripts/weights-check.mjs).
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { loadMnist } from '../src/lib/data/mnist.ts';
import { fileFetch } from '../src/lib/data/node-fetch.ts';
import { toCnnTensors, toLstmTensors } from '../src/lib/data/preprocess.ts';
import { evaluate } from '../src/lib/train/evaluate.ts';
import { buildReferenceModel, fetchReferenceWeights } from '../src/lib/models/reference.ts';
import { initReferenceBackend } from './reference-backend.ts';
import { codeVersion } from './code-version.ts';

/** The budget the issue set: at most 0.05 percentage point of test accuracy lost to float16. */
const TOLERANCE_POINTS = 0.05;
const CODE_VERSION = codeVersion();
const backend = await initReferenceBackend('wasm');
const fetch = fileFetch('public');
const test = await loadMnist({ baseUrl: 'http://local/data/mnist/', split: 'test', count: 10_000, fetch, cache: null });
const models: Record<string, unknown> = {};
let pass = true;
let totalBytes = 0;
for (const kind of ['cnn', 'lstm'] as const) {
  const { entry, weights } = await fetchReferenceWeights(kind, { baseUrl: 'http://local/data/models/', fetch });
  const model = buildReferenceModel(kind, weights, entry.file);
  const data = (kind === 'cnn' ? toCnnTensors : toLstmTensors)(test);
  const ev = await evaluate(model, data.xs, data.ys);
  // Which test images the float16 model classes differently from the float32 one of the run.
  const ref = JSON.parse(await readFile(`src/data/reference/predictions/${kind}-s${entry.seed}.json`, 'utf8')) as { predicted: string };
  const wrong = new Map(ev.misclassified.map((m) => [m.index, m.predicted]));
  let changed = 0;
  for (let i = 0; i < test.count; i++) {
    const p = wrong.get(i) ?? test.labels[i]!;
    if (String(p) !== ref.predicted[i]) changed++;
  }
  const points = (entry.testAccuracy - ev.accuracy) * 100;
  const ok = Math.abs(points) <= TOLERANCE_POINTS;
  pass &&= ok;
  totalBytes += entry.bytes;
  models[kind] = { file: entry.file, bytes: entry.bytes, sha256: entry.sha256, float32Accuracy: entry.testAccuracy, float16Accuracy: ev.accuracy, pointsLost: Math.round(points * 1e4) / 1e4, predictionsChanged: changed, pass: ok };
  console.log(`${kind}: float32 ${(entry.testAccuracy * 100).toFixed(2)} %, float16 ${(ev.accuracy * 100).toFixed(2)} % (${points.toFixed(3)} point), ${changed} test predictions changed, ${ok ? 'PASS' : 'FAIL'}`);
  tf.dispose([data.xs, data.ys]);
  model.dispose();
}
const report = {
  what: 'The reference weights as the site serves them (float16, expanded to float32 on load), evaluated on the 10,000 test images in Node, against the float32 accuracy of their reference run.',
  tolerancePoints: TOLERANCE_POINTS, pass, totalBytes, models,
  environment: { backend, code: CODE_VERSION, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, tfjs: tf.version.tfjs, date: new Date().toISOString(), command: 'npm run weights-check' },
};
await writeFile('src/data/reference/weights-check.json', JSON.stringify(report, null, 2) + '\n');
console.log(`total ${totalBytes} bytes -> src/data/reference/weights-check.json`);
if (!pass) process.exit(1);
