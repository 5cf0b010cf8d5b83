import { describe, expect, it } from 'vitest';
import { MnistDataError } from '../data/mnist';
import { TrainingError } from '../train/errors';
import { t, type UiKey } from '../i18n';
import { reportError } from './errors';
import { CellError } from './types';

describe('reportError', () => {
  it.each([
    [new TrainingError('stopped-unresponsive', 'no answer within 10 s'), 'stopped-unresponsive', 'cell.unresponsive'],
    [new TrainingError('context-lost', 'lost'), 'context-lost', 'error.context-lost'],
    [new CellError('busy', 'another cell'), 'busy', 'cell.busy'],
    [new CellError('left', 'left the page'), 'left', 'cell.left'],
  ] as const)('keeps a known code: %s', (error, code, key) => {
    const report = reportError(error);
    expect(report).toEqual({ code, key, detail: error.message });
    // Every key it can answer has words in both languages.
    for (const lang of ['fr', 'en'] as const) expect(t(lang, report.key as UiKey)).not.toBe(report.key);
  });

  it('files the data loader\'s errors under data, and anything unknown under internal', () => {
    expect(reportError(new MnistDataError('train-images-00.gz', 'truncated')).code).toBe('data');
    expect(reportError(Object.assign(new Error('x'), { code: 'made-up' })).code).toBe('internal');
    expect(reportError('a string').code).toBe('internal');
    expect(reportError(undefined).key).toBe('error.internal');
  });
});
