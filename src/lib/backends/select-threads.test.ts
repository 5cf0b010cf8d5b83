import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, wasmThreadPlan } from './select';

describe('wasmThreadPlan', () => {
  it('asks for one thread when the page is not cross-origin isolated, whatever the cores', () => {
    expect(wasmThreadPlan({ crossOriginIsolated: false, hardwareConcurrency: 8 })).toEqual({ threads: 1, reason: 'not-isolated' });
    expect(wasmThreadPlan({ hardwareConcurrency: 8 })).toEqual({ threads: 1, reason: 'not-isolated' });
  });
  it('uses every core of an isolated page, capped', () => {
    expect(wasmThreadPlan({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toEqual({ threads: 2, reason: null });
    expect(wasmThreadPlan({ crossOriginIsolated: true, hardwareConcurrency: 64 })).toEqual({ threads: MAX_WASM_THREADS, reason: null });
  });
  it('says why one thread on a single core or an unknown count', () => {
    expect(wasmThreadPlan({ crossOriginIsolated: true, hardwareConcurrency: 1 })).toEqual({ threads: 1, reason: 'single-core' });
    expect(wasmThreadPlan({ crossOriginIsolated: true })).toEqual({ threads: 1, reason: 'single-core' });
    expect(wasmThreadPlan({ crossOriginIsolated: true, hardwareConcurrency: Number.NaN })).toEqual({ threads: 1, reason: 'single-core' });
  });
});
