import type { ChartLabelKey, ChartLabels } from '../charts/labels';
import type { Lang, Translate, UiKey } from './index';

type TextKey = Exclude<ChartLabelKey, 'locale'>;

// A record (not a list) so the compiler flags any ChartLabels field left out.
const FIELDS: Record<TextKey, true> = {
  empty: true, epoch: true, loss: true, accuracy: true, training: true, validation: true, cnn: true, lstm: true, mlp: true,
  notebook: true, keras: true, range: true, howItRan: true, reference: true, student: true, seconds: true, trueDigit: true, predictedDigit: true, digit: true,
  source: true, count: true, pixelValue: true, pixelShare: true, lossPerEpoch: true, accuracyPerEpoch: true, lossPerBatch: true,
  accuracyPerBatch: true, testAccuracy: true, trainingTime: true, confusionMatrix: true, perClassAccuracy: true,
  pixelHistogram: true, arm: true, shiftPixels: true, shiftDirection: true, right: true, left: true, up: true, down: true,
  trainingSetSize: true, trainingImages: true, referenceMean: true, fullReference: true, accuracyPerArm: true,
  accuracyByShift: true, accuracyBySize: true, rowRead: true, unit: true, probability: true, gateMean: true,
  inputGate: true, forgetGate: true, outputGate: true, currentRow: true, lstmProbabilities: true, lstmHidden: true, lstmGates: true,
};

/** Every chart label's i18n key is `chart.<field>`; this line fails to compile if one is missing. */
type Keys = `chart.${TextKey}`;
const keysExist: Keys extends UiKey ? true : never = true;

/** The charts' labels in `lang`, from a translator holding the 'chart.' strings. */
export function chartLabels(lang: Lang, t: Translate): ChartLabels {
  const labels = { locale: lang } as ChartLabels;
  for (const field of Object.keys(FIELDS) as TextKey[]) labels[field] = t(`chart.${field}` as Keys);
  return keysExist && labels;
}
