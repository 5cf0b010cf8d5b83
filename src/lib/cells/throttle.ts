/**
 * Calls `fn` at most once per `ms`: the first call runs at once, later ones are
 * merged into one trailing call. Live charts redraw this way, never per batch.
 */
export function throttle(fn: () => void, ms: number, clock: { now(): number } = performance): { (): void; flush(): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = clock.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - clock.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.flush = () => {
    if (timer) clearTimeout(timer);
    run();
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
