// The training worker (module Web Worker): TF.js, the data and the models live
// here, so the page's main thread stays free while a model trains.
// Bundled by Vite from client.ts: new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }).
import { WorkerCore } from './worker-core';
import type { WorkerEvent, WorkerRequest } from './protocol';

interface WorkerScope {
  postMessage(message: WorkerEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const core = new WorkerCore({ post: (event) => scope.postMessage(event) });
// The id of the request being served, so that stray failures are reported against it.
let lastId = '';

scope.addEventListener('message', (event) => {
  if (event.data.type !== 'stop') lastId = event.data.id;
  void core.handle(event.data);
});
scope.addEventListener('error', (event) => {
  event.preventDefault();
  core.fail(lastId, event.error ?? event.message);
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  core.fail(lastId, event.reason);
});
