// The bench's WASM-mode checks (bench/wasm-mode.ts): a row that ran on the other binary must fail, not pass as the other mode.
import { describe, expect, it } from 'vitest';
import { wasmModeOf, wasmModeProblem, type WasmInfo } from '../bench/wasm-mode';

const info = (over: Partial<WasmInfo>): WasmInfo => ({
  mode: 'single', label: '', threads: 1, threadsAsked: null, crossOriginIsolated: true, hardwareConcurrency: 2, hardwareConcurrencySeenByTfjs: 2,
  binaries: ['tfjs-backend-wasm-simd.wasm'], ...over,
});
const THREADED = ['tfjs-backend-wasm-threaded-simd.wasm'];

describe('wasmModeOf', () => {
  it('maps the bench rows to modes, and other backends to null', () => {
    expect(['wasm', 'wasm-threads', 'wasm-threads-uncapped', 'webgl', 'cpu'].map(wasmModeOf)).toEqual(['single', 'threads', 'threads-uncapped', null, null]);
  });
});

describe('wasmModeProblem', () => {
  it('accepts each mode on its own binary', () => {
    expect(wasmModeProblem(info({}))).toBeNull();
    // TF.js caps the threads at cores ÷ 2: one thread on 2 cores is what the threaded row gets, and is kept.
    expect(wasmModeProblem(info({ mode: 'threads', threads: 1, threadsAsked: 2, binaries: THREADED }))).toBeNull();
    expect(wasmModeProblem(info({ mode: 'threads-uncapped', threads: 2, threadsAsked: 2, binaries: THREADED }))).toBeNull();
  });

  it('refuses a single-threaded row on the threaded binary or on more threads', () => {
    expect(wasmModeProblem(info({ binaries: THREADED }))).toMatch(/single-threaded row ran 1 thread/);
    expect(wasmModeProblem(info({ threads: 2 }))).toMatch(/single-threaded row ran 2 thread/);
  });

  it('refuses a threaded row that fell back to the single-threaded binary (alone or after a failed threaded start)', () => {
    expect(wasmModeProblem(info({ mode: 'threads', threadsAsked: 2 }))).toMatch(/threaded row \(threads\)/);
    expect(wasmModeProblem(info({ mode: 'threads', threadsAsked: 2, binaries: [...THREADED, 'tfjs-backend-wasm-simd.wasm'] }))).toMatch(/threaded row/);
    expect(wasmModeProblem(info({ mode: 'threads', binaries: [] }))).toMatch(/no fetched binary/);
  });

  it('refuses an uncapped row that still ran fewer threads than asked', () => {
    expect(wasmModeProblem(info({ mode: 'threads-uncapped', threads: 1, threadsAsked: 2, binaries: THREADED }))).toMatch(/cap lifted/);
  });
});
