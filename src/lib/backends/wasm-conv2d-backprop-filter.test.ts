import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel, createCnn } from '../models';
import { initNodeBackend } from './node';
import { stockCpuConv2DBackpropFilter } from './register-kernels';

type Case = { n: number; h: number; w: number; cin: number; fh: number; fw: number; cout: number; strides: [number, number]; pad: 'valid' | 'same' };

/** Float64 loops straight from the definition: dW = sum over n, y, x of patch * dy. */
function naive(x: Float32Array, dy: Float32Array, c: Case, oh: number, ow: number, top: number, left: number): Float64Array {
  const out = new Float64Array(c.fh * c.fw * c.cin * c.cout);
  for (let i = 0; i < c.fh; i++) for (let j = 0; j < c.fw; j++) for (let ci = 0; ci < c.cin; ci++) for (let co = 0; co < c.cout; co++) {
    let s = 0;
    for (let b = 0; b < c.n; b++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      const y = oy * c.strides[0] + i - top, xx = ox * c.strides[1] + j - left;
      if (y < 0 || y >= c.h || xx < 0 || xx >= c.w) continue;
      s += x[((b * c.h + y) * c.w + xx) * c.cin + ci]! * dy[((b * oh + oy) * ow + ox) * c.cout + co]!;
    }
    out[((i * c.fw + j) * c.cin + ci) * c.cout + co] = s;
  }
  return out;
}

/** The filter gradient through tf.grad on the current backend, and the naive one. */
function gradients(c: Case, seed: number) {
  const x = tf.randomNormal([c.n, c.h, c.w, c.cin], 0, 1, 'float32', seed) as tf.Tensor4D;
  const f = tf.randomNormal([c.fh, c.fw, c.cin, c.cout], 0, 1, 'float32', seed + 1) as tf.Tensor4D;
  const y = tf.conv2d(x, f, c.strides, c.pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', seed + 2);
  const g = tf.grad((filter) => tf.conv2d(x, filter as tf.Tensor4D, c.strides, c.pad).mul(dy).sum())(f);
  const info = tf.backend_util.computeConv2DInfo(x.shape, f.shape, c.strides, 1, c.pad);
  const ref = naive(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, c, info.outHeight, info.outWidth, info.padInfo.top, info.padInfo.left);
  const got = g.dataSync() as Float32Array;
  expect(g.shape).toEqual(f.shape);
  [x, f, y, dy, g].forEach((t) => t.dispose());
  return { got, ref };
}

function expectClose(got: ArrayLike<number>, ref: ArrayLike<number>, rel = 1e-4) {
  let scale = 1, worst = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]!));
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!));
  expect(got.length).toBe(ref.length);
  expect(worst / scale).toBeLessThan(rel);
}

const CASES: Case[] = [
  { n: 2, h: 7, w: 7, cin: 3, fh: 3, fw: 3, cout: 4, strides: [1, 1], pad: 'valid' },
  { n: 2, h: 7, w: 6, cin: 3, fh: 3, fw: 3, cout: 4, strides: [1, 1], pad: 'same' },
  { n: 3, h: 9, w: 8, cin: 2, fh: 3, fw: 2, cout: 5, strides: [2, 2], pad: 'valid' },
  { n: 1, h: 8, w: 9, cin: 4, fh: 5, fw: 3, cout: 2, strides: [2, 2], pad: 'same' },
  { n: 2, h: 10, w: 7, cin: 1, fh: 2, fw: 4, cout: 3, strides: [1, 2], pad: 'same' },
  { n: 2, h: 5, w: 5, cin: 2, fh: 1, fw: 1, cout: 3, strides: [2, 1], pad: 'valid' },
];
const CNN: Case[] = [
  { n: 32, h: 28, w: 28, cin: 1, fh: 3, fw: 3, cout: 32, strides: [1, 1], pad: 'valid' },
  { n: 32, h: 13, w: 13, cin: 32, fh: 3, fw: 3, cout: 64, strides: [1, 1], pad: 'valid' },
];

describe.each(['wasm', 'cpu'] as const)('Conv2DBackpropFilter on %s', (backend) => {
  beforeAll(async () => {
    // Without the speed patches, which would route the many-channel cases around the im2col kernel.
    await initNodeBackend(backend, { speedPatches: false });
  });

  it.each(CASES.map((c, i) => [`${c.pad} stride ${c.strides.join('x')} filter ${c.fh}x${c.fw}`, c, i] as const))(
    'matches the definition: %s', (_name, c, i) => {
      const { got, ref } = gradients(c, 100 + i);
      expectClose(got, ref);
    });

  it('matches the definition on the CNN\'s two conv layers (batch 32)', () => {
    CNN.forEach((c, i) => {
      const { got, ref } = gradients(c, 7 + i);
      expectClose(got, ref);
    });
  });

  it('frees every intermediate buffer', () => {
    const x = tf.randomNormal([2, 9, 9, 3]), dy = tf.randomNormal([2, 5, 5, 4]);
    const ids = tf.engine().backend.numDataIds(), tensors = tf.memory().numTensors;
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }) as tf.Tensor;
    expect(dw.shape).toEqual([3, 3, 3, 4]);
    expect(tf.engine().backend.numDataIds()).toBe(ids + 1);
    dw.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(ids);
    expect(tf.memory().numTensors).toBe(tensors);
    x.dispose(); dy.dispose();
  });

  it('refuses what it does not support, with a clear message', () => {
    const x = tf.zeros([1, 5, 5, 2]), dy = tf.zeros([1, 3, 3, 4]);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 4] };
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NCHW' })).toThrow(/only NHWC/);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [2, 2, 2, 4] })).toThrow(/dy shape \[1, 3, 3, 4\] does not match the expected \[1, 4, 4, 4\]/);
    x.dispose(); dy.dispose();
  });
});

describe('agreement with the stock CPU kernel', () => {
  it('wasm (ours) equals cpu (TF.js\'s own kernel) on a small case', async () => {
    const c = { x: [2, 8, 8, 3], dy: [2, 4, 4, 5], attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 5] } } as const;
    const xv = tf.tidy(() => tf.randomNormal([...c.x], 0, 1, 'float32', 1).arraySync()), dyv = tf.tidy(() => tf.randomNormal([...c.dy], 0, 1, 'float32', 2).arraySync());
    await initNodeBackend('cpu');
    const stock = stockCpuConv2DBackpropFilter();
    expect(stock).toBeDefined();
    const backend = tf.engine().backend;
    const [x, dy] = [tf.tensor(xv), tf.tensor(dyv)];
    const info = stock!.kernelFunc({ inputs: { x, dy }, backend, attrs: c.attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
    const ref = tf.engine().makeTensorFromTensorInfo(info);
    const refData = ref.dataSync().slice();
    [x, dy, ref].forEach((t) => t.dispose());
    await initNodeBackend('wasm', { speedPatches: false });
    const [xw, dyw] = [tf.tensor(xv), tf.tensor(dyv)];
    const got = tf.engine().runKernel('Conv2DBackpropFilter', { x: xw, dy: dyw }, c.attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    expectClose(got.dataSync(), refData);
    [xw, dyw, got].forEach((t) => t.dispose());
  });
});

describe('the CNN on WASM', () => {
  it('trains: loss falls over a few steps on a small batch, without leaks', async () => {
    await initNodeBackend('wasm');
    const before = tf.memory().numTensors;
    const model = createCnn({ seed: 3 });
    compileModel(model, { learningRate: 0.001 });
    const xs = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 5);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10).toFloat());
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      const out = await model.trainOnBatch(xs, ys);
      losses.push(Array.isArray(out) ? out[0]! : out);
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[4]!).toBeLessThan(losses[0]!);
    xs.dispose(); ys.dispose();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
