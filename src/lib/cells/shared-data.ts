import { loadMnist, type MnistProgress, type MnistSet } from '../data/mnist';
import { withBase } from '../url';

type Split = 'train' | 'test';
type Listener = (p: MnistProgress) => void;

interface Entry {
  split: Split;
  count: number;
  promise: Promise<MnistSet>;
  listeners: Set<Listener>;
}

// One download per page: the cells of a page share what the first one fetched.
const entries: Entry[] = [];

/** The first `count` examples of a loaded set, without copying. */
export function headOf(set: MnistSet, count: number): MnistSet {
  if (count >= set.count) return set;
  return { images: set.images.subarray(0, count * 784), labels: set.labels.subarray(0, count), count };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Loads the first `count` examples of a split through the data loader, reusing a
 * load already done (or under way) on this page that covers them. Stopping a
 * cell stops its wait, not a download another cell may share.
 */
export async function loadShared(split: Split, count: number, onProgress?: Listener, signal?: AbortSignal): Promise<MnistSet> {
  let entry = entries.find((e) => e.split === split && e.count >= count);
  if (!entry) {
    const listeners = new Set<Listener>();
    const promise = loadMnist({
      baseUrl: withBase('/data/mnist/'),
      split,
      count,
      onProgress: (p) => listeners.forEach((l) => l(p)),
    });
    const created: Entry = { split, count, promise, listeners };
    entry = created;
    entries.push(created);
    promise.catch(() => entries.splice(entries.indexOf(created), 1)); // let a later run retry
  }
  const current = entry;
  if (onProgress) current.listeners.add(onProgress);
  try {
    return headOf(await abortable(current.promise, signal), count);
  } finally {
    if (onProgress) current.listeners.delete(onProgress);
  }
}
