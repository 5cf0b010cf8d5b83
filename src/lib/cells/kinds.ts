/**
 * The kinds of "Run this cell" cells, shared by the .astro component (server side)
 * and the custom element (client side). Each kind names the string groups its
 * controller needs, so a page only ships the strings it uses.
 */
export const CELL_KINDS = {
  'mnist-load': { strings: ['prep.'], options: false },
  'mnist-samples': { strings: ['prep.'], options: false },
  'pixel-histogram': { strings: ['prep.', 'chart.'], options: false },
  'tensor-shapes': { strings: ['prep.'], options: false },
  'one-hot': { strings: ['prep.'], options: false },
  'summary-cnn': { strings: ['summary.', 'model.'], options: false },
  'summary-lstm': { strings: ['summary.', 'model.'], options: false },
  'train-cnn': { strings: ['train.', 'chart.', 'model.', 'src.', 'store.', 'runfile.', 'auto.'], options: true },
  'train-lstm': { strings: ['train.', 'chart.', 'model.', 'src.', 'store.', 'runfile.', 'auto.'], options: true },
  compare: { strings: ['cmp.', 'chart.', 'model.', 'src.', 'store.', 'runfile.'], options: false, autorun: true },
  confusion: { strings: ['ana.', 'chart.', 'model.', 'src.', 'store.'], options: false, autorun: true },
  misclassified: { strings: ['ana.', 'model.', 'src.', 'store.'], options: false },
  experiment: { strings: ['exp.', 'train.', 'chart.', 'model.', 'src.', 'store.'], options: true },
  'measure-machine': { strings: ['measure.', 'auto.', 'model.'], options: false },
  'experiment-reference': { strings: ['exp.', 'chart.', 'model.'], options: false, autorun: true },
} as const satisfies Record<string, { strings: readonly string[]; options: boolean; autorun?: true }>;

/**
 * Whether a kind may run by itself when scrolled into view: only those that read
 * stored figures. Cells that download MNIST or TF.js wait for a Run (reading a page
 * must stay light).
 */
export function mayAutorun(kind: CellKind): boolean {
  return 'autorun' in CELL_KINDS[kind];
}

/** A cell kind, e.g. 'train-cnn'. */
export type CellKind = keyof typeof CELL_KINDS;

/** String groups every cell needs (the shell's own labels and error texts). */
export const SHELL_STRINGS = ['cell.', 'error.'] as const;

/** Whether `value` names a cell kind (data-* attributes are plain strings). */
export function isCellKind(value: string | undefined): value is CellKind {
  return value !== undefined && Object.hasOwn(CELL_KINDS, value);
}
