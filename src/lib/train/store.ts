import * as tf from '@tensorflow/tfjs';
import type { ModelKind } from './protocol';

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
    const stored = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
    if (!(`indexeddb://mnist-${kind}` in stored)) return null;
    return tf.loadLayersModel(`indexeddb://mnist-${kind}`);
  },
};
