import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './kernel-memory';

/**
 * Training-speed patches for TF.js 4.22's WASM backend: four gradient kernels
 * run naive loops there while the forward kernels (XNNPACK) are fast, so each
 * is re-expressed with fast kernels. Timings (Node 24, WASM SIMD, this
 * project's 2-core shared machine, CNN/LSTM shapes at batch 32; wall-clock
 * unless "of CPU"). One CNN training step: 362 -> 158 ms of CPU.
 *  - BatchMatMul with transposeA/B (every matMul gradient): [128×32]ᵀ·[32×512]
 *    11.9 ms -> 4.1 ms as Transpose + plain matMul. The LSTM spent 95 % of a
 *    step there; its step went from 1139 ms to 446 ms (under load).
 *  - Conv2DBackpropInput (conv2 of the CNN): 267 ms -> 28 ms as a Conv2D of dy
 *    with the filter rotated 180° and its channels swapped (identical result).
 *  - Conv2DBackpropFilter with many input channels (conv2): as a Conv2D with
 *    batch and channels swapped, 21.3 -> 14.3 ms of CPU (median of 20 calls,
 *    interleaved, idle machine, 2026-11-26). With one input channel (conv1)
 *    the swap is slower (4.7 vs 31 ms), so im2col is kept (2.8 ms of CPU).
 *  - MaxPoolGrad: 43 ms of CPU -> a few ms as a plain JS loop over WASM memory.
 *  - For A·Bᵀ with a large B (the dense layer's dX = dy·Wᵀ, W 7744×128),
 *    (B·Aᵀ)ᵀ copies far less: 15.7 -> 5.6 ms of CPU.
 * Results equal the stock kernels up to float rounding order (checked in
 * wasm-speed.test.ts). Idempotent; initBackend and initNodeBackend apply it
 * once the wasm backend is ready, so no caller can forget it.
 */
export function patchWasmTraining(): string[] {
  const done: string[] = [];
  if (patch('BatchMatMul', batchMatMul)) done.push('BatchMatMul');
  if (patch('Conv2DBackpropInput', backpropInput)) done.push('Conv2DBackpropInput');
  if (patch('Conv2DBackpropFilter', backpropFilter)) done.push('Conv2DBackpropFilter');
  if (patch('MaxPoolGrad', maxPoolGrad)) done.push('MaxPoolGrad');
  return done;
}

type Run = (name: string, inputs: NamedTensorInfoMap, attrs?: NamedAttrMap) => TensorInfo;
type Fallback = (args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => TensorInfo;
type Impl = (inputs: NamedTensorInfoMap, attrs: NamedAttrMap, run: Run, temp: (t: TensorInfo) => TensorInfo, backend: KernelBackend) => TensorInfo | null;

const patchedKernels = new WeakSet<object>();
const PATCHABLE = ['BatchMatMul', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad'];

/** Names of the wasm kernels currently replaced by this module (for run descriptions). */
export function patchedWasmKernels(): string[] {
  return PATCHABLE.filter((k) => {
    const kernel = tf.getKernel(k, 'wasm');
    return kernel !== undefined && patchedKernels.has(kernel);
  });
}

/** Re-registers `name` for wasm; `impl` returns null to defer to the previous kernel. */
function patch(name: string, impl: Impl): boolean {
  const previous = tf.getKernel(name, 'wasm');
  if (!previous || patchedKernels.has(previous)) return false;
  const fallback = previous.kernelFunc as unknown as Fallback;
  const config: tf.KernelConfig = {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const backend = args.backend as KernelBackend;
      const temps: TensorInfo[] = [];
      const run: Run = (k, inputs, attrs = {}) => {
        // BatchMatMul is looked up at call time so the other patches use the patched one.
        const kernel = k === name ? previous : tf.getKernel(k, 'wasm');
        if (!kernel) throw new Error(`wasm-speed: no wasm kernel ${k}`);
        return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
      };
      try {
        const out = impl(args.inputs, args.attrs ?? {}, run, (t) => (temps.push(t), t), backend);
        return out ?? fallback(args as Parameters<Fallback>[0]);
      } finally {
        for (const t of temps) backend.disposeData(t.dataId);
      }
    },
  };
  if (previous.setupFunc) config.setupFunc = previous.setupFunc;
  if (previous.disposeFunc) config.disposeFunc = previous.disposeFunc;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(config);
  patchedKernels.add(tf.getKernel(name, 'wasm')!);
  return true;
}

const swapLastTwo = (rank: number) => [...Array(rank).keys()].map((i) => (i === rank - 2 ? rank - 1 : i === rank - 1 ? rank - 2 : i));

const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

const batchMatMul: Impl = (inputs, attrs, run, temp) => {
  const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if (!transposeA && !transposeB) return null;
  const a = inputs['a']!;
  const b = inputs['b']!;
  const flip = (x: TensorInfo) => temp(run('Transpose', { x }, { perm: swapLastTwo(x.shape.length) }));
  const mm = (x: TensorInfo, y: TensorInfo) => run('BatchMatMul', { a: x, b: y }, { ...attrs, transposeA: false, transposeB: false });
  // The fast path copies (packs) its right operand on every call, and each
  // explicit Transpose is one more copy: pick the product with fewer copies.
  if (transposeA && transposeB) return run('Transpose', { x: temp(mm(b, a)) }, { perm: swapLastTwo(a.shape.length) });
  if (transposeA) return mm(flip(a), b);
  const outSize = (size(a) / a.shape[a.shape.length - 1]!) * b.shape[b.shape.length - 2]!;
  if (2 * size(b) <= 2 * size(a) + outSize) return mm(a, flip(b));
  // A·Bᵀ = (B·Aᵀ)ᵀ
  return run('Transpose', { x: temp(mm(b, flip(a))) }, { perm: swapLastTwo(a.shape.length) });
};

/** Conv geometry when the fast paths apply: NHWC, stride 1, dilation 1; otherwise null. */
function simpleConv(xShape: number[], filterShape: number[], attrs: NamedAttrMap) {
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (a.dataFormat !== 'NHWC') return null;
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number],
    a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  return info;
}

const backpropInput: Impl = (inputs, attrs, run, temp) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const info = simpleConv((attrs as unknown as tf.Conv2DBackpropInputAttrs).inputShape, filter.shape, attrs);
  if (!info || dy.dtype !== 'float32') return null;
  const { top, bottom, left, right } = info.padInfo;
  const fh = info.filterHeight - 1;
  const fw = info.filterWidth - 1;
  // dx = dy (padded to a "full" convolution) * filter rotated 180°, in/out channels swapped.
  const rotated = temp(run('Reverse', { x: filter }, { dims: [0, 1] }));
  const swapped = temp(run('Transpose', { x: rotated }, { perm: [0, 1, 3, 2] }));
  return run('Conv2D', { x: dy, filter: swapped }, {
    strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC',
    pad: [[0, 0], [fh - top, fh - bottom], [fw - left, fw - right], [0, 0]],
  } as unknown as NamedAttrMap);
};

const backpropFilter: Impl = (inputs, attrs, run, temp) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const info = simpleConv(x.shape, (attrs as unknown as tf.Conv2DBackpropFilterAttrs).filterShape, attrs);
  if (!info || info.inChannels < 8 || x.dtype !== 'float32') return null;
  const { top, bottom, left, right } = info.padInfo;
  // dW[kh,kw,ci,co] = sum over n,oh,ow of x[n,oh+kh,ow+kw,ci]·dy[n,oh,ow,co]: a convolution of
  // x seen as [ci,H,W,n] with dy seen as an [oh,ow,n,co] filter, giving [ci,kh,kw,co].
  const xT = temp(run('Transpose', { x }, { perm: [3, 1, 2, 0] }));
  const dyT = temp(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
  const out = temp(run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC', pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
  } as unknown as NamedAttrMap));
  return run('Transpose', { x: out }, { perm: [1, 2, 0, 3] });
};

/** Max-pool gradient: each dy value goes to the first maximum of its window (TF.js' rule). */
const maxPoolGradImpl = (backend: WasmHeapBackend, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo | null => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const a = attrs as unknown as tf.MaxPoolGradAttrs;
  if (input.dtype !== 'float32') return null;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views taken after makeOutput: allocating may grow the WASM heap, which detaches older views
  // of an unshared heap and leaves those of a shared one (threaded build) at the old length.
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  const { batchSize: n, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - top;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - left;
        const gBase = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let i = Math.max(0, h0); i < Math.min(H, h0 + fh); i++) {
            for (let j = Math.max(0, w0); j < Math.min(W, w0 + fw); j++) {
              const k = ((b * H + i) * W + j) * C + c;
              const v = x[k]!;
              if (v > best || at < 0) {
                best = v;
                at = k;
              }
            }
          }
          if (at >= 0) out[at]! += g[gBase + c]!;
        }
      }
    }
  }
  return dx;
};

const maxPoolGrad: Impl = (inputs, attrs, _run, _temp, backend) =>
  maxPoolGradImpl(backend as unknown as WasmHeapBackend, inputs, attrs);
