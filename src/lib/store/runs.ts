import type { ModelKind, TrainResult } from '../train/protocol';
import { isTrainResult, reviveRun } from './validate';

/** Version of the stored envelope; bump it when TrainResult changes incompatibly. */
export const RUNS_VERSION = 1;

/** Why a stored run was not used. */
export type DiscardReason = 'corrupt' | 'shape' | 'version';

/** Why a run could not be kept. */
export type NotKeptReason = 'unavailable' | 'full';

/** Something the page should tell the student about their stored runs. */
export type RunNotice =
  | { kind: 'discarded'; model: ModelKind; reason: DiscardReason }
  | { kind: 'not-kept'; reason: NotKeptReason };

/** A run read back from storage, with when it was saved (ISO 8601). */
export interface StoredRun {
  result: TrainResult;
  savedAt: string;
}

/** The result of saving: either kept, or a note for the student (the run itself is never lost). */
export type SaveOutcome = { kept: true } | { kept: false; notice: RunNotice };

/** The result of reading one model's run. */
export interface LoadOutcome {
  run: StoredRun | null;
  notice: RunNotice | null;
}

const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];

/** The localStorage key of a model's latest run; prefixed because GitHub Pages sites share an origin. */
export function runKey(model: ModelKind): string {
  return `cnn-lstm-mnist:run:${model}`;
}

/** The page's localStorage, or null where the browser forbids it (SecurityError when cookies are blocked). */
export function openStorage(get: () => Storage = () => globalThis.localStorage): Storage | null {
  try {
    const storage = get();
    storage.getItem(runKey('cnn')); // Some browsers only throw on first use.
    return storage;
  } catch {
    return null;
  }
}

function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof DOMException !== 'undefined' && error instanceof DOMException)) return false;
  const { name } = error as { name: string };
  const code = (error as { code?: number }).code;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

/** Saves `result` as the latest run of its model; never throws. */
export function saveRun(storage: Storage | null, result: TrainResult, now: Date = new Date()): SaveOutcome {
  if (!storage) return { kept: false, notice: { kind: 'not-kept', reason: 'unavailable' } };
  const envelope = { v: RUNS_VERSION, savedAt: now.toISOString(), result };
  try {
    storage.setItem(runKey(result.model), JSON.stringify(envelope));
    return { kept: true };
  } catch (error) {
    const reason: NotKeptReason = isQuotaError(error) ? 'full' : 'unavailable';
    return { kept: false, notice: { kind: 'not-kept', reason } };
  }
}

function forget(storage: Storage, model: ModelKind): void {
  try {
    storage.removeItem(runKey(model));
  } catch {
    // Nothing more to do: the entry is ignored on every read anyway.
  }
}

/** Reads and validates a model's latest run; damaged entries are removed and reported, never thrown. */
export function loadRun(storage: Storage | null, model: ModelKind): LoadOutcome {
  if (!storage) return { run: null, notice: null };
  let raw: string | null;
  try {
    raw = storage.getItem(runKey(model));
  } catch {
    return { run: null, notice: { kind: 'not-kept', reason: 'unavailable' } };
  }
  if (raw === null) return { run: null, notice: null };
  const discard = (reason: DiscardReason): LoadOutcome => {
    // A newer site version's entry is left alone: that version can still read it.
    if (reason !== 'version') forget(storage, model);
    return { run: null, notice: { kind: 'discarded', model, reason } };
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return discard('corrupt');
  }
  if (typeof parsed !== 'object' || parsed === null) return discard('shape');
  const { v, savedAt, result } = parsed as { v?: unknown; savedAt?: unknown; result?: unknown };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return discard('shape');
  if (v > RUNS_VERSION) return discard('version');
  if (typeof savedAt !== 'string' || Number.isNaN(Date.parse(savedAt))) return discard('shape');
  if (!isTrainResult(result) || result.model !== model) return discard('shape');
  return { run: { result: reviveRun(result), savedAt }, notice: null };
}

/** Reads both models' latest runs, collecting the notices to show. */
export function loadRuns(storage: Storage | null): { runs: Partial<Record<ModelKind, StoredRun>>; notices: RunNotice[] } {
  const runs: Partial<Record<ModelKind, StoredRun>> = {};
  const notices: RunNotice[] = [];
  for (const model of MODELS) {
    const { run, notice } = loadRun(storage, model);
    if (run) runs[model] = run;
    if (notice && !notices.some((n) => n.kind === 'not-kept' && notice.kind === 'not-kept')) notices.push(notice);
  }
  return { runs, notices };
}
