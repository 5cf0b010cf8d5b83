// Where the CNN and the LSTM disagree on the test set, from two reference runs' prediction files
// (src/data/reference/predictions/<model>-s<seed>.json). Pure: no DOM, no file system.

/** One model's prediction file, checked: one predicted digit and its probability per test image. */
export interface Predictions {
  model: string;
  seed: number;
  count: number;
  /** The predicted class of each test image, in test-set order. */
  predicted: Uint8Array;
  /** The probability the model gave its predicted class, same order. */
  probability: Float32Array;
}

/** One model's answer on one image. */
export interface Answer { predicted: number; probability: number }

/** A test image on which at least one model is wrong. */
export interface Item { index: number; label: number; cnn: Answer; lstm: Answer }

export interface Disagreements {
  /** CNN right, LSTM wrong. */
  cnnOnly: Item[];
  /** LSTM right, CNN wrong. */
  lstmOnly: Item[];
  /** Both wrong (not necessarily with the same digit). */
  both: Item[];
  counts: { cnnOnly: number; lstmOnly: number; both: number; cnnErrors: number; lstmErrors: number; total: number };
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Checks a parsed prediction file and returns it in typed arrays; throws an Error naming the
 * file and what is wrong (a truncated, hand-edited or mismatched file must fail the build).
 * `expect` pins the model and seed the file's name promises.
 */
export function validatePredictions(json: unknown, expectedCount: number, expect: { name?: string; model?: string; seed?: number } = {}): Predictions {
  const name = expect.name ?? 'prediction file';
  const fail = (what: string): never => { throw new Error(`${name}: ${what}`); };
  if (!isObj(json)) return fail('is not a JSON object');
  const { model, seed, count, predicted, probability } = json;
  if (typeof model !== 'string' || model === '') fail('has no "model"');
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('has no integer "seed"');
  if (expect.model !== undefined && model !== expect.model) fail(`holds model "${String(model)}", expected "${expect.model}"`);
  if (expect.seed !== undefined && seed !== expect.seed) fail(`holds seed ${String(seed)}, expected ${expect.seed}`);
  if (count !== expectedCount) fail(`"count" is ${JSON.stringify(count)}, expected ${expectedCount} (one prediction per test image)`);
  if (typeof predicted !== 'string') return fail('"predicted" is not a string of digits');
  if (predicted.length !== expectedCount) fail(`"predicted" has ${predicted.length} digits, expected ${expectedCount}`);
  const bad = /[^0-9]/.exec(predicted);
  if (bad) fail(`"predicted" has ${JSON.stringify(bad[0])} at position ${bad.index}, not a digit 0–9`);
  if (!Array.isArray(probability)) return fail('"probability" is not an array');
  if (probability.length !== expectedCount) fail(`"probability" has ${probability.length} values, expected ${expectedCount}`);
  const out: Predictions = {
    model: model as string, seed: seed as number, count: expectedCount,
    predicted: new Uint8Array(expectedCount), probability: new Float32Array(expectedCount),
  };
  for (let i = 0; i < expectedCount; i++) {
    const p: unknown = probability[i];
    // The predicted class is the most probable of ten: its probability is at least 1/10 (0.1 once rounded).
    if (typeof p !== 'number' || !(p >= 0.0999 && p <= 1)) fail(`"probability"[${i}] is ${JSON.stringify(p)}, not the probability of a top class (0.1 to 1)`);
    out.predicted[i] = predicted.charCodeAt(i) - 48;
    out.probability[i] = p as number;
  }
  return out;
}

/** Rounds a Float32Array value back to the 4 decimals of the file (0.9871, not 0.98710000514…). */
const prob = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * The test images where the two models disagree with the truth: CNN right and LSTM wrong,
 * the reverse, and both wrong, each in test-set order, with their counts.
 */
export function disagreements(labels: Uint8Array, cnn: Predictions, lstm: Predictions): Disagreements {
  if (cnn.count !== labels.length || lstm.count !== labels.length) {
    throw new Error(`predictions cover ${cnn.count} (CNN) and ${lstm.count} (LSTM) images, the test set has ${labels.length}`);
  }
  const out: Disagreements = { cnnOnly: [], lstmOnly: [], both: [], counts: { cnnOnly: 0, lstmOnly: 0, both: 0, cnnErrors: 0, lstmErrors: 0, total: labels.length } };
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index]!;
    const cnnRight = cnn.predicted[index] === label;
    const lstmRight = lstm.predicted[index] === label;
    if (cnnRight && lstmRight) continue;
    const item: Item = {
      index, label,
      cnn: { predicted: cnn.predicted[index]!, probability: prob(cnn.probability[index]!) },
      lstm: { predicted: lstm.predicted[index]!, probability: prob(lstm.probability[index]!) },
    };
    (cnnRight ? out.cnnOnly : lstmRight ? out.lstmOnly : out.both).push(item);
  }
  out.counts.cnnOnly = out.cnnOnly.length;
  out.counts.lstmOnly = out.lstmOnly.length;
  out.counts.both = out.both.length;
  out.counts.cnnErrors = out.lstmOnly.length + out.both.length;
  out.counts.lstmErrors = out.cnnOnly.length + out.both.length;
  return out;
}

/** A misclassified test image as a reference result file lists it. */
export interface Misclassified { index: number; label: number; predicted: number }

/**
 * Checks that a prediction file and the result file of the same run agree: the same images
 * wrong, with the same labels and the same wrong digits. Throws otherwise, so the galleries
 * never contradict the error counts the page quotes from the result file.
 */
export function checkAgainstRun(pred: Predictions, labels: Uint8Array, misclassified: unknown, name: string): void {
  if (!Array.isArray(misclassified)) throw new Error(`${name}: the result file has no "misclassified" list to check the predictions against`);
  const listed = new Map<number, Misclassified>();
  for (const m of misclassified) {
    if (isObj(m) && typeof m['index'] === 'number') listed.set(m['index'], m as unknown as Misclassified);
  }
  const faults: string[] = [];
  for (let i = 0; i < labels.length && faults.length < 5; i++) {
    const wrong = pred.predicted[i] !== labels[i];
    const m = listed.get(i);
    if (wrong && !m) faults.push(`image ${i} is wrong in the predictions (${pred.predicted[i]} for a ${labels[i]}) but not in the result file`);
    else if (!wrong && m) faults.push(`image ${i} is wrong in the result file but right in the predictions`);
    else if (m && (m.label !== labels[i] || m.predicted !== pred.predicted[i])) {
      faults.push(`image ${i}: the result file says ${m.predicted} for a ${m.label}, the predictions and test labels say ${pred.predicted[i]} for a ${labels[i]}`);
    }
  }
  if (faults.length > 0) {
    throw new Error(`${name} does not match its run's result file (were they written by different runs?): ${faults.join('; ')}`);
  }
}
