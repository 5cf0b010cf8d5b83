import type { ChartLabels } from './labels';

/**
 * Test labels: deliberately unlike any real language, so a test can prove every
 * visible string came from the labels object and none is hard-coded in a chart.
 */
export const TEST_LABELS: ChartLabels = {
  locale: 'fr',
  empty: '«vide»',
  epoch: 'L-epoch',
  loss: 'L-loss',
  accuracy: 'L-accuracy',
  training: 'L-training',
  validation: 'L-validation',
  cnn: 'L-CNN',
  lstm: 'L-LSTM',
  notebook: 'L-notebook',
  keras: 'L-keras',
  howItRan: 'L-how',
  range: 'L-from {min} to {max}, {n} runs',
  reference: 'L-reference',
  student: 'L-student',
  source: 'L-source',
  seconds: 'L-seconds',
  trueDigit: 'L-true',
  predictedDigit: 'L-predicted',
  digit: 'L-digit',
  count: 'L-count',
  pixelValue: 'L-pixel-value',
  pixelShare: 'L-pixel-share',
  lossPerEpoch: 'L-loss-per-epoch',
  accuracyPerEpoch: 'L-accuracy-per-epoch',
  lossPerBatch: 'L-loss-per-batch',
  accuracyPerBatch: 'L-accuracy-per-batch',
  testAccuracy: 'L-test-accuracy',
  trainingTime: 'L-training-time',
  confusionMatrix: 'L-confusion',
  perClassAccuracy: 'L-per-class',
  pixelHistogram: 'L-histogram',
};
