import { loadMnist, type FetchLike, type MnistSet } from '../data/mnist';
import { throttle } from './throttle';
import type { WorkerEvent } from './protocol';

/**
 * Loads a run's training and test images at once, posting one combined
 * 'data-progress' event at most every 100 ms (and always the last one).
 * Aborting `signal` (Stop) ends both downloads and rejects at once, with no
 * progress posted after it.
 */
export function loadRunData(
  req: { id: string; dataUrl: string },
  trainCount: number,
  testCount: number,
  post: (event: WorkerEvent) => void,
  fetch?: FetchLike,
  signal?: AbortSignal,
): Promise<[MnistSet, MnistSet]> {
  const totals = { train: { loaded: 0, total: 0 }, test: { loaded: 0, total: 0 } };
  const progress = throttle(100);
  const opts = (split: 'train' | 'test', count: number) => ({
    baseUrl: req.dataUrl, split, count,
    ...(fetch ? { fetch } : {}),
    ...(signal ? { signal } : {}),
    onProgress: (p: { loadedBytes: number; totalBytes: number; file: string }) => {
      if (signal?.aborted) return;
      totals[split] = { loaded: p.loadedBytes, total: p.totalBytes };
      const loadedBytes = totals.train.loaded + totals.test.loaded;
      const totalBytes = totals.train.total + totals.test.total;
      if (progress(loadedBytes === totalBytes)) post({ type: 'data-progress', id: req.id, loadedBytes, totalBytes, file: p.file });
    },
  });
  return Promise.all([loadMnist(opts('train', trainCount)), loadMnist(opts('test', testCount))]);
}

