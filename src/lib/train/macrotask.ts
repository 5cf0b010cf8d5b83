/**
 * Resolves on the next macrotask, so that a queued 'stop' message (or any other
 * event) runs between two batches. In Node setImmediate is the cheapest way; in
 * pages and workers a MessageChannel message is used rather than setTimeout(0),
 * which browsers clamp to 4 ms once nested and would add 4 ms to every batch.
 */
export function nextMacrotask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
