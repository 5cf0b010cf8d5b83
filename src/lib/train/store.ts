import * as tf from '@tensorflow/tfjs';
import type { ModelKind } from './protocol';
import { errorMessage } from './errors';

/** Where trained models are kept for prediction cells (IndexedDB in the worker). */
export interface ModelStore {
  save(kind: ModelKind, model: tf.LayersModel): Promise<void>;
  /** Resolves null when no model of that kind was saved. */
  load(kind: ModelKind): Promise<tf.LayersModel | null>;
}

/** The browser store: 'indexeddb://mnist-<model>'. */
export const indexedDbStore: ModelStore = {
  async save(kind, model) {
    await model.save(`indexeddb://mnist-${kind}`);
  },
  async load(kind) {
    const url = `indexeddb://mnist-${kind}`;
    const stored = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
    if (!(url in stored)) return null;
    try {
      return await tf.loadLayersModel(url);
    } catch (error) {
      // A damaged entry (truncated weights, foreign topology) would fail every prediction:
      // it is deleted, so the page can offer a new training (tests/e2e/faults-storage.spec.ts).
      await tf.io.removeModel(url).catch(() => undefined);
      const detail = errorMessage(error);
      throw new Error(`The saved ${kind.toUpperCase()} in IndexedDB could not be read and was deleted (${detail})`, { cause: error });
    }
  },
};
