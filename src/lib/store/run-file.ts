import type { ModelKind, TrainResult } from '../train/protocol';
import { isTrainResult, reviveRun } from './validate';
import type { BackendChoiceEntry } from './backend-choice';

// A finished run as a file a student can hand in: the whole TrainResult (options, backend,
// history, test accuracy, confusion matrix, timings) in a versioned envelope saying which
// site made it and when, plus its per-epoch history as CSV for a spreadsheet. A file read
// back goes through the same check as the runs kept in localStorage (validate.ts).

/** Set by astro.config.mjs (vite.define) at build time; absent where the file runs outside Vite. */
declare const __SITE_VERSION__: string;
declare const __SITE_COMMIT__: string;

/** What every run file says it is: anything else is somebody else's JSON. */
export const RUN_FILE_FORMAT = 'cnn-lstm-mnist-run';
/** Version of the envelope; bump it when the file's shape changes incompatibly. */
export const RUN_FILE_VERSION = 1;
/** A run file is a few hundred kilobytes at most (every misclassified test image of a bad run); more is not one. */
export const MAX_RUN_FILE_BYTES = 10_000_000;

/** The site that made a file: package.json's version, the commit when the build knew it, and the page's address. */
export interface SiteInfo {
  version: string;
  commit?: string;
  url: string;
}

/** A run file as written (JSON.stringify of this) and as read back. */
export interface RunFile {
  format: typeof RUN_FILE_FORMAT;
  version: number;
  site: SiteInfo;
  /** When the file was made (ISO 8601). */
  exportedAt: string;
  /** When the training finished (ISO 8601). */
  trainedAt: string;
  run: TrainResult;
  /**
   * What this browser measured of its backends ('auto' and "Measure my machine"), per model, when
   * it had measured: the rates behind the run's backend, for a teacher comparing machines.
   */
  machine?: BackendChoiceEntry[];
}

/** What runToJson needs besides the run; the site's version and commit default to the build's. */
export interface RunFileMeta {
  url: string;
  trainedAt: Date | string;
  exportedAt?: Date;
  version?: string;
  commit?: string;
  machine?: BackendChoiceEntry[];
}

/** Why a file could not be loaded: not JSON at all, someone else's JSON, made by a newer site, or broken. */
export type RunFileProblem = 'not-json' | 'foreign' | 'future-version' | 'damaged';

/** The outcome of reading a file: the validated run and its envelope, or why not (detail is technical, for the console). */
export type ParsedRunFile = { ok: true; file: RunFile } | { ok: false; reason: RunFileProblem; detail: string };

/** The build's site version and commit (package.json "version"; the commit is '' when the build had none). */
export function buildInfo(): { version: string; commit: string } {
  return {
    version: typeof __SITE_VERSION__ === 'string' ? __SITE_VERSION__ : 'unknown',
    commit: typeof __SITE_COMMIT__ === 'string' ? __SITE_COMMIT__ : '',
  };
}

const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());

/** The file object for a finished run; `saveError` is left out (it is about this browser's storage, not the run). */
export function runToJson(run: TrainResult, meta: RunFileMeta): RunFile {
  const { saveError: _saveError, ...kept } = run;
  const build = buildInfo();
  const version = meta.version ?? build.version;
  const commit = meta.commit ?? build.commit;
  return {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    site: { version, ...(commit ? { commit } : {}), url: meta.url },
    exportedAt: iso(meta.exportedAt ?? new Date()),
    trainedAt: iso(meta.trainedAt),
    run: kept,
    ...(meta.machine && meta.machine.length > 0 ? { machine: meta.machine } : {}),
  };
}

/** The file's text: indented, so a teacher can read it in any editor. */
export function runFileText(file: RunFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

const CSV_COLUMNS = ['epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds'] as const;

/** One CSV field, quoted as RFC 4180 says: only when it holds a comma, a quote or a line break, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A number as every spreadsheet reads it: dot decimals, never an exponent; an empty field for a diverged value. */
export function csvNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const text = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  // The shortest digits that read back as n, with the point moved: 1.5e-7 → 0.00000015, 1e21 → 1000…0.
  const [, sign, lead, rest = '', exp] = m;
  const digits = `${lead}${rest}`;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.padEnd(point, '0').slice(0, point)}${digits.length > point ? `.${digits.slice(point)}` : ''}`;
}

/**
 * The per-epoch history as CSV (RFC 4180: comma-separated, CRLF line ends): a header with
 * Keras's names, then one row per epoch, numbered from 1 as Keras prints them ("Epoch 1/5")
 * and as the page's charts show them. The same in every language, so one sheet reads a class's files.
 */
export function runHistoryCsv(run: Pick<TrainResult, 'history'>): string {
  const rows = run.history.map((log) => [csvNumber(log.epoch + 1), ...CSV_COLUMNS.slice(1).map((k) => csvNumber(log[k]))]);
  return [[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "cnn-run-2026-12-03T17-10.json": the model and the local time the training finished, safe on every file system. */
export function runFileName(model: ModelKind, when: Date, extension: 'json' | 'csv'): string {
  const stamp = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}T${pad(when.getHours())}-${pad(when.getMinutes())}`;
  return `${model}-run-${stamp}.${extension}`;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isDate = (x: unknown): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x));

/**
 * Reads a run file's text and validates it as loadRun validates a stored run: the envelope
 * first (format, version, dates, site), then the whole TrainResult (isTrainResult). Never throws.
 */
export function parseRunFile(text: string): ParsedRunFile {
  const fail = (reason: RunFileProblem, detail: string): ParsedRunFile => ({ ok: false, reason, detail });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // A file that starts as one of ours but does not parse was cut short or edited by hand.
    const ours = new RegExp(`"format"\\s*:\\s*"${RUN_FILE_FORMAT}"`).test(text.slice(0, 2000));
    return fail(ours ? 'damaged' : 'not-json', error instanceof Error ? error.message : String(error));
  }
  if (!isObj(parsed) || parsed['format'] !== RUN_FILE_FORMAT) return fail('foreign', `format is ${JSON.stringify(isObj(parsed) ? parsed['format'] : typeof parsed)}`);
  const { version, site, exportedAt, trainedAt, run, machine } = parsed;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return fail('damaged', `version is ${JSON.stringify(version)}`);
  if (version > RUN_FILE_VERSION) return fail('future-version', `version ${version}, this site reads up to ${RUN_FILE_VERSION}`);
  if (!isDate(exportedAt) || !isDate(trainedAt)) return fail('damaged', 'exportedAt or trainedAt is not a date');
  if (!isObj(site) || typeof site['version'] !== 'string' || typeof site['url'] !== 'string' || (site['commit'] !== undefined && typeof site['commit'] !== 'string')) {
    return fail('damaged', 'site is not { version, url, commit? }');
  }
  if (!isTrainResult(run)) return fail('damaged', 'run is not a complete training result');
  // The machine's measurements are informative only: kept when they look like measurements, else left out.
  const measured = Array.isArray(machine) ? machine.filter((m): m is BackendChoiceEntry => isObj(m) && typeof m['backend'] === 'string' && Array.isArray(m['rates'])) : [];
  const siteInfo: SiteInfo = { version: site['version'], url: site['url'], ...(typeof site['commit'] === 'string' ? { commit: site['commit'] } : {}) };
  return { ok: true, file: { format: RUN_FILE_FORMAT, version, site: siteInfo, exportedAt, trainedAt, run: reviveRun(run), ...(measured.length > 0 ? { machine: measured } : {}) } };
}
