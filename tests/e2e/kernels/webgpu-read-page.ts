// Browser side of the dataSync check in tests/e2e/webgpu.spec.ts, run in a worker: the same
// GPU-resident tensor read back asynchronously (data()) and synchronously (dataSync()).
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/lib/backends/select';

/** First values of each read; `backend` is the one that ran. */
export interface ReadReport {
  backend: string;
  async: number[];
  sync: number[];
}

async function webgpuReadCheck(wasmUrl: string): Promise<ReadReport> {
  const init = await initBackend('webgpu', { wasmUrl });
  if (init.backend !== 'webgpu') throw new Error(`webgpu did not start: ${init.fallbackReason}`);
  // 1,024 values: under 1,000 TF.js would compute on the CPU (WEBGPU_CPU_FORWARD) and a
  // read would not touch the GPU at all.
  const [a, b] = [0, 1].map(() => tf.add(tf.ones([1024]), tf.ones([1024])));
  const report = { backend: tf.getBackend(), async: Array.from((await a!.data()).slice(0, 4)), sync: Array.from(b!.dataSync().slice(0, 4)) };
  tf.dispose([a!, b!]);
  return report;
}

(globalThis as { webgpuReadCheck?: typeof webgpuReadCheck }).webgpuReadCheck = webgpuReadCheck;
