import * as tf from '@tensorflow/tfjs';
import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { CpuBackendData, WasmHeapBackend } from './kernel-memory';

/**
 * One LSTM step's elementwise part, forward: gates, new memory and hidden state, and what the
 * backward step needs. Inputs (float32, states as columns: [rows, batch]): `zh` [4u, B] (the
 * recurrent product Whᵀ·h₋₁), `zx` [4u, steps·B] (the input product of every step, step t in
 * columns t·B to t·B + B − 1), `bias` [4u], `cPrev` [u, B]; attribute `step` (t).
 * Outputs: c [u, B], h [u, B], and kept [6u, B] = [f; o·(1 − tanh²c); P] where
 * P = [g; c₋₁; i; tanh c] ⊙ act′(z) (gates i, f, g, o in Keras's order).
 */
export const LSTM_CELL_FORWARD = 'LstmCellForward';

/**
 * One LSTM step backward: from `dh` [u, B], `dcNext` [u, B] (the memory gradient coming from
 * step t + 1, dc₊₁ ⊙ f₊₁; zeros at the last step) and the forward step's `kept` [6u, B], gives
 * dz [4u, B] and dc ⊙ f [u, B] (the `dcNext` of step t − 1).
 */
export const LSTM_CELL_BACKWARD = 'LstmCellBackward';

/** Float32 views of a call's inputs and fresh outputs, on whichever backend runs it. */
interface Io {
  read(t: TensorInfo): Float32Array;
  /** Allocates every output first, then returns their views (see the WASM note below). */
  outputs(shapes: number[][]): { infos: TensorInfo[]; views: Float32Array[] };
}


function cpuIo(backend: unknown): Io {
  const b = backend as CpuBackendData;
  return {
    read: (t) => b.data.get(t.dataId).values as Float32Array,
    outputs: (shapes) => {
      const views = shapes.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
      return { infos: shapes.map((s, k) => b.makeTensorInfo(s, 'float32', views[k]!)), views };
    },
  };
}

function wasmIo(backend: unknown): Io {
  const b = backend as WasmHeapBackend;
  return {
    read: (t) => b.typedArrayFromHeap(t),
    // Views are taken only after every allocation: makeOutput may grow the WASM heap, which
    // detaches older views of an unshared heap and leaves those of a shared one at the old length.
    // Inputs are read after this too (callers call outputs() first).
    outputs: (shapes) => {
      const infos = shapes.map((s) => b.makeOutput(s, 'float32'));
      return { infos, views: infos.map((t) => b.typedArrayFromHeap(t)) };
    },
  };
}

function input(inputs: NamedTensorInfoMap, name: string, kernel: string): TensorInfo {
  const t = inputs[name];
  if (!t) throw new Error(`${kernel}: missing input ${name}`);
  if (t.dtype !== 'float32') throw new Error(`${kernel}: input ${name} must be float32, got ${t.dtype}`);
  return t;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Checks a forward call's inputs; returns them with u (units), B (batch) and S (steps). */
function forwardInputs(inputs: NamedTensorInfoMap, step: number) {
  const [zh, zx, bias, cPrev] = ['zh', 'zx', 'bias', 'cPrev'].map((k) => input(inputs, k, LSTM_CELL_FORWARD)) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const [u, B] = cPrev.shape as [number, number];
  const S = zx.shape[1]! / B;
  if (zh.shape[0] !== 4 * u || zh.shape[1] !== B || zx.shape[0] !== 4 * u || !Number.isInteger(S) || tf.util.sizeFromShape(bias.shape) !== 4 * u || !(step >= 0 && step < S)) {
    throw new Error(`${LSTM_CELL_FORWARD}: shapes do not fit (zh ${zh.shape}, zx ${zx.shape}, bias ${bias.shape}, cPrev ${cPrev.shape}, step ${step})`);
  }
  return { zh, zx, bias, cPrev, u, B, S };
}

/** The forward step in plain JS (cpu backend: its own Sigmoid and Tanh are JS loops too). */
function forward(io: Io, inputs: NamedTensorInfoMap, step: number): TensorInfo[] {
  const { u, B, S, ...t } = forwardInputs(inputs, step);
  const { infos, views } = io.outputs([[u, B], [u, B], [6 * u, B]]);
  const [c, h, kept] = views as [Float32Array, Float32Array, Float32Array];
  const [zh, zx, bias, cPrev] = [t.zh, t.zx, t.bias, t.cPrev].map(io.read) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const zxRow = S * B;
  const zxCol = step * B;
  const ub = u * B;
  for (let r = 0; r < u; r++) {
    const bi = bias[r]!, bf = bias[u + r]!, bg = bias[2 * u + r]!, bo = bias[3 * u + r]!;
    for (let b = 0; b < B; b++) {
      const k = r * B + b;
      const x = r * zxRow + zxCol + b;
      const i = sigmoid(zh[k]! + zx[x]! + bi);
      const f = sigmoid(zh[ub + k]! + zx[u * zxRow + x]! + bf);
      const g = Math.tanh(zh[2 * ub + k]! + zx[2 * u * zxRow + x]! + bg);
      const o = sigmoid(zh[3 * ub + k]! + zx[3 * u * zxRow + x]! + bo);
      const cp = cPrev[k]!;
      const cv = f * cp + i * g;
      const tc = Math.tanh(cv);
      c[k] = cv;
      h[k] = o * tc;
      keep(kept, ub, k, i, f, g, o, cp, tc);
    }
  }
  return infos;
}

/** Writes element k of kept = [f; o·(1 − tanh²c); g·σ′; c₋₁·σ′; i·tanh′; tanh c·σ′] (blocks of n). */
function keep(kept: Float32Array, n: number, k: number, i: number, f: number, g: number, o: number, cp: number, tc: number): void {
  kept[k] = f;
  kept[n + k] = o * (1 - tc * tc);
  kept[2 * n + k] = g * i * (1 - i);
  kept[3 * n + k] = cp * f * (1 - f);
  kept[4 * n + k] = i * (1 - g * g);
  kept[5 * n + k] = tc * o * (1 - o);
}

interface WasmRunner extends WasmHeapBackend {
  disposeData(dataId: object): void;
}

/**
 * The forward step on wasm: the transcendental functions are the step's cost in JS (5 per
 * element, ~0.3 ms a step), so they go to the backend's vectorised Sigmoid kernel (XNNPACK,
 * ~1 ns an element), with tanh x = 2σ(2x) − 1 (its own Tanh kernel is a scalar loop): the
 * g rows of z and c are doubled before the sigmoid. Absolute error of that tanh: about 1e-7.
 */
function wasmForward(backend: WasmRunner, inputs: NamedTensorInfoMap, step: number): TensorInfo[] {
  const sigmoidKernel = tf.getKernel('Sigmoid', 'wasm');
  if (!sigmoidKernel) throw new Error(`${LSTM_CELL_FORWARD}: the wasm backend has no Sigmoid kernel`);
  const sig = (x: TensorInfo) => sigmoidKernel.kernelFunc({ inputs: { x }, backend: backend as never, attrs: {} }) as TensorInfo;
  const { u, B, S, ...t } = forwardInputs(inputs, step);
  const io = wasmIo(backend);
  const temps: TensorInfo[] = [];
  // The outputs too, until they are returned: a failure half-way must not leave them allocated.
  let outputs: TensorInfo[] = [];
  try {
    const ub = u * B;
    // 1. z (g rows doubled), then σ of it.
    const { infos: [zInfo], views: [z] } = io.outputs([[4 * u, B]]) as { infos: [TensorInfo]; views: [Float32Array] };
    temps.push(zInfo);
    {
      const [zh, zx, bias] = [t.zh, t.zx, t.bias].map(io.read) as [Float32Array, Float32Array, Float32Array];
      const zxRow = S * B;
      const zxCol = step * B;
      for (let r = 0; r < 4 * u; r++) {
        const scale = r >= 2 * u && r < 3 * u ? 2 : 1;
        const br = bias[r]!;
        const x = r * zxRow + zxCol;
        const k0 = r * B;
        for (let b = 0; b < B; b++) z[k0 + b] = scale * (zh[k0 + b]! + zx[x + b]! + br);
      }
    }
    const sInfo = sig(zInfo);
    temps.push(sInfo);
    // 2. c = f·c₋₁ + i·g, and 2c for its tanh.
    const outs = io.outputs([[u, B], [u, B], [6 * u, B], [u, B]]);
    const [cInfo, hInfo, keptInfo, c2Info] = outs.infos as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
    temps.push(c2Info);
    outputs = [cInfo, hInfo, keptInfo];
    {
      const [s, cPrev, c, c2] = [sInfo, t.cPrev, cInfo, c2Info].map(io.read) as [Float32Array, Float32Array, Float32Array, Float32Array];
      for (let k = 0; k < ub; k++) {
        const cv = s[ub + k]! * cPrev[k]! + s[k]! * (2 * s[2 * ub + k]! - 1);
        c[k] = cv;
        c2[k] = 2 * cv;
      }
    }
    const tcInfo = sig(c2Info);
    temps.push(tcInfo);
    // 3. h = o·tanh c, and what the backward step keeps.
    {
      const [s, cPrev, st, h, kept] = [sInfo, t.cPrev, tcInfo, hInfo, keptInfo].map(io.read) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
      for (let k = 0; k < ub; k++) {
        const i = s[k]!, f = s[ub + k]!, g = 2 * s[2 * ub + k]! - 1, o = s[3 * ub + k]!;
        const tc = 2 * st[k]! - 1;
        h[k] = o * tc;
        keep(kept, ub, k, i, f, g, o, cPrev[k]!, tc);
      }
    }
    const done = outputs;
    outputs = [];
    return done;
  } finally {
    for (const x of [...temps, ...outputs]) backend.disposeData(x.dataId);
  }
}

function backward(io: Io, inputs: NamedTensorInfoMap): TensorInfo[] {
  const [dhI, dcNextI, keptI] = ['dh', 'dcNext', 'kept'].map((k) => input(inputs, k, LSTM_CELL_BACKWARD)) as [TensorInfo, TensorInfo, TensorInfo];
  const [u, B] = dhI.shape as [number, number];
  if (dcNextI.shape[0] !== u || dcNextI.shape[1] !== B || keptI.shape[0] !== 6 * u || keptI.shape[1] !== B) {
    throw new Error(`${LSTM_CELL_BACKWARD}: shapes do not fit (dh ${dhI.shape}, dcNext ${dcNextI.shape}, kept ${keptI.shape})`);
  }
  const { infos, views } = io.outputs([[4 * u, B], [u, B]]);
  const [dz, dcOut] = views as [Float32Array, Float32Array];
  const dh = io.read(dhI);
  const dcNext = io.read(dcNextI);
  const kept = io.read(keptI);
  const n = u * B;
  for (let k = 0; k < n; k++) {
    const d = dh[k]!;
    const dc = d * kept[n + k]! + dcNext[k]!;
    dz[k] = dc * kept[2 * n + k]!;
    dz[n + k] = dc * kept[3 * n + k]!;
    dz[2 * n + k] = dc * kept[4 * n + k]!;
    dz[3 * n + k] = d * kept[5 * n + k]!;
    dcOut[k] = dc * kept[k]!;
  }
  return infos;
}

const IO: Record<string, (backend: unknown) => Io> = { cpu: cpuIo, wasm: wasmIo };

/** Registers both kernels for cpu and wasm, where they are plain loops over the backend's memory (idempotent). */
export function ensureLstmCellKernels(): void {
  for (const [backendName, io] of Object.entries(IO)) {
    if (tf.getKernel(LSTM_CELL_FORWARD, backendName) === undefined) {
      tf.registerKernel({
        kernelName: LSTM_CELL_FORWARD, backendName,
        kernelFunc: ({ inputs, backend, attrs }) => {
          const step = Number((attrs as { step?: unknown }).step);
          return backendName === 'wasm' ? wasmForward(backend as unknown as WasmRunner, inputs, step) : forward(io(backend), inputs, step);
        },
      });
    }
    if (tf.getKernel(LSTM_CELL_BACKWARD, backendName) === undefined) {
      tf.registerKernel({ kernelName: LSTM_CELL_BACKWARD, backendName, kernelFunc: ({ inputs, backend }) => backward(io(backend), inputs) });
    }
  }
}

/** Whether `backend` has the fused LSTM cell kernels (cpu and wasm, once {@link ensureLstmCellKernels} ran). */
export function hasLstmCellKernels(backend: string): boolean {
  return tf.getKernel(LSTM_CELL_FORWARD, backend) !== undefined && tf.getKernel(LSTM_CELL_BACKWARD, backend) !== undefined;
}
