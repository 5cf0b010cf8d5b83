// @ts-check
// Two fixes to TF.js 4.22's threaded WASM build, applied to its Emscripten module's source before
// bundling (Vite for the site's worker, esbuild for the e2e kernel pages):
//
// 1. Each helper thread starts from the *source text* of the module's factory
//    (Function.prototype.toString, then a blob: worker). That function reads `_scriptDir`, a variable
//    of the closure around it, guarded by `typeof _scriptDir !== "undefined"`; a minifier that knows
//    the variable is declared rewrites the guard to `e !== void 0`, and in the helper thread, where
//    the closure does not exist, that throws "e is not defined" (tensorflow/tfjs#4253, #4539). Here
//    the module only runs in a worker, where `_scriptDir` is always undefined (no document, no
//    __filename), so its two reads become `undefined`: same behaviour, nothing for a minifier to break.
// 2. The C++ side caps its thread pool at navigator.hardwareConcurrency / 2, taking every logical
//    core for half of a hyperthreaded pair: a 2-core machine (a Chromebook, this project's CI) gets
//    one thread. The core count it reads can be set by `globalThis.__tfjsWasmLogicalCores` before
//    the backend starts (src/lib/backends/select.ts sets it to twice the threads it asks for).

const FILE = /tfjs-backend-wasm-threaded-simd\.js$/;

/** [what, replacement] pairs; each must be found, or TF.js changed and the fix needs a look. @type {Array<[string, string]>} */
const EDITS = [
  ['typeof _scriptDir !== "undefined" && _scriptDir', 'false'],
  ['Module["mainScriptUrlOrBlob"]||_scriptDir', 'Module["mainScriptUrlOrBlob"]||undefined'],
  ['return navigator["hardwareConcurrency"]}', 'return globalThis.__tfjsWasmLogicalCores||navigator["hardwareConcurrency"]}'],
];

/** The threaded module's source with both fixes. @param {string} code @param {string} id */
export function patchThreadedModule(code, id) {
  let out = code;
  for (const [from, to] of EDITS) {
    if (!out.includes(from)) throw new Error(`tfjs-wasm-threads: "${from}" not found in ${id}: TF.js changed, check the threaded build by hand`);
    out = out.split(from).join(to);
  }
  return out;
}

/** Vite plugin applying {@link patchThreadedModule}. @returns {import('vite').Plugin} */
export default function tfjsWasmThreads() {
  return {
    name: 'tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? '';
      return FILE.test(file) ? { code: patchThreadedModule(code, file), map: null } : null;
    },
  };
}

/** The same as an esbuild plugin (tests/e2e/kernels/run-in-page.ts bundles with esbuild). @returns {import('esbuild').Plugin} */
export function esbuildTfjsWasmThreads() {
  return {
    name: 'tfjs-wasm-threads',
    setup(build) {
      build.onLoad({ filter: FILE }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        return { contents: patchThreadedModule(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
      });
    },
  };
}
