// The manifest of the reference models' weights (public/data/models/manifest.json), written by
// `npm run data` from the committed files in src/data/reference/weights and checked on load.
import type { WeightSpec } from './weights-file.ts';

/** Identifies the file, so a wrong URL serving some other JSON is caught. */
export const WEIGHTS_MANIFEST_FORMAT = 'reference-weights';
/** Bumped when the layout changes. */
export const WEIGHTS_MANIFEST_VERSION = 1;

/** The two models the site ships. */
export type ReferenceKind = 'cnn' | 'lstm';

/** One model's weights file. */
export interface WeightsEntry {
  model: ReferenceKind;
  seed: number;
  file: string;
  bytes: number;
  sha256: string;
  dtype: 'float16';
  params: number;
  /** Test accuracy of the float32 model at the end of its reference run. */
  testAccuracy: number;
  specs: WeightSpec[];
}

/** The whole manifest. */
export interface WeightsManifest {
  format: typeof WEIGHTS_MANIFEST_FORMAT;
  version: number;
  models: Record<ReferenceKind, WeightsEntry>;
}

/** Thrown for weights that are missing, damaged or do not fit the model; the message starts with the file's name. */
export class WeightsError extends Error {
  override name = 'WeightsError';
  /** The file at fault, as the manifest names it. */
  readonly file: string;
  // No parameter property: Node's type stripping (prepare-data imports this file) refuses them.
  constructor(file: string, why: string, options?: { cause?: unknown }) {
    super(`${file}: ${why}`, options);
    this.file = file;
  }
}

const isInt = (x: unknown, min = 0): x is number => Number.isSafeInteger(x) && (x as number) >= min;

/** Checks a parsed manifest.json field by field; anything off is a WeightsError naming manifest.json. */
export function validateWeightsManifest(json: unknown, file = 'manifest.json'): WeightsManifest {
  const fail = (why: string): never => {
    throw new WeightsError(file, why);
  };
  const m = json as Partial<WeightsManifest> | null;
  if (!m || typeof m !== 'object') fail('not a JSON object');
  if (m!.format !== WEIGHTS_MANIFEST_FORMAT) fail(`format is ${JSON.stringify(m!.format)}, expected "${WEIGHTS_MANIFEST_FORMAT}"`);
  if (m!.version !== WEIGHTS_MANIFEST_VERSION) fail(`version ${String(m!.version)} is not ${WEIGHTS_MANIFEST_VERSION}`);
  for (const kind of ['cnn', 'lstm'] as const) {
    const e = m!.models?.[kind];
    if (!e || typeof e !== 'object') fail(`no entry for ${kind}`);
    if (e!.model !== kind) fail(`${kind}: model is ${JSON.stringify(e!.model)}`);
    if (typeof e!.file !== 'string' || !/^[\w.-]+$/.test(e!.file)) fail(`${kind}: bad file name`);
    if (!isInt(e!.bytes, 1) || !isInt(e!.params, 1) || e!.bytes !== e!.params * 2) fail(`${kind}: bytes and params disagree`);
    if (typeof e!.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e!.sha256)) fail(`${kind}: bad sha256`);
    if (e!.dtype !== 'float16') fail(`${kind}: dtype ${String(e!.dtype)} is not float16`);
    if (!isInt(e!.seed)) fail(`${kind}: bad seed`);
    if (typeof e!.testAccuracy !== 'number' || !(e!.testAccuracy >= 0 && e!.testAccuracy <= 1)) fail(`${kind}: bad testAccuracy`);
    if (!Array.isArray(e!.specs) || e!.specs.length === 0) fail(`${kind}: no tensors listed`);
    let offset = 0;
    for (const s of e!.specs) {
      if (typeof s?.name !== 'string' || !Array.isArray(s.shape) || !s.shape.every((d) => isInt(d, 1)) || s.offset !== offset) fail(`${kind}: tensor list is inconsistent`);
      offset += s.shape.reduce((a, b) => a * b, 1);
    }
    if (offset !== e!.params) fail(`${kind}: tensors hold ${offset} values, params says ${e!.params}`);
  }
  return m as WeightsManifest;
}
