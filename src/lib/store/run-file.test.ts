import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { fakeResult } from '../cells/interpret/fixtures';
import type { TrainResult } from '../train/protocol';
import { buildInfo, csvField, csvNumber, parseRunFile, RUN_FILE_FORMAT, RUN_FILE_VERSION, runFileName, runFileText, runHistoryCsv, runToJson } from './run-file';

const META = { url: 'https://example.org/cnn-lstm-mnist/cnn/', trainedAt: new Date('2026-12-03T17:10:00Z'), exportedAt: new Date('2026-12-03T17:12:30Z') };

/** A real run's history counts epochs from 0 (TF.js callbacks); the fixture's numbers are made up. */
function result(): TrainResult {
  const r = fakeResult('cnn');
  return { ...r, history: r.history.map((h, i) => ({ ...h, epoch: i })), backendSeconds: 0.3, saveError: 'QuotaExceededError' };
}

describe('runToJson', () => {
  it('wraps the whole run in a versioned envelope naming the site, its version and the dates', () => {
    const file = runToJson(result(), { ...META, version: '1.2.3', commit: 'abc123def456' });
    expect(file).toMatchObject({
      format: RUN_FILE_FORMAT, version: RUN_FILE_VERSION,
      site: { version: '1.2.3', commit: 'abc123def456', url: META.url },
      exportedAt: '2026-12-03T17:12:30.000Z', trainedAt: '2026-12-03T17:10:00.000Z',
    });
    // Options, backend, history, evaluation (confusion included) and timings travel whole…
    const { saveError: _s, ...rest } = result();
    expect(file.run).toEqual(rest);
    // …but not the browser's storage error, which says nothing about the run.
    expect(file.run).not.toHaveProperty('saveError');
  });

  it('records the build’s version (package.json, set by astro.config.mjs) when none is given', () => {
    expect(buildInfo().version).toBe(pkg.version);
    const file = runToJson(result(), META);
    expect(file.site.version).toBe(pkg.version);
    expect(file.site.commit ?? '').toBe(buildInfo().commit);
  });

  it('reads back exactly what it wrote', () => {
    const file = runToJson(result(), META);
    const back = parseRunFile(runFileText(file));
    expect(back).toEqual({ ok: true, file: JSON.parse(JSON.stringify(file)) });
  });
});

describe('parseRunFile', () => {
  const good = () => JSON.parse(runFileText(runToJson(result(), META))) as Record<string, unknown>;
  const reason = (text: string) => {
    const r = parseRunFile(text);
    return r.ok ? 'ok' : r.reason;
  };

  it('says “not-json” for text that is not JSON (a CSV, an image, nothing)', () => {
    expect(reason('epoch,loss\r\n1,0.5\r\n')).toBe('not-json');
    expect(reason('')).toBe('not-json');
    expect(reason('\u0089PNG\r\n')).toBe('not-json');
  });

  it('says “damaged” for a file of ours cut short (a truncated download)', () => {
    const text = runFileText(runToJson(result(), META));
    expect(reason(text.slice(0, Math.floor(text.length / 2)))).toBe('damaged');
    expect(reason(text.slice(0, text.length - 3))).toBe('damaged');
  });

  it('says “foreign” for someone else’s JSON, a stored-run entry, or a bare value', () => {
    expect(reason('{"name":"cnn-vs-lstm-mnist","version":"0.1.0"}')).toBe('foreign');
    expect(reason(JSON.stringify({ v: 1, savedAt: '2026-12-03T17:10:00Z', result: result() }))).toBe('foreign');
    expect(reason(JSON.stringify(result()))).toBe('foreign');
    expect(reason('[1, 2, 3]')).toBe('foreign');
    expect(reason('null')).toBe('foreign');
    expect(reason(JSON.stringify({ ...good(), format: 'other-format' }))).toBe('foreign');
  });

  it('says “future-version” for a file from a newer site, whatever its run holds', () => {
    expect(reason(JSON.stringify({ ...good(), version: RUN_FILE_VERSION + 1 }))).toBe('future-version');
    expect(reason(JSON.stringify({ ...good(), version: 7, run: { layers: 'something new' } }))).toBe('future-version');
  });

  it('says “damaged” when the envelope or the run fails the stored runs’ checks', () => {
    const base = good();
    const run = base['run'] as Record<string, unknown>;
    const evaluation = run['evaluation'] as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { ...base, version: 0 },
      { ...base, version: '1' },
      { ...base, version: 1.5 },
      { ...base, trainedAt: 'yesterday' },
      { ...base, exportedAt: undefined },
      { ...base, site: 'cnn-lstm-mnist' },
      { ...base, site: { url: 'x' } },
      { ...base, run: undefined },
      { ...base, run: { ...run, model: 'gru' } },
      { ...base, run: { ...run, backend: 'tensorflow' } },
      { ...base, run: { ...run, history: [{ epoch: 0, loss: 'low' }] } },
      { ...base, run: { ...run, evaluation: { ...evaluation, confusion: [[1, 2], [3, 4]] } } },
      { ...base, run: { ...run, fitSeconds: null } },
      { ...base, run: { ...run, threads: 0 } },
      { ...base, run: { ...run, threads: 2.5 } },
      { ...base, run: { ...run, threads: '2' } },
    ];
    for (const b of bad) expect(reason(JSON.stringify(b)), JSON.stringify(b).slice(0, 120)).toBe('damaged');
  });

  it('keeps the thread count a threaded WASM run trained on', () => {
    const file = runToJson({ ...result(), backend: 'wasm', threads: 2 }, META);
    const parsed = parseRunFile(runFileText(file));
    expect(parsed.ok && parsed.file.run.threads).toBe(2);
  });

  it('accepts a stopped run without evaluation, a file without commit, and a leading byte-order mark', () => {
    const stopped = runToJson({ ...result(), stopped: true, evaluation: null }, { ...META, commit: '' });
    expect(stopped.site).not.toHaveProperty('commit');
    const back = parseRunFile(`\uFEFF${runFileText(stopped)}`);
    expect(back.ok && back.file.run.evaluation).toBeNull();
  });

  it('gives a technical detail with each reason, for the console', () => {
    const r = parseRunFile(JSON.stringify({ ...good(), version: 2 }));
    expect(r).toEqual({ ok: false, reason: 'future-version', detail: 'version 2, this site reads up to 1' });
  });
});

describe('runHistoryCsv', () => {
  it('writes a header and one row per epoch, numbered from 1, with dot decimals and CRLF line ends', () => {
    expect(runHistoryCsv(result())).toBe(
      'epoch,loss,accuracy,val_loss,val_accuracy,seconds\r\n' +
      '1,0.6,0.82,0.3,0.91,4\r\n' +
      '2,0.25,0.93,0.15,0.961,4\r\n',
    );
  });

  it('is the same whatever the page’s language, and parses back to the history’s numbers', () => {
    const r = result();
    const [header, ...rows] = runHistoryCsv(r).trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual(['epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds']);
    expect(rows.map((row) => row.split(',').map(Number))).toEqual(r.history.map((h) => [h.epoch + 1, h.loss, h.accuracy, h.val_loss, h.val_accuracy, h.seconds]));
  });

  it('writes only the header for a run stopped before its first epoch', () => {
    expect(runHistoryCsv({ history: [] })).toBe('epoch,loss,accuracy,val_loss,val_accuracy,seconds\r\n');
  });

  it('never writes an exponent, and leaves a diverged value empty', () => {
    expect(csvNumber(1e-7)).toBe('0.0000001');
    expect(csvNumber(2.5e-9)).toBe('0.0000000025');
    expect(csvNumber(1e21)).toBe('1000000000000000000000');
    expect(csvNumber(-1.25e21)).toBe('-1250000000000000000000');
    expect(csvNumber(-1.5e-7)).toBe('-0.00000015');
    expect(Number(csvNumber(3.0000000000000004e-8))).toBe(3.0000000000000004e-8);
    expect(csvNumber(0.123456789)).toBe('0.123456789');
    expect(csvNumber(NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
    const diverged = { history: [{ epoch: 0, loss: NaN, accuracy: 0.1, val_loss: Infinity, val_accuracy: 0.1, seconds: 1 }] };
    expect(runHistoryCsv(diverged).split('\r\n')[1]).toBe('1,,0.1,,0.1,1');
  });

  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('runFileName', () => {
  it('names the model and the local minute the training finished, without characters file systems refuse', () => {
    const when = new Date(2026, 11, 3, 17, 10, 42);
    expect(runFileName('cnn', when, 'json')).toBe('cnn-run-2026-12-03T17-10.json');
    expect(runFileName('lstm', new Date(2027, 0, 5, 8, 3), 'csv')).toBe('lstm-run-2027-01-05T08-03.csv');
  });
});

describe('the machine measurements in a run file', () => {
  it('carries what this browser measured of its backends, and reads back', () => {
    const machine = [{ version: 1, model: 'cnn' as const, backend: 'wasm' as const, rates: [{ backend: 'wasm' as const, examplesPerSecond: 420, reason: null, seconds: 0.7 }], browser: 'Chrome', site: '0.1.0+abc', date: '2026-12-03T18:00:00.000Z' }];
    const file = runToJson(fakeResult('cnn'), { url: 'http://localhost/', trainedAt: '2026-12-03T18:05:00.000Z', machine });
    expect(file.machine).toEqual(machine);
    const back = parseRunFile(runFileText(file));
    expect(back.ok && back.file.machine).toEqual(machine);
    expect(runToJson(fakeResult('cnn'), { url: 'http://localhost/', trainedAt: '2026-12-03T18:05:00.000Z', machine: [] })).not.toHaveProperty('machine');
  });
});
