// Fault 8: memory. A page where the student trains again and again must not grow: the
// worker reports tf.memory() once a run's tensors and model are disposed (the 'done'
// result's `memory`, src/lib/train/protocol.ts), and three runs in a row must leave the
// same number of tensors and bytes as the first.
import { expect, test, visit } from './fixtures';
import { cell, runToEnd, tinyOptions } from './helpers';

interface Memory {
  numTensors: number;
  numBytes: number;
}

test('three trainings in a row leave the same tensors and bytes in the worker as the first', async ({ page }) => {
  // Listens to the worker's real 'done' events (installed before any page script runs).
  await page.addInitScript(() => {
    const w = window as unknown as { __memory: unknown[] };
    w.__memory = [];
    const seen = new WeakSet<Worker>();
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<typeof post>) {
      if (!seen.has(this)) {
        seen.add(this);
        this.addEventListener('message', (e: MessageEvent<{ type?: string; result?: { memory?: unknown } }>) => {
          if (e.data?.type === 'done') w.__memory.push(e.data.result?.memory ?? null);
        });
      }
      return post.apply(this, args);
    } as typeof post;
  });
  await visit(page, 'en/cnn/');
  const c = cell(page, 'train-cnn');
  await tinyOptions(c);
  for (let i = 0; i < 3; i++) await runToEnd(c);

  const figures = await page.evaluate(() => (window as unknown as { __memory: unknown[] }).__memory) as (Memory | null)[];
  for (const [i, m] of figures.entries()) {
    console.log(`run ${i + 1}: tf.memory() after cleanup: ${m?.numTensors} tensors, ${m?.numBytes} bytes`);
  }
  expect(figures).toHaveLength(3);
  const [first, ...rest] = figures;
  expect(first, 'the worker reports its memory after each run').toEqual({ numTensors: expect.any(Number), numBytes: expect.any(Number) });
  for (const m of rest) expect(m).toEqual(first);
});
