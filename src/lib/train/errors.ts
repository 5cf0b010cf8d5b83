import type { ErrorCode } from './protocol';

/** Codes the page-side client sets itself; they never cross the worker boundary. */
export type ClientErrorCode = 'busy' | 'left' | 'stopped-unresponsive';

/**
 * An error with a protocol code, so the page can word it for students. Three codes never
 * cross the worker boundary: 'busy' (another training holds the page), 'left' (the
 * page was left, so the client ended the worker) and 'stopped-unresponsive' (the run
 * did not answer Stop in time, so the client ended the worker).
 */
export class TrainingError extends Error {
  override name = 'TrainingError';
  constructor(readonly code: ErrorCode | ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The text of anything thrown (an Error's message, else its string form). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wraps anything thrown by one step of a run as a TrainingError of `code`, keeping it as the cause. */
export function wrapError(code: ErrorCode, error: unknown): TrainingError {
  return new TrainingError(code, errorMessage(error), { cause: error });
}

const isClientCode = (code: ErrorCode | ClientErrorCode): code is ClientErrorCode =>
  code === 'busy' || code === 'left' || code === 'stopped-unresponsive';

const CONTEXT_LOST = /context (was )?lost|CONTEXT_LOST|webglcontextlost|isContextLost/i;

/**
 * Classifies anything a run threw into a protocol code: options, data
 * (MnistDataError), context loss (WebGL/WebGPU device loss), storage
 * (IndexedDB / quota), else internal.
 */
export function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof TrainingError && !isClientCode(error.code)) return { code: error.code, message: error.message };
  const message = errorMessage(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'OptionsError') return { code: 'options', message };
  if (name === 'MnistDataError') return { code: 'data', message };
  if (name === 'WeightsError') return { code: 'weights', message };
  if (CONTEXT_LOST.test(message)) return { code: 'context-lost', message };
  if (name === 'QuotaExceededError' || /indexeddb|quota/i.test(message)) return { code: 'storage', message };
  return { code: 'internal', message };
}
