/**
 * A rate limiter: the returned function answers "may I emit now?", true at most
 * once per `ms` unless `force` is set (used for the last batch of an epoch).
 */
export function throttle(ms: number): (force?: boolean) => boolean {
  let last = -Infinity;
  return (force = false) => {
    const now = performance.now();
    if (!force && now - last < ms) return false;
    last = now;
    return true;
  };
}
