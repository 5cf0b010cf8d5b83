// manifest.json describes the shards written by scripts/prepare-data.mjs, which also
// imports this file (Node 24 type stripping): erasable TypeScript and .ts imports only.
import { MnistDataError } from './errors.ts';

/** Identifies the manifest layout; bumped on any incompatible change. */
export const MANIFEST_FORMAT = 'mnist-shards';
/** Current layout version of manifest.json. */
export const MANIFEST_VERSION = 1;
/** Pixels of one 28x28 image. */
export const IMAGE_BYTES = 28 * 28;

/** One gzip file: `bytes`/`sha256` describe the .gz file, `rawBytes`/`rawSha256` its payload. */
export interface ManifestFile {
  name: string;
  bytes: number;
  rawBytes: number;
  count: number;
  start: number;
  sha256: string;
  rawSha256: string;
}

/** A run of consecutive examples: `images` holds count*784 raw pixels, `labels` count bytes. */
export interface ManifestShard {
  start: number;
  count: number;
  images: ManifestFile;
  labels: ManifestFile;
}

/** One split (train or test) in file order. */
export interface ManifestSplit {
  count: number;
  classCounts: number[];
  shards: ManifestShard[];
}

/** The whole manifest.json. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  source: { description: string; files: { name: string; bytes: number; sha256: string }[] };
  fingerprint: string;
  image: { rows: 28; cols: 28; channels: 1; dtype: 'uint8' };
  classes: 10;
  splits: { train: ManifestSplit; test: ManifestSplit };
}

type Json = Record<string, unknown>;

function fail(path: string, detail: string): never {
  throw new MnistDataError('manifest.json', `${path} ${detail}`);
}
function obj(v: unknown, path: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Json;
}
function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  return v;
}
function int(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, 'must be a non-negative integer');
  return v;
}
function str(v: unknown, path: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || (pattern && !pattern.test(v))) fail(path, `must be a string${pattern ? ` matching ${pattern}` : ''}`);
  return v;
}
function same(v: unknown, expected: unknown, path: string): void {
  if (v !== expected) fail(path, `must be ${JSON.stringify(expected)}, got ${JSON.stringify(v)}`);
}

const SHA256 = /^[0-9a-f]{64}$/;
// Plain names only: the loader joins them to a base URL, so no slashes or "..".
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function file(v: unknown, path: string, start: number, count: number, rawBytes: number): ManifestFile {
  const o = obj(v, path);
  same(int(o['start'], `${path}.start`), start, `${path}.start`);
  same(int(o['count'], `${path}.count`), count, `${path}.count`);
  same(int(o['rawBytes'], `${path}.rawBytes`), rawBytes, `${path}.rawBytes`);
  const name = str(o['name'], `${path}.name`, FILE_NAME);
  if (int(o['bytes'], `${path}.bytes`) === 0) fail(`${path}.bytes`, 'must be positive');
  return {
    name, start, count, rawBytes, bytes: o['bytes'] as number,
    sha256: str(o['sha256'], `${path}.sha256`, SHA256),
    rawSha256: str(o['rawSha256'], `${path}.rawSha256`, SHA256),
  };
}

function split(v: unknown, path: string): ManifestSplit {
  const o = obj(v, path);
  const count = int(o['count'], `${path}.count`);
  const classCounts = arr(o['classCounts'], `${path}.classCounts`).map((c, i) => int(c, `${path}.classCounts[${i}]`));
  same(classCounts.length, 10, `${path}.classCounts.length`);
  same(classCounts.reduce((a, b) => a + b, 0), count, `${path}.classCounts (sum)`);
  let next = 0;
  const shards = arr(o['shards'], `${path}.shards`).map((s, i): ManifestShard => {
    const p = `${path}.shards[${i}]`;
    const so = obj(s, p);
    const start = int(so['start'], `${p}.start`);
    const n = int(so['count'], `${p}.count`);
    // Shards must tile the split in order: the loader relies on it to pick the first ones.
    same(start, next, `${p}.start`);
    if (n === 0) fail(`${p}.count`, 'must be positive');
    next = start + n;
    return { start, count: n, images: file(so['images'], `${p}.images`, start, n, n * IMAGE_BYTES), labels: file(so['labels'], `${p}.labels`, start, n, n) };
  });
  same(next, count, `${path}.shards (examples covered)`);
  return { count, classCounts, shards };
}

/** Checks parsed manifest.json and returns it typed; anything off is a MnistDataError naming the field. */
export function validateManifest(json: unknown): Manifest {
  const o = obj(json, 'manifest');
  same(o['format'], MANIFEST_FORMAT, 'format');
  same(o['version'], MANIFEST_VERSION, 'version');
  const source = obj(o['source'], 'source');
  const files = arr(source['files'], 'source.files').map((f, i) => {
    const fo = obj(f, `source.files[${i}]`);
    return { name: str(fo['name'], `source.files[${i}].name`), bytes: int(fo['bytes'], `source.files[${i}].bytes`), sha256: str(fo['sha256'], `source.files[${i}].sha256`, SHA256) };
  });
  const image = obj(o['image'], 'image');
  same(image['rows'], 28, 'image.rows');
  same(image['cols'], 28, 'image.cols');
  same(image['channels'], 1, 'image.channels');
  same(image['dtype'], 'uint8', 'image.dtype');
  same(o['classes'], 10, 'classes');
  const splits = obj(o['splits'], 'splits');
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    source: { description: str(source['description'], 'source.description'), files },
    fingerprint: str(o['fingerprint'], 'fingerprint'),
    image: { rows: 28, cols: 28, channels: 1, dtype: 'uint8' },
    classes: 10,
    splits: { train: split(splits['train'], 'splits.train'), test: split(splits['test'], 'splits.test') },
  };
}

/** The first shards of a split that together hold at least `count` examples. */
export function shardsCovering(split: ManifestSplit, count: number): ManifestShard[] {
  return split.shards.filter((s) => s.start < count);
}

/** Every file of the manifest (both splits), in order. */
export function manifestFiles(m: Manifest): ManifestFile[] {
  return [m.splits.train, m.splits.test].flatMap((s) => s.shards.flatMap((sh) => [sh.images, sh.labels]));
}
