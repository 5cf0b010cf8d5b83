import type { CellKind } from './kinds';
import type { CellController } from './types';

/**
 * Where each cell kind's controller lives. Every entry is a dynamic import, so a
 * controller (and TF.js, Plot, the data loader behind it) loads on first Run only.
 */
const LOADERS: Record<CellKind, () => Promise<CellController>> = {
  'mnist-load': () => import('./prep/load').then((m) => ({ run: m.run })),
  'mnist-samples': () => import('./prep/samples').then((m) => ({ run: m.run })),
  'pixel-histogram': () => import('./prep/histogram').then((m) => ({ run: m.run })),
  'tensor-shapes': () => import('./prep/shapes').then((m) => ({ run: m.run })),
  'one-hot': () => import('./prep/one-hot').then((m) => ({ run: m.run })),
  'summary-cnn': () => import('./summary').then((m) => ({ run: (ctx) => m.run(ctx, 'cnn') })),
  'summary-lstm': () => import('./summary').then((m) => ({ run: (ctx) => m.run(ctx, 'lstm') })),
  'train-cnn': () => import('./train/train-cell').then((m) => ({ run: (ctx) => m.run(ctx, 'cnn') })),
  'train-lstm': () => import('./train/train-cell').then((m) => ({ run: (ctx) => m.run(ctx, 'lstm') })),
  compare: () => import('./interpret/compare').then((m) => ({ run: m.run })),
  confusion: () => import('./interpret/confusion').then((m) => ({ run: m.run })),
  misclassified: () => import('./interpret/misclassified').then((m) => ({ run: m.run })),
  experiment: () => import('./experiment/experiment-cell').then((m) => ({ run: m.run })),
  'measure-machine': () => import('./measure/measure-cell').then((m) => ({ run: m.run })),
  'experiment-reference': () => import('./experiment/experiment-cell').then((m) => ({ run: m.runReference })),
};

/** Loads the controller of a cell kind (rejects if the chunk cannot be fetched). */
export function loadController(kind: CellKind): Promise<CellController> {
  return LOADERS[kind]();
}
