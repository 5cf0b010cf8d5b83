import { describe, expect, it } from 'vitest';
import { checkOptions, MAX_SEED, NOTEBOOK_OPTIONS, OPTION_LIMITS, OptionsError, QUICK_OPTIONS, validateOptions } from './options';

describe('presets', () => {
  it('holds the notebook settings and a quick preset that is itself valid', () => {
    expect(NOTEBOOK_OPTIONS).toEqual({ epochs: 5, batchSize: 32, trainSize: 60_000, testSize: 10_000, learningRate: 0.001, seed: 42 });
    expect(validateOptions(QUICK_OPTIONS)).toEqual(QUICK_OPTIONS);
    expect(QUICK_OPTIONS.trainSize).toBeLessThan(NOTEBOOK_OPTIONS.trainSize);
    expect(Object.isFrozen(NOTEBOOK_OPTIONS)).toBe(true);
  });
});

describe('validateOptions', () => {
  it('fills missing fields with the notebook values', () => {
    expect(validateOptions()).toEqual(NOTEBOOK_OPTIONS);
    expect(validateOptions({ epochs: 2, seed: 0 })).toEqual({ ...NOTEBOOK_OPTIONS, epochs: 2, seed: 0 });
  });

  it.each([
    [{ epochs: 0 }, /epochs must be at least 1 \(got 0\)/],
    [{ epochs: 101 }, /epochs must be at most 100/],
    [{ epochs: 2.5 }, /epochs must be an integer/],
    [{ trainSize: 60_001 }, /trainSize must be at most 60000/],
    [{ testSize: 10_001 }, /testSize must be at most 10000/],
    [{ batchSize: 4097 }, /batchSize must be at most 4096/],
    [{ batchSize: 64, trainSize: 50 }, /batchSize must be at most 50 \(trainSize\)/],
    [{ learningRate: 0 }, /learningRate must be at least 0\.00001 \(got 0\)/],
    [{ learningRate: 1e-6 }, /learningRate must be at least 0\.00001/],
    [{ learningRate: 1.5 }, /learningRate must be at most 1/],
    [{ learningRate: Number.NaN }, /learningRate must be a finite number/],
    [{ seed: -1 }, /seed must be at least 0/],
    [{ seed: 2 ** 53 }, /seed must be at most 2147483647/],
    [{ seed: 2 ** 31 }, /seed must be at most 2147483647 \(got 2147483648\)/],
    [{ seed: 4.2 }, /seed must be an integer/],
    [{ epochs: '5' as unknown as number }, /epochs must be a finite number/],
    [{ bogus: 1 } as object, /unknown option\(s\): bogus/],
  ])('rejects %j', (input, message) => {
    expect(() => validateOptions(input)).toThrow(message);
  });

  it('reports every bad field as codes', () => {
    try {
      validateOptions({ epochs: 0, learningRate: 2 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OptionsError);
      expect((e as OptionsError).errors).toEqual({
        epochs: { code: 'too-small', limit: 1 },
        learningRate: { code: 'too-large', limit: 1 },
      });
    }
  });
});

describe('learning rate and seed limits', () => {
  it('span 1e-5..1 for Adam\'s rate and 0..2^31 − 1 for the seed, both ends included', () => {
    expect(OPTION_LIMITS.learningRate).toEqual({ min: 1e-5, max: 1, integer: false });
    expect(OPTION_LIMITS.seed).toEqual({ min: 0, max: 2 ** 31 - 1, integer: true });
    expect(MAX_SEED).toBe(2_147_483_647);
    for (const learningRate of [1e-5, 0.001, 1]) expect(validateOptions({ learningRate }).learningRate).toBe(learningRate);
    for (const seed of [0, 42, MAX_SEED]) expect(validateOptions({ seed }).seed).toBe(seed);
  });
});

describe('checkOptions (form strings)', () => {
  it('parses valid strings, accepting a decimal comma and spaces', () => {
    const r = checkOptions({ epochs: ' 3 ', batchSize: '64', trainSize: '6000', testSize: '1000', learningRate: '0,002', seed: '7' });
    expect(r).toEqual({ ok: true, options: { epochs: 3, batchSize: 64, trainSize: 6000, testSize: 1000, learningRate: 0.002, seed: 7 } });
    expect(checkOptions({ learningRate: '1e-3' })).toEqual({ ok: true, options: NOTEBOOK_OPTIONS });
  });

  it('returns a code per bad field', () => {
    const r = checkOptions({ epochs: '', batchSize: 'abc', trainSize: '100.5', testSize: '0', learningRate: 'Infinity', seed: '0x10' });
    expect(r).toEqual({
      ok: false,
      errors: {
        epochs: { code: 'required' },
        batchSize: { code: 'not-a-number' },
        trainSize: { code: 'not-integer' },
        testSize: { code: 'too-small', limit: 1 },
        learningRate: { code: 'not-a-number' },
        seed: { code: 'not-a-number' },
      },
    });
  });

  it.each([
    ['0.001', 0.001], ['0,001', 0.001], [' 0,0005 ', 0.0005], ['1e-3', 0.001], ['1E-4', 0.0001],
    ['.01', 0.01], [',01', 0.01], ['0,00001', 1e-5], ['1', 1], ['1,0', 1],
  ])('reads the learning rate %j as %d (decimal point or French comma)', (text, value) => {
    expect(checkOptions({ learningRate: text })).toEqual({ ok: true, options: { ...NOTEBOOK_OPTIONS, learningRate: value } });
  });

  it.each([
    ['', { code: 'required' }], ['  ', { code: 'required' }],
    ['abc', { code: 'not-a-number' }], ['0x1', { code: 'not-a-number' }], ['1e400', { code: 'not-a-number' }],
    ['0,001,5', { code: 'not-a-number' }], ['1/1000', { code: 'not-a-number' }],
    ['0', { code: 'too-small', limit: 1e-5 }], ['-0,01', { code: 'too-small', limit: 1e-5 }], ['1e-6', { code: 'too-small', limit: 1e-5 }],
    ['1,5', { code: 'too-large', limit: 1 }], ['10', { code: 'too-large', limit: 1 }],
  ])('refuses the learning rate %j', (text, error) => {
    expect(checkOptions({ learningRate: text })).toEqual({ ok: false, errors: { learningRate: error } });
  });

  it.each([['0', 0], ['42', 42], [' 7 ', 7], ['2147483647', MAX_SEED], ['+5', 5], ['1e3', 1000]])('reads the seed %j as %d', (text, value) => {
    expect(checkOptions({ seed: text })).toEqual({ ok: true, options: { ...NOTEBOOK_OPTIONS, seed: value } });
  });

  it.each([
    ['', { code: 'required' }], ['graine', { code: 'not-a-number' }], ['0x2a', { code: 'not-a-number' }],
    ['4,2', { code: 'not-integer' }], ['4.2', { code: 'not-integer' }],
    ['-1', { code: 'too-small', limit: 0 }], ['2147483648', { code: 'too-large', limit: MAX_SEED }],
  ])('refuses the seed %j', (text, error) => {
    expect(checkOptions({ seed: text })).toEqual({ ok: false, errors: { seed: error } });
  });

  it.each([['2,000', 2000], ['60 000', 60000], ['60\u202f000', 60000], ['10\u00a0000', 10000], ['1,024', 1024]])(
    'reads digit groups in a whole-number field as thousands: %j is %d examples, never 2', (text, value) => {
      expect(checkOptions({ trainSize: text })).toEqual({ ok: true, options: { ...NOTEBOOK_OPTIONS, trainSize: value } });
    });

  it.each([['2,5', { code: 'not-integer' }], ['2 00', { code: 'not-a-number' }], ['1,000,5', { code: 'not-a-number' }]])(
    'refuses %j in a whole-number field rather than guessing', (text, error) => {
      expect(checkOptions({ trainSize: text })).toEqual({ ok: false, errors: { trainSize: error } });
    });

  it('caps the batch size by the training size', () => {
    expect(checkOptions({ trainSize: '100', batchSize: '128' })).toEqual({ ok: false, errors: { batchSize: { code: 'too-large', limit: 100 } } });
  });

  it('does not blame the batch size for an invalid training size', () => {
    for (const trainSize of ['0', '-3', '2.5']) {
      const r = checkOptions({ trainSize, batchSize: '32' });
      expect(r.ok).toBe(false);
      expect(r.ok ? null : Object.keys(r.errors)).toEqual(['trainSize']);
    }
  });
});
