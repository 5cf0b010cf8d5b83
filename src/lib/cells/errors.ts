import type { UiKey } from '../i18n';
import type { CellErrorCode } from './types';

const CODES: readonly CellErrorCode[] = ['data', 'backend', 'context-lost', 'options', 'no-model', 'storage', 'weights', 'internal', 'busy', 'left', 'stopped-unresponsive'];

/** What the shell shows for a failed run: a sentence for students, and the raw detail for the curious. */
export interface ErrorReport {
  code: CellErrorCode;
  key: UiKey;
  detail: string;
}

/** The student-facing string of each error family. */
export function errorKey(code: CellErrorCode): UiKey {
  if (code === 'stopped-unresponsive') return 'cell.unresponsive';
  return code === 'busy' ? 'cell.busy' : code === 'left' ? 'cell.left' : `error.${code}`;
}

/**
 * Classifies anything a controller threw: errors carrying a known `code` (CellError,
 * the training client's errors) keep it, the data loader's MnistDataError is 'data',
 * everything else is 'internal'. Never throws, whatever it is given.
 */
export function reportError(error: unknown): ErrorReport {
  const detail = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const raw = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  let code: CellErrorCode = 'internal';
  if (typeof raw === 'string' && (CODES as readonly string[]).includes(raw)) code = raw as CellErrorCode;
  else if (name === 'MnistDataError') code = 'data';
  else if (name === 'OptionsError') code = 'options';
  return { code, key: errorKey(code), detail };
}

/** The file a weights error names (the worker's message starts with "<file>: "). */
export function weightsFile(detail: string): string {
  const m = /^([\w.-]+): /.exec(detail);
  return m?.[1] ?? detail;
}
