import { isEpochLog, isEvaluation, isTrainOptions, isTrainResult } from '../../store/validate';
import type { BackendName, TrainResult } from '../../train/protocol';

/** How a reference run was made, for its source label. */
export interface ReferenceInfo {
  /** As the run described it, e.g. "wasm (simd true, threads false)". */
  backend: string;
  node?: string;
  tfjs?: string;
  cpu?: string;
  cores?: number;
  /** ISO date of the run. */
  date?: string;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown) => (typeof x === 'string' && x.length > 0 ? x : undefined);
const BACKENDS: readonly BackendName[] = ['webgl', 'webgpu', 'wasm', 'cpu'];

/**
 * The report scripts/reference.mjs writes: options, history, fit/data/build seconds,
 * test {loss, accuracy}, confusion, perClassAccuracy, misclassified, environment {…}.
 */
function fromReport(raw: Obj): { result: TrainResult; info: ReferenceInfo } | null {
  const env = isObj(raw['environment']) ? raw['environment'] : {};
  const test = isObj(raw['test']) ? raw['test'] : {};
  const described = str(env['backend']) ?? '';
  const name = BACKENDS.find((b) => described.startsWith(b));
  const evaluation = {
    loss: test['loss'], accuracy: test['accuracy'], confusion: raw['confusion'],
    perClassAccuracy: raw['perClassAccuracy'], misclassified: raw['misclassified'] ?? [],
  };
  if (!name || !isTrainOptions(raw['options']) || !Array.isArray(raw['history']) || !raw['history'].every(isEpochLog) || !isEvaluation(evaluation)) return null;
  const result = {
    model: raw['model'], backend: name, options: raw['options'], history: raw['history'],
    fitSeconds: raw['fitSeconds'], dataSeconds: raw['dataSeconds'] ?? 0, buildSeconds: raw['buildSeconds'] ?? 0,
    stopped: false, evaluation,
  };
  if (!isTrainResult(result)) return null;
  const info: ReferenceInfo = { backend: described };
  for (const key of ['node', 'tfjs', 'cpu', 'date'] as const) {
    const v = str(env[key]);
    if (v) info[key] = v;
  }
  if (typeof env['cores'] === 'number') info.cores = env['cores'];
  return { result, info };
}

/** Reads a reference file (the script's report, a TrainResult, or {result, …}); null if it is none of them. */
export function parseReference(raw: unknown): { result: TrainResult; info: ReferenceInfo } | null {
  if (isTrainResult(raw)) return { result: raw, info: { backend: raw.backend } };
  if (!isObj(raw)) return null;
  if (isTrainResult(raw['result'])) return { result: raw['result'], info: { backend: raw['result'].backend } };
  return fromReport(raw);
}
