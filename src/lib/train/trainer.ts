import * as tf from '@tensorflow/tfjs';
import type { BatchLog, EpochLog } from './protocol';
import { epochPermutation } from './shuffle';
import { nextMacrotask } from './macrotask';
import { correctCount, crossEntropy, DeviceSums } from './metrics';
import { validate } from './validate';
import { eta } from './eta';
import { forwardFor } from './forward';

export { validate } from './validate';

/** Tensors for one run: inputs and one-hot labels, already preprocessed. */
export interface TrainData {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  xTest: tf.Tensor;
  yTest: tf.Tensor;
}

/** What the loop needs; TrainOptions (protocol.ts) satisfies the first four. */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  learningRate?: number;
  /** Epochs already done (resume): the loop starts at this index. */
  initialEpoch?: number;
  /** Most batches between two metric read-backs (the only device syncs). */
  readEvery?: number;
  /** Also read back once this many ms have passed since the last read (slow backends). */
  readIntervalMs?: number;
  /** Defaults to batchSize, as Keras' validation_batch_size does. */
  validationBatchSize?: number;
  /** Defaults to the model's compiled optimizer, else a new Adam(learningRate). */
  optimizer?: tf.Optimizer;
}

/** Hooks into the loop; onEpoch may be async (it is awaited, outside the clock). */
export interface TrainCallbacks {
  onBatch?(log: BatchLog): void;
  onEpoch?(log: EpochLog): void | Promise<void>;
  shouldStop?(): boolean;
}

/** The loop's outcome; history holds finished epochs only. */
export interface FitResult {
  history: EpochLog[];
  fitSeconds: number;
  stopped: boolean;
}

/**
 * Read-back cadence (bench/README.md): on WASM, CPU and software WebGL,
 * reading the metrics every batch or every 10 batches made no difference
 * beyond the noise; on a real GPU each read waits for its queue to drain,
 * which every 10 batches bounds (not measured here: no GPU).
 */
export const DEFAULT_READ_EVERY = 10;
/** On slow backends (a batch takes ~1 s on software WebGL) progress still shows every batch. */
export const DEFAULT_READ_INTERVAL_MS = 250;

const now = () => performance.now() / 1000;

/**
 * Keras-style fit: per epoch a seeded shuffle, batches of batchSize (the last
 * partial one included), Adam with dropout active, loss/accuracy averaged over
 * the epoch, then val_loss/val_accuracy on the test tensors in batches.
 * Yields to the event loop after every batch so shouldStop can turn true.
 */
export async function train(
  model: tf.LayersModel,
  data: TrainData,
  options: FitOptions,
  callbacks: TrainCallbacks = {},
): Promise<FitResult> {
  const n = data.xTrain.shape[0];
  const { epochs, batchSize, seed } = options;
  const readEvery = Math.max(1, options.readEvery ?? DEFAULT_READ_EVERY);
  const readIntervalS = (options.readIntervalMs ?? DEFAULT_READ_INTERVAL_MS) / 1000;
  const ownOptimizer = options.optimizer === undefined && !model.optimizer;
  const optimizer = options.optimizer ?? (ownOptimizer ? tf.train.adam(options.learningRate ?? 0.001) : model.optimizer);
  const varList = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // For the notebook's LSTM, a hand-written LSTM with the same values (forward.ts).
  const forward = forwardFor(model);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const history: EpochLog[] = [];
  let fitSeconds = 0;
  let stopped = false;
  const stopNow = () => (stopped = stopped || (callbacks.shouldStop?.() ?? false));

  try {
    for (let epoch = options.initialEpoch ?? 0; epoch < epochs && !stopNow(); epoch++) {
      const order = epochPermutation(n, seed, epoch);
      const sums = new DeviceSums();
      const start = now();
      let lastRead = start;
      let sinceRead = 0;
      let epochMeans: { loss: number; accuracy: number } | null = null;
      try {
        for (let b = 0; b < batchesPerEpoch; b++) {
          const idx = tf.tensor1d(order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize)), 'int32');
          const kept: { correct?: tf.Scalar } = {};
          try {
            tf.tidy(() => {
              const xb = tf.gather(data.xTrain, idx);
              const yb = tf.gather(data.yTrain, idx);
              const cost = optimizer.minimize(
                () => {
                  const pred = forward(xb, true);
                  // Kept: minimize() disposes everything else created in here.
                  kept.correct = tf.keep(correctCount(yb, pred));
                  return crossEntropy(yb, pred).mean() as tf.Scalar;
                },
                true,
                varList,
              )!;
              sums.add(cost, kept.correct!, idx.shape[0]);
            });
          } finally {
            // Outside the tidy, so that a throw inside it (bad shapes, lost GPU) leaks neither.
            idx.dispose();
            kept.correct?.dispose();
          }
          sinceRead += 1;
          const last = b === batchesPerEpoch - 1;
          if (callbacks.onBatch && (last || sinceRead >= readEvery || now() - lastRead >= readIntervalS)) {
            const m = await sums.read();
            if (last) epochMeans = m;
            lastRead = now();
            sinceRead = 0;
            const elapsed = now() - start;
            const rate = sums.count / Math.max(elapsed, 1e-9);
            callbacks.onBatch({
              epoch, batch: b + 1, batchesPerEpoch, loss: m.loss, accuracy: m.accuracy,
              examplesPerSecond: rate, elapsedSeconds: fitSeconds + elapsed,
              etaSeconds: eta(history, rate, n, data.xTest.shape[0], sums.count, epochs - epoch - 1),
            });
          }
          await nextMacrotask();
          if (stopNow()) break;
        }
        if (stopped) {
          fitSeconds += now() - start;
          break;
        }
        // The last batch's read already holds the epoch's averages: a second one would be one more device sync.
        const train = epochMeans ?? (await sums.read());
        const val = await validate(model, data, options.validationBatchSize ?? batchSize, stopNow);
        const seconds = now() - start;
        fitSeconds += seconds;
        if (val === null) break;
        const log: EpochLog = {
          epoch, loss: train.loss, accuracy: train.accuracy,
          val_loss: val.loss, val_accuracy: val.accuracy, seconds,
        };
        history.push(log);
        await callbacks.onEpoch?.(log);
      } finally {
        sums.dispose();
      }
    }
  } finally {
    if (ownOptimizer) optimizer.dispose();
  }
  return { history, fitSeconds, stopped };
}
