import * as tf from '@tensorflow/tfjs';
import { expect, it, vi } from 'vitest';
import { initBackend } from './select';

// Its own file: a failed WASM start cannot be retried within one process.
it('falls back to CPU when the .wasm files cannot be loaded, saying where it looked', async () => {
  const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const r = await initBackend('wasm', { wasmUrl: '/nonexistent/tfjs-wasm/' });
  quiet.mockRestore();
  expect(r.backend).toBe('cpu');
  expect(r.fallbackReason).toMatch(/^WASM unavailable: .*\/nonexistent\/tfjs-wasm\/.*; WebGL unavailable: /);
  expect(tf.getBackend()).toBe('cpu');
});
