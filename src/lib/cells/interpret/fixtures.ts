import type { ModelKind, TrainResult } from '../../train/protocol';

/** A plausible TrainResult for tests (numbers are made up, shapes are real). */
export function fakeResult(model: ModelKind, accuracy = 0.961): TrainResult {
  const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 96 : j === (i + 1) % 10 ? 4 : 0)));
  return {
    model,
    backend: 'wasm',
    options: { epochs: 2, batchSize: 32, trainSize: 2000, testSize: 1000, learningRate: 0.001, seed: 42 },
    history: [
      { epoch: 1, loss: 0.6, accuracy: 0.82, val_loss: 0.3, val_accuracy: 0.91, seconds: 4 },
      { epoch: 2, loss: 0.25, accuracy: 0.93, val_loss: 0.15, val_accuracy: accuracy, seconds: 4 },
    ],
    fitSeconds: 8,
    dataSeconds: 0.5,
    buildSeconds: 0.1,
    stopped: false,
    evaluation: {
      loss: 0.15,
      accuracy,
      confusion,
      perClassAccuracy: Array(10).fill(0.96),
      misclassified: [
        { index: 8, label: 5, predicted: 6, probability: 0.7 },
        { index: 3, label: 0, predicted: 1, probability: 0.9 },
      ],
    },
  };
}
