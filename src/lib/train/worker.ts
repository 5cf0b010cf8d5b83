// The training worker (module Web Worker): TF.js, the data and the models live
// here, so the page's main thread stays free while a model trains.
// Bundled by Vite from client.ts: new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }).
import { WorkerCore } from './worker-core';
import { serveWorker, type WorkerScope } from './worker-scope';

const scope = self as unknown as WorkerScope;
serveWorker(scope, new WorkerCore({ post: (event) => scope.postMessage(event) }));
