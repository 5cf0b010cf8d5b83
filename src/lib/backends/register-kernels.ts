import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterIm2col } from './wasm-conv2d-backprop-filter';

const KERNEL = 'Conv2DBackpropFilter';
let stockCpu: tf.KernelConfig | undefined;

/**
 * Adds Conv2DBackpropFilter to the WASM backend, which lacks it (idempotent).
 * The kernel needs no setup, so registering before or after the backend
 * initialises both work; it must happen before the CNN's first gradient.
 */
export function registerWasmKernels(): void {
  if (tf.getKernel(KERNEL, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc: conv2dBackpropFilterIm2col('wasm') as tf.KernelFunc });
}

/**
 * Replaces the CPU backend's Conv2DBackpropFilter by the same im2col kernel
 * (idempotent). The stock one loops element by element through TensorBuffers:
 * 74 s for one call on the CNN's conv2 shapes here, against 2.8 s for this one,
 * which made the CPU fallback unable to train the CNN at all.
 */
export function registerCpuKernels(): void {
  const current = tf.getKernel(KERNEL, 'cpu');
  if (current !== undefined && stockCpu !== undefined && current !== stockCpu) return;
  stockCpu = current;
  if (current !== undefined) tf.unregisterKernel(KERNEL, 'cpu');
  tf.registerKernel({ kernelName: KERNEL, backendName: 'cpu', kernelFunc: conv2dBackpropFilterIm2col('cpu') as tf.KernelFunc });
}

/** The CPU backend's own kernel as it was before {@link registerCpuKernels} (for tests and benchmarks). */
export function stockCpuConv2DBackpropFilter(): tf.KernelConfig | undefined {
  return stockCpu ?? tf.getKernel(KERNEL, 'cpu');
}

/** Registers this project's kernels for `backend` ('wasm' and 'cpu' have some). */
export function registerKernelsFor(backend: string): void {
  if (backend === 'wasm') registerWasmKernels();
  else if (backend === 'cpu') registerCpuKernels();
}
