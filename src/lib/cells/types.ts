import type { Lang, Translate } from '../i18n';
import type { BackendChoice, ErrorCode, TrainOptions } from '../train/protocol';

/** The progress bar and status line of a cell. */
export interface Progress {
  /** Sets the bar (fraction in [0, 1], or null for "working, length unknown") and its visible text. */
  set(fraction: number | null, text: string): void;
  /** Says something to screen readers (and shows it): phases, epochs, the end; not every batch. */
  announce(text: string): void;
}

/** What a controller gets for one run of its cell. */
export interface CellContext {
  lang: Lang;
  t: Translate;
  /** The cell's output area, emptied before each run; the controller owns it until it returns. */
  output: HTMLElement;
  progress: Progress;
  /** Aborted when the student presses Stop. */
  signal: AbortSignal;
  /** Validated options (cells with an options form), else null. */
  options: TrainOptions | null;
  backend: BackendChoice;
  /** Extra per-cell settings from the page (data-config). */
  config: Readonly<Record<string, unknown>>;
}

/** How a run ended when it did not throw. */
export type CellOutcome = 'done' | 'stopped';

/** A cell controller module, loaded with import() on first use. */
export interface CellController {
  run(ctx: CellContext): Promise<CellOutcome>;
}

/**
 * An error family the shell words for students; 'busy' is another training holding the page,
 * 'left' a run ended by leaving the page, 'stopped-unresponsive' a run ended because it did not answer Stop.
 */
export type CellErrorCode = ErrorCode | 'busy' | 'left' | 'stopped-unresponsive';

/** An error a controller throws on purpose, with its family and the technical detail. */
export class CellError extends Error {
  override name = 'CellError';
  constructor(readonly code: CellErrorCode, detail: string) {
    super(detail);
  }
}
