import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileModel, createCnn, createLstm, createModel, summarize } from './index';

let baseline = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
  baseline = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('createCnn', () => {
  it('matches the Keras summary of the notebook CNN', () => {
    const model = createCnn({ seed: 1 });
    const s = summarize(model);
    expect(s.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ['conv2d', 'Conv2D', [null, 26, 26, 32], 320],
      ['max_pooling2d', 'MaxPooling2D', [null, 13, 13, 32], 0],
      ['conv2d_1', 'Conv2D', [null, 11, 11, 64], 18_496],
      ['flatten', 'Flatten', [null, 7744], 0],
      ['dense', 'Dense', [null, 128], 991_360],
      ['dropout', 'Dropout', [null, 128], 0],
      ['dense_1', 'Dense', [null, 10], 1_290],
    ]);
    expect(s.totalParams).toBe(1_011_466);
    expect(s.trainableParams).toBe(1_011_466);
    expect(model.countParams()).toBe(1_011_466);
    model.dispose();
  });

  it('uses Keras default initialisers: zero biases, glorot-uniform bounded kernels', () => {
    const model = createCnn({ seed: 7 });
    const [k1, b1] = model.getWeights();
    const limit = Math.sqrt(6 / (9 * 1 + 9 * 32)); // fan_in + fan_out of a 3x3x1x32 kernel
    const k = k1!.dataSync();
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    expect(Array.from(b1!.dataSync()).every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  it('predicts a probability distribution over 10 classes', () => {
    const model = createCnn();
    const p = tf.tidy(() => model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor);
    expect(p.shape).toEqual([2, 10]);
    const sums = tf.tidy(() => p.sum(1).arraySync() as number[]);
    sums.forEach((v) => expect(v).toBeCloseTo(1, 5));
    p.dispose();
    model.dispose();
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const a = createCnn({ seed: 42 }), b = createCnn({ seed: 42 }), c = createCnn({ seed: 43 });
    const wa = weightsOf(a), wb = weightsOf(b), wc = weightsOf(c);
    wa.forEach((w, i) => expect(w).toEqual(wb[i]));
    expect(wa[0]).not.toEqual(wc[0]);
    // Layers must not share a random stream: the two conv kernels start differently.
    expect(Array.from(wa[0]!.slice(0, 8))).not.toEqual(Array.from(wa[2]!.slice(0, 8)));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('rejects bad arguments with descriptive errors', () => {
    expect(() => createCnn({ seed: 1.5 })).toThrow(/seed must be a non-negative safe integer, got 1.5/);
    expect(() => createCnn({ seed: -1 })).toThrow(/seed/);
    expect(() => createCnn({ seed: Number.NaN })).toThrow(/seed/);
    expect(() => createCnn({ inputShape: [28, 28] as unknown as [number, number, number] })).toThrow(/inputShape must be 3 positive integers/);
    expect(() => createCnn({ inputShape: [4, 28, 1] })).toThrow(/at least 8/);
    expect(() => createCnn(null as unknown as object)).toThrow(/options must be an object/);
  });
});

describe('createLstm', () => {
  it('matches the Keras summary of the notebook LSTM', () => {
    const model = createLstm({ seed: 1 });
    const s = summarize(model);
    expect(s.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ['lstm', 'LSTM', [null, 128], 80_384],
      ['dropout', 'Dropout', [null, 128], 0],
      ['dense', 'Dense', [null, 10], 1_290],
    ]);
    expect(s.totalParams).toBe(81_674);
    model.dispose();
  });

  it('uses Keras LSTM defaults, not TF.js ones', () => {
    const model = createLstm({ seed: 3 });
    const config = model.layers[0]!.getConfig();
    expect(config['recurrentActivation']).toBe('sigmoid');
    expect(config['activation']).toBe('tanh');
    expect(config['unitForgetBias']).toBe(true);
    // Bias layout [i, f, c, o]: the forget gate starts at 1, the rest at 0.
    const bias = Array.from(model.layers[0]!.getWeights()[2]!.dataSync());
    expect(bias.slice(128, 256).every((v) => v === 1)).toBe(true);
    expect([...bias.slice(0, 128), ...bias.slice(256)].every((v) => v === 0)).toBe(true);
    // Orthogonal recurrent kernel [128, 512]: rows are orthonormal.
    const gram = tf.tidy(() => {
      const r = model.layers[0]!.getWeights()[1]!;
      return tf.matMul(r, r, false, true).sub(tf.eye(128)).abs().max().dataSync()[0]!;
    });
    expect(gram).toBeLessThan(1e-4);
    model.dispose();
  });

  it('is reproducible for a seed and rejects bad seeds', () => {
    const a = createLstm({ seed: 9 }), b = createLstm({ seed: 9 });
    weightsOf(a).forEach((w, i) => expect(w).toEqual(weightsOf(b)[i]));
    [a, b].forEach((m) => m.dispose());
    expect(() => createLstm({ seed: Infinity })).toThrow(/seed/);
    expect(() => createLstm({ inputShape: [28, 0] })).toThrow(/inputShape/);
  });
});

describe('createModel / compileModel / dropout', () => {
  it('builds by kind and refuses unknown kinds', () => {
    const m = createModel('lstm', 1);
    expect(m.name).toBe('lstm');
    m.dispose();
    expect(() => createModel('rnn' as 'cnn', 1)).toThrow(/unknown model kind "rnn"/);
  });

  it('compiles with Adam (Keras defaults) and categorical cross-entropy', () => {
    const model = createLstm({ seed: 1 });
    compileModel(model, { learningRate: 0.001 });
    const opt = model.optimizer.getConfig();
    expect(opt).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(model.loss).toBe('categoricalCrossentropy');
    expect(() => compileModel(model, { learningRate: 0 })).toThrow(/learningRate must be a number in \(0, 1\]/);
    model.optimizer.dispose();
    model.dispose();
  });

  it('draws a fresh but reproducible dropout mask at each training call', () => {
    const run = (seed: number) => {
      const model = createLstm({ seed });
      const drop = model.layers[1]!;
      const x = tf.ones([1, 128]);
      const masks = [0, 1].map(() => tf.tidy(() => Array.from((drop.apply(x, { training: true }) as tf.Tensor).dataSync())));
      const inference = tf.tidy(() => Array.from((drop.apply(x) as tf.Tensor).dataSync()));
      x.dispose();
      model.dispose();
      return { masks, inference };
    };
    const a = run(5), b = run(5);
    expect(a.masks[0]).not.toEqual(a.masks[1]);
    expect(a.masks).toEqual(b.masks);
    expect(new Set(a.masks[0])).toEqual(new Set([0, 2]));
    expect(a.inference.every((v) => v === 1)).toBe(true);
  });

  it('trains: loss falls on a small batch, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    // The LSTM: on TF.js's stock CPU backend a CNN step takes ~40 s (its
    // Conv2DBackpropFilter; see backends/), the CNN is trained in backends' tests.
    const model = createLstm({ seed: 2 });
    compileModel(model, { learningRate: 0.001 });
    const xs = tf.randomUniform([16, 28, 28], 0, 1, 'float32', 1);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'), 10).toFloat());
    const h = await model.fit(xs, ys, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    const loss = h.history['loss'] as number[];
    expect(loss[2]!).toBeLessThan(loss[0]!);
    xs.dispose(); ys.dispose();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
