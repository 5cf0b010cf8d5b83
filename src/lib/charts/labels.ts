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
}

/** The keys the UI must translate (one value per language). */
export type ChartLabelKey = keyof ChartLabels;

/** Labels for the two architectures, by ModelKind. */
export function modelLabel(labels: Pick<ChartLabels, 'cnn' | 'lstm'>, model: 'cnn' | 'lstm'): string {
  return model === 'cnn' ? labels.cnn : labels.lstm;
}
