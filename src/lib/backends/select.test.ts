import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeWasmDir } from './node';
import { initBackend } from './select';
import { patchedWasmKernels } from './wasm-speed';

// Node has neither WebGL nor WebGPU, so these tests exercise the real fallback path.
let wasmUrl = '';
beforeAll(async () => {
  wasmUrl = await nodeWasmDir();
});

describe('initBackend', () => {
  it('starts the CPU backend when asked, with no fallback', async () => {
    expect(await initBackend('cpu', { wasmUrl })).toEqual({ backend: 'cpu', fallbackReason: null, threads: null, threadsReason: null });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('starts WASM with the project kernel registered', async () => {
    // Node never gets TF.js's threaded build (and is not a cross-origin-isolated page): one thread, and why.
    expect(await initBackend('wasm', { wasmUrl: wasmUrl.slice(0, -1) })).toEqual({ backend: 'wasm', fallbackReason: null, threads: 1, threadsReason: 'not-isolated' });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // The training-speed patches come with the backend: no caller has to remember them.
    expect(patchedWasmKernels()).toEqual(['BatchMatMul', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad']);
  });

  it('auto: falls back from WebGL to WASM and says why', async () => {
    const r = await initBackend('auto', { wasmUrl });
    expect(r.backend).toBe('wasm');
    expect(r.fallbackReason).toMatch(/^WebGL unavailable: .+/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('webgpu without navigator.gpu falls back, naming the cause', async () => {
    const r = await initBackend('webgpu', { wasmUrl });
    expect(r.backend).toBe('wasm');
    expect(r.fallbackReason).toMatch(/^WebGPU unavailable: navigator\.gpu is missing; WebGL unavailable: /);
  });

  it('frees its test tensor when the read-back rejects, and falls back', async () => {
    const base = tf.memory().numTensors;
    const read = vi.spyOn(tf.Tensor.prototype, 'data').mockRejectedValueOnce(new Error('device lost'));
    try {
      const r = await initBackend('cpu', { wasmUrl });
      expect(r.backend).toBe('wasm');
      expect(r.fallbackReason).toMatch(/^CPU unavailable: device lost; /);
    } finally {
      read.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(base);
  });

  it('a backend whose matrix product is wrong falls through, with the values it gave', async () => {
    const base = tf.memory().numTensors;
    // The second read-back of the check (the matMul's) returns garbage, as a broken driver might.
    const read = vi.spyOn(tf.Tensor.prototype, 'data');
    read.mockImplementationOnce(async () => Float32Array.of(2, 3, 4)).mockImplementationOnce(async () => Float32Array.of(0, 0, 0, 0));
    try {
      const r = await initBackend('cpu', { wasmUrl });
      expect(r.backend).toBe('wasm');
      expect(r.fallbackReason).toMatch(/^CPU unavailable: a test matrix product gave 0,0,0,0 instead of 19,22,43,50; /);
    } finally {
      read.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(base);
  });

  it('rejects unknown choices and a missing wasmUrl', async () => {
    await expect(initBackend('tpu' as 'cpu', { wasmUrl })).rejects.toThrow(/unknown backend "tpu"/);
    await expect(initBackend('cpu', { wasmUrl: '' })).rejects.toThrow(/wasmUrl/);
  });
});
