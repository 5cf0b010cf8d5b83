// The list of files the "make the course available offline" control stores: written at build time
// by OfflineControl.astro (see plan-build.ts) into a data-* attribute, read back here on the page.
// Plain data and pure functions: no DOM, no network.

/** Which part of the course a file belongs to (the size line shows both). */
export type OfflineGroup = 'data' | 'models';

/** One file to store: its path under the site's base path, its size and its SHA-256. */
export interface OfflineFile {
  /** Relative to the base path, always under `data/` (e.g. "data/mnist/train-images-00.u8.gz"). */
  path: string;
  bytes: number;
  sha256: string;
  group: OfflineGroup;
  /**
   * Another body the file may legitimately arrive as: a .gz shard decoded on the way by a server
   * that sent `Content-Encoding: gzip` (the data loader accepts both, src/lib/data/download.ts).
   */
  alt?: { bytes: number; sha256: string };
}

/** Everything the control stores, in download order. */
export interface OfflinePlan {
  files: OfflineFile[];
}

/** The plan attribute could not be read: the page is damaged (a build or a copy gone wrong). */
export class PlanError extends Error {
  override name = 'PlanError';
}

const SHA256 = /^[0-9a-f]{64}$/;
// Under data/ only, plain segments: no "..", no scheme, no leading slash, so never another origin.
const PATH = /^data\/(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/;
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Checks one entry; anything off is a PlanError naming the entry. */
function checkFile(v: unknown, i: number): OfflineFile {
  const fail = (why: string): never => {
    throw new PlanError(`files[${i}]: ${why}`);
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('not an object');
  const o = v as Record<string, unknown>;
  if (typeof o['path'] !== 'string' || !PATH.test(o['path']) || o['path'].split('/').includes('..')) fail('bad path');
  if (!isSize(o['bytes'])) fail('bad byte count');
  if (typeof o['sha256'] !== 'string' || !SHA256.test(o['sha256'])) fail('bad sha256');
  if (o['group'] !== 'data' && o['group'] !== 'models') fail('bad group');
  const file: OfflineFile = { path: o['path'] as string, bytes: o['bytes'] as number, sha256: o['sha256'] as string, group: o['group'] as OfflineGroup };
  if (o['alt'] !== undefined) {
    const a = o['alt'] as Record<string, unknown> | null;
    if (!a || typeof a !== 'object' || !isSize(a['bytes']) || typeof a['sha256'] !== 'string' || !SHA256.test(a['sha256'])) fail('bad alt');
    file.alt = { bytes: a!['bytes'] as number, sha256: a!['sha256'] as string };
  }
  return file;
}

/** Checks a plan (parsed JSON or built in memory) and returns it typed; throws PlanError. */
export function checkPlan(json: unknown): OfflinePlan {
  if (typeof json !== 'object' || json === null) throw new PlanError('not an object');
  const files = (json as { files?: unknown }).files;
  if (!Array.isArray(files) || files.length === 0) throw new PlanError('no files listed');
  const checked = files.map(checkFile);
  const seen = new Set<string>();
  for (const f of checked) {
    if (seen.has(f.path)) throw new PlanError(`${f.path} is listed twice`);
    seen.add(f.path);
  }
  return { files: checked };
}

/** Parses the control's data-plan attribute; a missing, malformed or invalid one is a PlanError. */
export function parsePlan(text: string | undefined | null): OfflinePlan {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    throw new PlanError('not valid JSON');
  }
  return checkPlan(json);
}

/** Byte totals of a plan: everything, the data set, the reference models. */
export interface PlanSizes {
  total: number;
  data: number;
  models: number;
  files: number;
}

/** Adds up a plan's sizes (the manifest files count with the part they describe). */
export function planSizes(plan: OfflinePlan): PlanSizes {
  let data = 0;
  let models = 0;
  for (const f of plan.files) {
    if (f.group === 'models') models += f.bytes;
    else data += f.bytes;
  }
  return { total: data + models, data, models, files: plan.files.length };
}

/** Bytes of the plan's files whose path is in `stored`. */
export function storedBytes(plan: OfflinePlan, stored: ReadonlySet<string>): number {
  return plan.files.reduce((sum, f) => (stored.has(f.path) ? sum + f.bytes : sum), 0);
}

/** Joins a plan path to the base URL (absolute, e.g. "https://host/repo/"), giving the file's URL. */
export function fileUrl(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path, base).href;
}
