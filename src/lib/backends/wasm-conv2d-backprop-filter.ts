import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/**
 * Conv2DBackpropFilter (the gradient of conv2d with respect to its filter),
 * which TF.js 4.22's WASM backend lacks: without it the CNN cannot train on
 * WASM. Built from kernels the backend has (im2col): Transpose to channels
 * first, PadV2, one Slice/StridedSlice per filter tap, Concat into patches
 * [FH*FW*Cin, N*OH*OW], and one BatchMatMul patches x dy = [FH*FW*Cin, Cout],
 * which is the filter gradient in HWIO order.
 *
 * Measured in Node 24 (WASM SIMD, one thread, the team's shared 2-core machine
 * under load), mean of 20 calls on the CNN's batch-32 shapes,
 * conv1 x[32,28,28,1] / conv2 x[32,13,13,32]:
 *   - this kernel:                                 3.2 ms /  23 ms
 *   - same im2col in NHWC + BatchMatMul(transposeA): 96 ms / 252 ms
 *   - reshape to depth 1 + Conv3DBackpropFilterV2:  34 ms / 486-628 ms
 * On the CPU backend (registered there too, see register-kernels.ts) the
 * stock kernel took 6.4 s / 74 s and this one 0.31 s / 2.8 s.
 */

/** Runs another kernel of `backend` directly (we are already inside a kernel). */
function runner(backend: KernelBackend, backendName: string) {
  return (name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo => {
    const kernel = tf.getKernel(name, backendName);
    if (kernel === undefined) throw new Error(`Conv2DBackpropFilter: the ${backendName} backend has no ${name} kernel`);
    return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
  };
}

/** The kernel function, for any backend that has PadV2, Slice, StridedSlice, Concat, Reshape and BatchMatMul. */
export function conv2dBackpropFilterIm2col(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo => {
    const { x, dy } = inputs;
    const a = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter: expected inputs x and dy');
    if (a.dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter (${backendName}): only NHWC is supported, got ${a.dataFormat}`);
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('Conv2DBackpropFilter: x and dy must be float32');
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape,
      a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const { batchSize: n, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw, inChannels: cin, outChannels: cout } = info;
    if (dy.shape.join() !== [n, oh, ow, cout].join()) {
      throw new Error(`Conv2DBackpropFilter: dy shape [${dy.shape.join(', ')}] does not match the expected [${[n, oh, ow, cout].join(', ')}]`);
    }
    const kb = backend as KernelBackend;
    const run = runner(kb, backendName);
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temps.push(t), t);
    try {
      // Channels first ([Cin, N, H, W]) so that each tap's patch rows and their
      // concatenation are contiguous, and the product needs no transpose: TF.js's
      // own WASM BatchMatMul was ~15x slower with transposeA (the NHWC line above;
      // wasm-speed.ts now patches that path, but no transpose still beats one).
      const xt = keep(run('Transpose', { x }, { perm: [3, 0, 1, 2] }));
      const { top, bottom, left, right } = info.padInfo;
      const xp = top + bottom + left + right === 0 ? xt
        : keep(run('PadV2', { x: xt }, { paddings: [[0, 0], [0, 0], [top, bottom], [left, right]], constantValue: 0 }));
      const taps: TensorInfo[] = [];
      for (let i = 0; i < fh; i++) {
        for (let j = 0; j < fw; j++) {
          taps.push(keep(sh === 1 && sw === 1
            ? run('Slice', { x: xp }, { begin: [0, 0, i, j], size: [cin, n, oh, ow] })
            : run('StridedSlice', { x: xp }, {
              begin: [0, 0, i, j], end: [cin, n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1], strides: [1, 1, sh, sw],
              beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
            })));
        }
      }
      // Rows ordered (tap, channel) = (fh, fw, cin): the filter's HWIO order.
      const patches = taps.length === 1 ? taps[0]! : keep(run('Concat', taps as unknown as NamedTensorInfoMap, { axis: 0 }));
      const a3 = keep(run('Reshape', { x: patches }, { shape: [1, fh * fw * cin, n * oh * ow] }));
      const b3 = keep(run('Reshape', { x: dy }, { shape: [1, n * oh * ow, cout] }));
      const dw = keep(run('BatchMatMul', { a: a3, b: b3 }, { transposeA: false, transposeB: false }));
      // Reshape shares dw's data (and takes a reference), so disposing dw below is safe.
      return run('Reshape', { x: dw }, { shape: [fh, fw, cin, cout] });
    } finally {
      for (const t of temps) kb.disposeData(t.dataId);
    }
  };
}
