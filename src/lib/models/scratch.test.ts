import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { compileModel, createCnn, createLstm } from './index';
it('x', async () => {
  await tf.setBackend('cpu');
  for (const [name, m, shape] of [['lstm', createLstm({ seed: 1 }), [16, 28, 28]], ['cnn', createCnn({ seed: 1 }), [16, 28, 28, 1]]] as const) {
    compileModel(m, { learningRate: 0.001 });
    const xs = tf.randomUniform([...shape], 0, 1, 'float32', 1);
    const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'), 10).toFloat();
    for (let i = 0; i < 3; i++) { const t = Date.now(); await m.trainOnBatch(xs, ys); console.log(name, 'step', Date.now() - t); }
  }
}, 600000);
