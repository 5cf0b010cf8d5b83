import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

// Shared by the cpu/wasm kernels (fused-adam-kernels.ts) and the WebGL and WebGPU ones, in a
// module of its own so that those two need not import fused-adam-kernels.ts, which imports them.

/** Name of the kernel that does one whole Adam step for one variable. */
export const FUSED_ADAM = 'FusedAdamUpdate';

/** Input `k` of a {@link FUSED_ADAM} call; throws if it is missing. */
export function fusedAdamInput(inputs: NamedTensorInfoMap, k: string): TensorInfo {
  const t = inputs[k];
  if (!t) throw new Error(`${FUSED_ADAM}: missing input ${k}`);
  return t;
}
