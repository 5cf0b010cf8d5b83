// The bench worker's set-up (bench/worker.ts): reads the WASM mode from the worker's URL
// (/bench-worker.js?wasm=single|threads|threads-uncapped) and sets TF.js up for it while the
// module graph evaluates, so before any training request (a message, handled once the graph
// has run) can initialise the backend.
import { serveWasmInfo, setWasmMode, type WasmMode } from './wasm-mode';

const mode = new URLSearchParams(self.location.search).get('wasm');
if (mode !== 'single' && mode !== 'threads' && mode !== 'threads-uncapped') throw new Error(`bench worker: ?wasm=single|threads|threads-uncapped expected, got ${JSON.stringify(mode)}`);
setWasmMode(mode as WasmMode);
serveWasmInfo(mode as WasmMode);
