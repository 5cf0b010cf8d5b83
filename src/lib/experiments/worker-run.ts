// One experiment inside the worker, from its request to its result: options, data, backend,
// then each arm in turn (runArm). WorkerCore runs it in the same slot as a training, so
// Stop, the one-run-at-a-time rule and the error families work the same.
import type { MnistSet } from '../data/mnist';
import { validateOptions } from '../models/index';
import { wrapError } from '../train/errors';
import type { RunContext } from '../train/training-run';
import { loadRunData } from '../train/run-data';
import { throttle } from '../train/throttle';
import type { ExperimentRunResult, WorkerRequest } from '../train/protocol';
import { runArm } from './run';
import { EXPERIMENTS, scaleExperiment } from './spec';

/** An 'experiment' request. */
export type ExperimentMessage = Extract<WorkerRequest, { type: 'experiment' }>;

/**
 * Runs every arm of the requested experiment with the request's seed. Stop (while loading or
 * between batches) ends it with the arms finished so far and `stopped: true`; each arm frees
 * its tensors (runArm), so nothing outlives the run.
 */
export async function runExperiment(req: ExperimentMessage, ctx: Pick<RunContext, 'post' | 'backend' | 'fetch' | 'batchEventMs' | 'signal' | 'shouldStop'>): Promise<ExperimentRunResult> {
  const base = EXPERIMENTS[req.experiment];
  if (!base) throw wrapError('options', new Error(`unknown experiment ${JSON.stringify(req.experiment)}`));
  let options;
  try {
    options = validateOptions(req.options);
  } catch (error) {
    throw wrapError('options', error);
  }
  const exp = scaleExperiment(base, options);
  const { id } = req;
  ctx.post({ type: 'phase', id, phase: 'loading-data' });
  const trainCount = Math.max(...exp.arms.map((a) => a.trainSize));
  let sets: [MnistSet, MnistSet] | null = null;
  try {
    sets = await loadRunData(req, trainCount, exp.testSize, (e) => ctx.post(e), ctx.fetch, ctx.signal);
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
  }
  const backend = await ctx.backend();
  const result: ExperimentRunResult = { experiment: exp.id, options, backend, results: [], arms: exp.arms.length, stopped: sets === null, seconds: 0 };
  if (sets === null) return result;
  const [train, test] = sets;
  ctx.post({ type: 'phase', id, phase: 'training' });
  const batchEvent = throttle(ctx.batchEventMs);
  const t0 = performance.now();
  for (const [index, arm] of exp.arms.entries()) {
    if (ctx.shouldStop()) break;
    ctx.post({ type: 'arm-start', id, arm: arm.id, index, total: exp.arms.length });
    const r = await runArm(exp, arm, options.seed, { train, test }, {
      onBatch: (log) => {
        if (batchEvent(log.batch === log.batchesPerEpoch)) ctx.post({ type: 'batch', id, log });
      },
      shouldStop: () => ctx.shouldStop(),
    });
    if (!r) break;
    result.results.push(r);
    ctx.post({ type: 'arm', id, result: r });
  }
  result.seconds = (performance.now() - t0) / 1000;
  result.stopped = result.results.length < exp.arms.length;
  return result;
}
