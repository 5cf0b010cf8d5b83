import type { ErrorCode } from './protocol';

/**
 * An error with a protocol code, so the page can word it for students. Two codes never
 * cross the worker boundary: 'busy' (another training holds the page) and 'left' (the
 * page was left, so the client ended the worker).
 */
export class TrainingError extends Error {
  override name = 'TrainingError';
  constructor(readonly code: ErrorCode | 'busy' | 'left', message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const CONTEXT_LOST = /context (was )?lost|CONTEXT_LOST|webglcontextlost|isContextLost/i;

/**
 * Classifies anything a run threw into a protocol code: options, data
 * (MnistDataError), context loss (WebGL/WebGPU device loss), storage
 * (IndexedDB / quota), else internal.
 */
export function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof TrainingError && error.code !== 'busy' && error.code !== 'left') return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'OptionsError') return { code: 'options', message };
  if (name === 'MnistDataError') return { code: 'data', message };
  if (CONTEXT_LOST.test(message)) return { code: 'context-lost', message };
  if (name === 'QuotaExceededError' || /indexeddb|quota/i.test(message)) return { code: 'storage', message };
  return { code: 'internal', message };
}
