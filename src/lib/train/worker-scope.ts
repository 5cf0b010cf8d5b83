import type { WorkerCore } from './worker-core';
import type { WorkerEvent, WorkerRequest } from './protocol';

/** The part of a worker's global scope the training worker uses (tests pass a fake). */
export interface WorkerScope {
  postMessage(message: WorkerEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
}

/**
 * Feeds the scope's messages to `core`, and answers a failure that no request caught
 * (an 'error' or 'unhandledrejection' in the worker) on every pending request: the
 * running training's first, so its cell cannot wait forever for a result.
 */
export function serveWorker(scope: WorkerScope, core: WorkerCore): void {
  scope.addEventListener('message', (event) => {
    void core.handle(event.data);
  });
  // With nothing pending the browser's console keeps the report (no preventDefault).
  scope.addEventListener('error', (event) => {
    if (core.failPending(event.error ?? event.message)) event.preventDefault();
  });
  scope.addEventListener('unhandledrejection', (event) => {
    if (core.failPending(event.reason)) event.preventDefault();
  });
}
