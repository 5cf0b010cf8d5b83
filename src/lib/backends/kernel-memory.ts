import type { TensorInfo } from '@tensorflow/tfjs';

// The parts of TF.js's cpu and wasm backends that this project's JS kernels use to read their
// inputs and write their outputs in place (fused Adam, the LSTM cell, the max-pool gradient).

/** The cpu backend: each tensor's values are a typed array in its data map. */
export interface CpuBackendData {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** The wasm backend: tensors live in its heap; views must be taken after the last allocation (the heap may grow). */
export interface WasmHeapBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}
