import type { ChartModel } from './palette';

/**
 * Every string the charts show or speak. Charts never hold French or English
 * text themselves: the page passes one object per language (see ChartLabelKey).
 */
export interface ChartLabels {
  /** BCP 47 tag used to format numbers ('fr' writes 99,19 %, 'en' writes 99.19%). */
  locale: string;
  /** Shown (and spoken) when a chart has nothing to draw yet. */
  empty: string;
  epoch: string;
  loss: string;
  accuracy: string;
  training: string;
  validation: string;
  cnn: string;
  lstm: string;
  /** The experiments' control model (dense layers only, no spatial prior). */
  mlp: string;
  notebook: string;
  /** The notebook's code in Keras on the reference runs' machine. */
  keras: string;
  reference: string;
  student: string;
  /** A range over seeds: "from {min} to {max}, {n} runs". */
  range: string;
  /** Column of the comparison table saying how each source ran. */
  howItRan: string;
  /** Row-header column of the comparison table (notebook / reference / your run). */
  source: string;
  /** Axis/column for training time; the unit "s" is added by the chart. */
  seconds: string;
  trueDigit: string;
  predictedDigit: string;
  digit: string;
  count: string;
  pixelValue: string;
  /** Share of all pixels that fall in a histogram bin. */
  pixelShare: string;
  /** Titles, used as aria-label of the SVG and caption of the data table. */
  lossPerEpoch: string;
  accuracyPerEpoch: string;
  lossPerBatch: string;
  accuracyPerBatch: string;
  testAccuracy: string;
  trainingTime: string;
  confusionMatrix: string;
  perClassAccuracy: string;
  pixelHistogram: string;
  /** Row-header column of the experiments' table: one trained configuration (arm) per row. */
  arm: string;
  /** Axis of the shift chart (shift in pixels), and its table column. */
  shiftPixels: string;
  /** Table column naming the direction of a test-time shift. */
  shiftDirection: string;
  /** Directions of a test-time shift (facet titles of the shift chart). */
  right: string;
  left: string;
  up: string;
  down: string;
  /** Log x axis of the size chart (the scale is said in the label). */
  trainingSetSize: string;
  /** Table column of the size chart: number of training images. */
  trainingImages: string;
  /** Legend of the reference over seeds: "Reference: mean and range over {n} seeds". */
  referenceMean: string;
  /** The full reference runs, another training budget (60,000 images × 5 epochs). */
  fullReference: string;
  /** Titles of the experiments' charts. */
  accuracyPerArm: string;
  accuracyByShift: string;
  accuracyBySize: string;
  /** The LSTM's views (one image read row by row): axis of the rows read so far (1..28). */
  rowRead: string;
  /** Axis of the hidden-state heatmap: one of the 128 components of h_t. */
  unit: string;
  /** Key of the probability heatmap's shading. */
  probability: string;
  /** Axis of the gates chart: a gate's mean over the units, in [0, 1]. */
  gateMean: string;
  /** The three gates (legend of the gates chart, columns of its table). */
  inputGate: string;
  forgetGate: string;
  outputGate: string;
  /** Said (aria) when a row is highlighted: "Row {row} highlighted". */
  currentRow: string;
  /** Titles of the LSTM's views. */
  lstmProbabilities: string;
  lstmHidden: string;
  lstmGates: string;
}

/** The keys the UI must translate (one value per language). */
export type ChartLabelKey = keyof ChartLabels;

/** A model's label, by ModelKind or ChartModel: only the labels of the models it may get are needed. */
export function modelLabel<M extends ChartModel>(labels: Pick<ChartLabels, M>, model: M): string {
  return labels[model];
}
