import * as tf from '@tensorflow/tfjs';
import { toCnnTensors, toLstmTensors } from '../../data/preprocess';
import { formatNumber } from '../../i18n/format';
import { el } from '../dom';
import { loadShared } from '../shared-data';
import type { CellContext, CellOutcome } from '../types';
import { configInt, downloadProgress, pyShape } from './common';

/**
 * Builds the real CNN and LSTM input tensors with the site's preprocessing and
 * prints their shapes, then disposes them. Runs on TF.js' CPU backend: the page
 * only reshapes here, so there is no reason to open a WebGL context for it.
 */
export async function run(ctx: CellContext): Promise<CellOutcome> {
  const { t, lang, output, signal } = ctx;
  const doc = output.ownerDocument;
  const n = configInt(ctx, 'count', 10_000, 10_000);
  const set = await loadShared('test', n, downloadProgress(ctx)('test'), signal);
  ctx.progress.set(null, t('prep.building'));
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  const cnn = toCnnTensors(set);
  const lstm = toLstmTensors(set);
  const rows: [string, tf.Tensor, string][] = [
    ['x_test (CNN) ', cnn.xs, t('prep.shapeCnn')],
    ['x_test (LSTM)', lstm.xs, t('prep.shapeLstm')],
    ['y_test       ', cnn.ys, t('prep.shapeLabels')],
  ];
  const lines = rows.map(([name, tensor, note]) => `${name}: ${pyShape(tensor.shape)} ${tensor.dtype}   # ${note}`);
  for (const tensor of [cnn.xs, cnn.ys, lstm.xs, lstm.ys]) tensor.dispose();
  const leaked = tf.memory().numTensors - before;
  output.append(
    el(doc, 'p', { text: t('prep.shapesIntro', { n: formatNumber(lang, n) }) }),
    el(doc, 'pre', { class: 'rc-log', tabindex: 0, text: lines.join('\n') }),
  );
  if (leaked !== 0) throw new Error(`tensor-shapes: ${leaked} tensor(s) left after dispose`);
  return 'done';
}
