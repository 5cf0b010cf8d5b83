// Whether the page is busy with TF.js, asked by the service-worker registration before it reloads
// the page: never under a training, and not at all once TF.js has started (the reader is using the
// page; the next page they open is isolated anyway). The training client reports here; no DOM.

let started = false;
let probe: () => boolean = () => false;

/** The training client calls this when it starts its worker (TF.js is then loading or loaded). */
export function noteTrainerStarted(busy: () => boolean): void {
  started = true;
  probe = busy;
}

/** True once the page has started the training worker. */
export function trainerStarted(): boolean {
  return started;
}

/** True while a training, an experiment or a measurement runs. */
export function trainerBusy(): boolean {
  return probe();
}
