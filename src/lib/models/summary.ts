import type * as tf from '@tensorflow/tfjs';

/** One row of a Keras-like `model.summary()`. */
export interface SummaryRow {
  name: string;
  type: string;
  /** Output shape, batch dimension first as null: e.g. [null, 26, 26, 32]. */
  outputShape: (number | null)[];
  params: number;
}

/** The whole summary, computed from the model's real weights. */
export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Layer names, types, output shapes and parameter counts, as Keras prints them. */
export function summarize(model: tf.LayersModel): ModelSummary {
  const rows = model.layers.map((layer) => {
    const shape = layer.outputShape;
    if (Array.isArray(shape[0])) throw new Error(`summarize: layer ${layer.name} has several outputs`);
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: [...(shape as (number | null)[])],
      params: layer.weights.reduce((sum, w) => sum + count(w.shape as number[]), 0),
    };
  });
  const totalParams = rows.reduce((sum, r) => sum + r.params, 0);
  const trainableParams = model.trainableWeights.reduce((sum, w) => sum + count(w.shape as number[]), 0);
  return { rows, totalParams, trainableParams };
}
