// A 16-byte-at-a-time (f32x4) Adam loop for the wasm backend, as a tiny hand-encoded
// WebAssembly module that imports the backend's own memory. The JS loop over that memory
// only matched TF.js's 14 XNNPACK passes (~27 vs ~26 ms on the CNN's variables, Node,
// shared 2-core machine): scalar float64 division and Math.fround cost as much as the
// passes. f32x4 does the same IEEE float32 operations, so results stay bit-identical.
// Two variants differ only in the memory import: the single-threaded builds' memory is
// unshared, the threaded SIMD build's (cross-origin isolated pages) is a shared one, and an
// import of either kind only links to a memory of the same kind.

/** Runs Adam on `bytes` bytes (a multiple of 16) at the given heap byte offsets. */
export type SimdAdam = (x: number, m: number, v: number, g: number, outX: number, outM: number, outV: number, bytes: number,
  b1: number, b2: number, a1: number, a2: number, c1: number, c2: number, eps: number, negLr: number) => void;

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const name = (s: string) => [...leb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Opcodes (WebAssembly core + SIMD spec).
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const I32_ADD = [0x6a];
const LOAD = [0xfd, 0x00, 0x00, 0x00]; // v128.load align=1 offset=0
const STORE = [0xfd, 0x0b, 0x00, 0x00];
const SPLAT = [0xfd, 0x13]; // f32x4.splat
const SQRT = [0xfd, 0xe3, 0x01];
const ADD = [0xfd, 0xe4, 0x01];
const MUL = [0xfd, 0xe6, 0x01];
const DIV = [0xfd, 0xe7, 0x01];

// Params 0-6 pointers, 7 byte count, 8-15 the f32 constants; locals 16 offset, 17-24 the
// constants splatted, 25 g, 26 m', 27 v'.
const X = 0, M = 1, V = 2, G = 3, OX = 4, OM = 5, OV = 6, N = 7, K = 8, O = 16, S = 17, GI = 25, MI = 26, VI = 27;
const B1 = S, B2 = S + 1, A1 = S + 2, A2 = S + 3, C1 = S + 4, C2 = S + 5, EPS = S + 6, NLR = S + 7;
const at = (ptr: number) => [...get(ptr), ...get(O), ...I32_ADD];

const body = [
  ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [...get(K + i), ...SPLAT, ...set(S + i)]),
  0x02, 0x40, 0x03, 0x40, // block, loop
  ...get(O), ...get(N), 0x4f, 0x0d, 0x01, // if o >= bytes: break
  ...at(G), ...LOAD, ...set(GI),
  // m' = m·b1 + g·(1-b1)
  ...at(M), ...LOAD, ...get(B1), ...MUL, ...get(GI), ...get(A1), ...MUL, ...ADD, ...set(MI),
  ...at(OM), ...get(MI), ...STORE,
  // v' = v·b2 + (g·g)·(1-b2)
  ...at(V), ...LOAD, ...get(B2), ...MUL, ...get(GI), ...get(GI), ...MUL, ...get(A2), ...MUL, ...ADD, ...set(VI),
  ...at(OV), ...get(VI), ...STORE,
  // x' = ((m'/c1) / (sqrt(v'/c2) + eps))·(-lr) + x
  ...at(OX), ...get(MI), ...get(C1), ...DIV, ...get(VI), ...get(C2), ...DIV, ...SQRT, ...get(EPS), ...ADD, ...DIV,
  ...get(NLR), ...MUL, ...at(X), ...LOAD, ...ADD, ...STORE,
  ...get(O), 0x41, 0x10, ...I32_ADD, ...set(O), // o += 16
  0x0c, 0x00, 0x0b, 0x0b, 0x0b, // br loop; end loop; end block; end function
];
const locals = [0x02, 0x01, 0x7f, 0x0b, 0x7b]; // 1 i32, 11 v128
const func = [...locals, ...body];

// The memory import's limits: unshared {min 0}, or shared {min 0, max 65536 pages}. A shared
// memory must declare a maximum, and an import only matches a memory whose own maximum is at
// most the declared one: 65536 pages (4 GiB) is the largest there is, and the threaded TF.js
// build's memory has exactly that maximum.
const UNSHARED_LIMITS = [0x00, 0x00];
const SHARED_LIMITS = [0x03, 0x00, ...leb(65536)];

const moduleBytes = (limits: number[]) => new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x01, 0x60, 0x10, ...Array<number>(8).fill(0x7f), ...Array<number>(8).fill(0x7d), 0x00]),
  ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, ...limits]),
  ...section(3, [0x01, 0x00]),
  ...section(7, [0x01, ...name('adam'), 0x00, 0x00]),
  ...section(10, [0x01, ...leb(func.length), ...func]),
]);

const BYTES = { unshared: moduleBytes(UNSHARED_LIMITS), shared: moduleBytes(SHARED_LIMITS) };
const modules = new Map<boolean, WebAssembly.Module | null>();

/** The module's bytes for an unshared or a shared memory import (exported for tests). */
export function simdAdamBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return shared ? BYTES.shared : BYTES.unshared;
}

/** The compiled variant, or null where the engine rejects it (no SIMD, or no shared memory). */
function compiled(shared: boolean): WebAssembly.Module | null {
  let module = modules.get(shared);
  if (module === undefined) {
    const bytes = simdAdamBytes(shared);
    // Synchronous compile: the module is ~300 bytes, far under the browsers' main-thread limit.
    module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    modules.set(shared, module);
  }
  return module;
}

const cache = new WeakMap<WebAssembly.Memory, SimdAdam | null>();

/** The f32x4 loop bound to `memory` (unshared, or shared as in the threaded build), or null where WebAssembly SIMD is unsupported. */
export function simdAdamFor(memory: WebAssembly.Memory): SimdAdam | null {
  if (cache.has(memory)) return cache.get(memory)!;
  let fn: SimdAdam | null = null;
  // The threaded backend's memory is shared: only the variant declaring a shared import accepts it.
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = compiled(shared);
  if (module) {
    try {
      fn = new WebAssembly.Instance(module, { env: { memory } }).exports['adam'] as SimdAdam;
    } catch (e) {
      // A memory the declared import does not accept (another index type, say): the JS loop does the work.
      if (!(e instanceof WebAssembly.LinkError)) throw e;
    }
  }
  cache.set(memory, fn);
  return fn;
}
