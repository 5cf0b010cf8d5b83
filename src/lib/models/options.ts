import type { TrainOptions } from '../train/protocol';

/** The notebook's settings: Keras defaults (batch 32, Adam 0.001), 5 epochs, full MNIST. */
export const NOTEBOOK_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  epochs: 5, batchSize: 32, trainSize: 60_000, testSize: 10_000, learningRate: 0.001, seed: 42,
});

/**
 * The experiments' configuration (src/lib/experiments/spec.ts): 10,000 training images seen
 * once, tested on the first 2,000 test images; the reference results use exactly this.
 */
export const EXPERIMENT_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  ...NOTEBOOK_OPTIONS, epochs: 1, trainSize: 10_000, testSize: 2_000,
});

/** A short run to try a page quickly; it cuts the test set too, and its duration depends on the device (none measured). */
export const QUICK_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  ...NOTEBOOK_OPTIONS, epochs: 1, trainSize: 2_000, testSize: 1_000,
});

/** The option presets a cell's form offers, by name (data-preset, the preset buttons). */
export const PRESETS = Object.freeze({ quick: QUICK_OPTIONS, notebook: NOTEBOOK_OPTIONS, experiment: EXPERIMENT_OPTIONS });

/** A preset's name. */
export type PresetName = keyof typeof PRESETS;

/** Whether `value` names a preset (data-* attributes are plain strings). */
export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && Object.hasOwn(PRESETS, value);
}

/** Bounds of one field; `minExclusive` means the value must be strictly above `min`. */
export interface FieldLimit {
  min: number;
  max: number;
  integer: boolean;
  minExclusive?: boolean;
}

/** The largest seed: 2^31 − 1 (a 32-bit signed integer, as seeds usually are; the shuffle stays exact below it). */
export const MAX_SEED = 2 ** 31 - 1;

/**
 * Accepted range of every option (batchSize is also capped by trainSize). The learning
 * rate spans 1e-5 to 1: room to try a hundred times smaller or a thousand times larger
 * than Keras's 0.001.
 */
export const OPTION_LIMITS: Readonly<Record<keyof TrainOptions, FieldLimit>> = Object.freeze({
  epochs: { min: 1, max: 100, integer: true },
  batchSize: { min: 1, max: 4096, integer: true },
  trainSize: { min: 1, max: 60_000, integer: true },
  testSize: { min: 1, max: 10_000, integer: true },
  learningRate: { min: 1e-5, max: 1, integer: false },
  seed: { min: 0, max: MAX_SEED, integer: true },
});

/** The option names, in form order. */
export const OPTION_FIELDS = Object.keys(OPTION_LIMITS) as (keyof TrainOptions)[];

/** Why a field was refused: a code the UI translates, plus the bound crossed. */
export type FieldErrorCode = 'required' | 'not-a-number' | 'not-integer' | 'too-small' | 'too-large';

/** One field's error; `limit` is set for too-small / too-large. */
export interface FieldError {
  code: FieldErrorCode;
  limit?: number;
}

/** Per-field errors, for a form. */
export type OptionErrors = Partial<Record<keyof TrainOptions, FieldError>>;

/** Thrown by {@link validateOptions}; `errors` holds the same facts as codes. */
export class OptionsError extends Error {
  override name = 'OptionsError';
  constructor(message: string, readonly errors: OptionErrors) {
    super(message);
  }
}

/** Checks one numeric value against its field's limits (batchSize also against trainSize). */
export function checkField(field: keyof TrainOptions, value: number, trainSize?: number): FieldError | null {
  const lim = OPTION_LIMITS[field];
  if (!Number.isFinite(value)) return { code: 'not-a-number' };
  if (lim.integer && !Number.isInteger(value)) return { code: 'not-integer' };
  if (lim.minExclusive === true ? value <= lim.min : value < lim.min) return { code: 'too-small', limit: lim.min };
  if (value > lim.max) return { code: 'too-large', limit: lim.max };
  if (field === 'batchSize' && trainSize !== undefined && Number.isInteger(trainSize) && value > trainSize) {
    return { code: 'too-large', limit: trainSize };
  }
  return null;
}

function checkAll(values: TrainOptions, errors: OptionErrors): OptionErrors {
  // The batch is capped by the training size only when that size is itself valid: a
  // refused trainSize of 0 must not also mark a sound batchSize "At most 0".
  const trainOk = errors.trainSize === undefined && checkField('trainSize', values.trainSize) === null;
  for (const field of OPTION_FIELDS) {
    if (errors[field] !== undefined) continue;
    const error = checkField(field, values[field], trainOk ? values.trainSize : undefined);
    if (error !== null) errors[field] = error;
  }
  return errors;
}

/** English wording of an error, for logs and thrown messages (the UI translates codes instead). */
export function describeError(field: keyof TrainOptions, error: FieldError, got?: unknown): string {
  const lim = OPTION_LIMITS[field];
  const tail = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  switch (error.code) {
    case 'required': return `${field} is required`;
    case 'not-a-number': return `${field} must be a finite number${tail}`;
    case 'not-integer': return `${field} must be an integer${tail}`;
    case 'too-small': return `${field} must be ${lim.minExclusive === true ? 'greater than' : 'at least'} ${error.limit}${tail}`;
    case 'too-large': return `${field} must be at most ${error.limit}${field === 'batchSize' && error.limit !== lim.max ? ' (trainSize)' : ''}${tail}`;
  }
}

/**
 * Fills missing fields with the notebook's values and checks everything.
 * Throws {@link OptionsError} naming each bad field (unknown keys included).
 */
export function validateOptions(partial: Partial<TrainOptions> = {}): TrainOptions {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new OptionsError('options must be an object', {});
  }
  const unknown = Object.keys(partial).filter((k) => !(OPTION_FIELDS as string[]).includes(k));
  if (unknown.length > 0) throw new OptionsError(`unknown option(s): ${unknown.join(', ')}`, {});
  const values: TrainOptions = { ...NOTEBOOK_OPTIONS };
  const errors: OptionErrors = {};
  for (const field of OPTION_FIELDS) {
    const v: unknown = partial[field];
    if (v === undefined) continue;
    if (typeof v !== 'number') errors[field] = { code: 'not-a-number' };
    else values[field] = v;
  }
  checkAll(values, errors);
  const fields = Object.keys(errors) as (keyof TrainOptions)[];
  if (fields.length > 0) {
    const text = fields.map((f) => describeError(f, errors[f] as FieldError, partial[f])).join('; ');
    throw new OptionsError(`Invalid training options: ${text}`, errors);
  }
  return values;
}

/** Plain decimals only ("1e-3" allowed; "0x10", "Infinity" refused); a French comma is accepted. */
const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Parses form strings; a missing key keeps the notebook value, an empty one is 'required'. */
export function checkOptions(raw: Readonly<Record<string, string | undefined>>):
  { ok: true; options: TrainOptions } | { ok: false; errors: OptionErrors } {
  const values: TrainOptions = { ...NOTEBOOK_OPTIONS };
  const errors: OptionErrors = {};
  for (const field of OPTION_FIELDS) {
    const text = raw[field];
    if (text === undefined) continue;
    const input = text.trim();
    // "60 000", "60,000": digit groups in a whole-number field are thousands, never a decimal part
    // ("2,000" examples is two thousand, not 2); elsewhere a comma is the French decimal mark.
    const grouped = OPTION_LIMITS[field].integer && /^\d{1,3}([,\u00a0\u202f ]\d{3})+$/.test(input);
    const trimmed = grouped ? input.replace(/[,\u00a0\u202f ]/g, '') : input.replace(',', '.');
    if (trimmed === '') errors[field] = { code: 'required' };
    else if (!NUMBER_RE.test(trimmed)) errors[field] = { code: 'not-a-number' };
    else values[field] = Number(trimmed);
  }
  checkAll(values, errors);
  return Object.keys(errors).length === 0 ? { ok: true, options: values } : { ok: false, errors };
}
