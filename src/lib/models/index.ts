/** The notebook's models, their compilation, options and summary. */
import type * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../train/protocol';
import { createCnn } from './cnn';
import { createLstm } from './lstm';

export { createCnn, CNN_INPUT_SHAPE, type CnnOptions } from './cnn';
export { createLstm, LSTM_INPUT_SHAPE, type LstmOptions } from './lstm';
export { compileModel, createAdam, KERAS_ADAM, type CompileOptions } from './compile';
export * from './options';
export { summarize, type ModelSummary, type SummaryRow } from './summary';

/** Builds the named notebook model with the given seed. */
export function createModel(kind: ModelKind, seed: number): tf.Sequential {
  if (kind === 'cnn') return createCnn({ seed });
  if (kind === 'lstm') return createLstm({ seed });
  throw new TypeError(`createModel: unknown model kind ${JSON.stringify(kind)} (expected 'cnn' or 'lstm')`);
}
