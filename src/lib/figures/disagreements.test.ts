import { describe, expect, it } from 'vitest';
import { checkAgainstRun, disagreements, validatePredictions } from './disagreements';

// Eight test images. Truth, and what each model says:
//   index   0 1 2 3 4 5 6 7
//   label   7 2 1 0 4 1 4 9
//   cnn     7 2 1 6 4 1 9 9   → wrong on 3 and 6
//   lstm    7 3 1 6 9 1 4 4   → wrong on 1, 3, 4 and 7
const LABELS = Uint8Array.from([7, 2, 1, 0, 4, 1, 4, 9]);
const file = (model: string, predicted: string, probability: number[], extra: Record<string, unknown> = {}) => ({
  model, seed: 42, code: 'abc1234', count: predicted.length, note: 'test fixture', predicted, probability, ...extra,
});
const CNN = file('cnn', '72164199', [0.99, 1, 0.98, 0.51, 0.97, 1, 0.8765, 0.9]);
const LSTM = file('lstm', '73169144', [0.95, 0.6, 0.99, 0.7, 0.8123, 1, 0.55, 0.42]);

describe('validatePredictions', () => {
  it('reads a well-formed file into typed arrays', () => {
    const p = validatePredictions(CNN, 8, { model: 'cnn', seed: 42 });
    expect(p.model).toBe('cnn');
    expect(p.seed).toBe(42);
    expect([...p.predicted]).toEqual([7, 2, 1, 6, 4, 1, 9, 9]);
    expect(p.probability[6]).toBeCloseTo(0.8765, 6);
  });
  it('fails with a clear message on a damaged file', () => {
    const name = 'src/data/reference/predictions/cnn-s42.json';
    const check = (json: unknown, expected = 8) => () => validatePredictions(json, expected, { name, model: 'cnn', seed: 42 });
    expect(check('{"model":"cnn"')).toThrow(`${name}: is not a JSON object`);
    expect(check(CNN, 10_000)).toThrow(/"count" is 8, expected 10000/);
    // Truncated: the count says 8, the digits stop at 7.
    expect(check({ ...CNN, predicted: '7216419' })).toThrow(/"predicted" has 7 digits, expected 8/);
    expect(check({ ...CNN, predicted: '7216x199' })).toThrow(/"x" at position 4, not a digit/);
    expect(check({ ...CNN, predicted: [7, 2, 1, 6, 4, 1, 9, 9] })).toThrow(/"predicted" is not a string/);
    expect(check({ ...CNN, probability: CNN.probability.slice(0, 7) })).toThrow(/"probability" has 7 values, expected 8/);
    expect(check({ ...CNN, probability: [...CNN.probability.slice(0, 7), null] })).toThrow(/"probability"\[7\] is null/);
    expect(check({ ...CNN, probability: [...CNN.probability.slice(0, 7), 1.2] })).toThrow(/"probability"\[7\] is 1.2/);
    // A top class of ten classes cannot have less than 1/10.
    expect(check({ ...CNN, probability: [...CNN.probability.slice(0, 7), 0.05] })).toThrow(/not the probability of a top class/);
    expect(check({ ...CNN, model: 'lstm' })).toThrow(/holds model "lstm", expected "cnn"/);
    expect(check({ ...CNN, seed: 43 })).toThrow(/holds seed 43, expected 42/);
    expect(check({ ...CNN, seed: undefined })).toThrow(/no integer "seed"/);
  });
});

describe('disagreements', () => {
  const cnn = validatePredictions(CNN, 8);
  const lstm = validatePredictions(LSTM, 8);
  it('sorts the errors into CNN-only right, LSTM-only right and both wrong, in test order', () => {
    const d = disagreements(LABELS, cnn, lstm);
    expect(d.cnnOnly.map((i) => i.index)).toEqual([1, 4, 7]);
    expect(d.lstmOnly.map((i) => i.index)).toEqual([6]);
    expect(d.both.map((i) => i.index)).toEqual([3]);
    expect(d.counts).toEqual({ cnnOnly: 3, lstmOnly: 1, both: 1, cnnErrors: 2, lstmErrors: 4, total: 8 });
  });
  it('gives each image its true label and both answers, probabilities as in the file', () => {
    const d = disagreements(LABELS, cnn, lstm);
    expect(d.cnnOnly[1]).toEqual({ index: 4, label: 4, cnn: { predicted: 4, probability: 0.97 }, lstm: { predicted: 9, probability: 0.8123 } });
    expect(d.lstmOnly[0]).toEqual({ index: 6, label: 4, cnn: { predicted: 9, probability: 0.8765 }, lstm: { predicted: 4, probability: 0.55 } });
    expect(d.both[0]).toEqual({ index: 3, label: 0, cnn: { predicted: 6, probability: 0.51 }, lstm: { predicted: 6, probability: 0.7 } });
  });
  it('refuses predictions that do not cover the test set', () => {
    expect(() => disagreements(LABELS.subarray(0, 7), cnn, lstm)).toThrow(/cover 8 \(CNN\) and 8 \(LSTM\) images, the test set has 7/);
  });
});

describe('checkAgainstRun', () => {
  const cnn = validatePredictions(CNN, 8);
  const listed = [{ index: 3, label: 0, predicted: 6, probability: 0.51 }, { index: 6, label: 4, predicted: 9, probability: 0.8765 }];
  it('accepts a prediction file that matches its result file', () => {
    expect(() => checkAgainstRun(cnn, LABELS, listed, 'cnn-s42.json')).not.toThrow();
  });
  it('fails when the two files come from different runs', () => {
    expect(() => checkAgainstRun(cnn, LABELS, listed.slice(0, 1), 'cnn-s42.json')).toThrow(/image 6 is wrong in the predictions \(9 for a 4\) but not in the result file/);
    expect(() => checkAgainstRun(cnn, LABELS, [...listed, { index: 0, label: 7, predicted: 1 }], 'cnn-s42.json')).toThrow(/image 0 is wrong in the result file but right/);
    expect(() => checkAgainstRun(cnn, LABELS, [listed[0], { ...listed[1], predicted: 8 }], 'cnn-s42.json')).toThrow(/image 6: the result file says 8 for a 4/);
    expect(() => checkAgainstRun(cnn, LABELS, undefined, 'cnn-s42.json')).toThrow(/no "misclassified" list/);
  });
});
