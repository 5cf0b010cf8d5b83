import { describe, expect, it } from 'vitest';
import { median, presetSummary, threadRatios } from './bench-threads.mjs';

const speed = (backend, model, t10, fit, cpu10) => ({ backend, model, examples: 640, trainerReadEvery10: t10, modelFit: fit, ...(cpu10 ? { cpu: { trainerReadEvery10: cpu10 } } : {}), threads: backend === 'wasm' ? 1 : 2, label: `${backend} label` });
const worker = (backend, model, rate) => ({ backend, model, examples: 640, workerExPerSec: rate, threads: backend === 'wasm' ? 1 : 2 });

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe('threadRatios', () => {
  it('divides each threaded row by the single-threaded one of the same model', () => {
    const rows = {
      browser: [speed('wasm', 'cnn', 300, 250, 280), speed('wasm-threads', 'cnn', 480, 300, 240), speed('wasm', 'lstm', 400, 300), speed('wasm-threads', 'lstm', 440, 330)],
      worker: [worker('wasm', 'cnn', 200), worker('wasm-threads', 'cnn', 300)],
    };
    const [cnn, lstm, ...rest] = threadRatios(rows, ['cnn', 'lstm'], 1.6);
    expect(rest).toEqual([]);
    expect(cnn).toMatchObject({ model: 'cnn', row: 'wasm-threads', threads: 2, single: 300, threaded: 480, target: 1.6, workerSingle: 200, workerThreaded: 300 });
    expect(cnn.ratio).toBeCloseTo(1.6);
    expect(cnn.ratioModelFit).toBeCloseTo(1.2);
    expect(cnn.ratioPerCpuSecond).toBeCloseTo(240 / 280);
    expect(cnn.workerRatio).toBeCloseTo(1.5);
    expect(lstm.ratio).toBeCloseTo(1.1);
    expect(lstm).toMatchObject({ ratioPerCpuSecond: null, workerRatio: null, workerSingle: null });
  });

  it('skips a pair with both sides missing, and gives nulls for a half-missing pair', () => {
    const rows = { browser: [speed('wasm', 'cnn', 300, 250), speed('wasm-threads-uncapped', 'cnn', 330, 260)], worker: [worker('wasm', 'cnn', 200)] };
    const out = threadRatios(rows, ['cnn', 'lstm'], 1.6);
    expect(out.map((r) => r.row)).toEqual(['wasm-threads-uncapped']);
    expect(out[0].ratio).toBeCloseTo(1.1);
    expect(out[0].workerRatio).toBeNull();
  });
});

describe('presetSummary', () => {
  const run = (mode, seconds, ok = true) => ({ mode, ok, clickToDoneSeconds: seconds, backendLine: `${mode} line` });

  it('takes medians and ranges of the finished runs per mode, and single ÷ threads', () => {
    const s = presetSummary('cnn', [run('single', 12), run('threads', 7), run('threads', 6), run('single', 14), run('single', 13), run('threads', 30, false)], 3, 8);
    expect(s).toMatchObject({ model: 'cnn', runs: 3, finished: { single: 3, threads: 2 }, singleSeconds: 13, threadsSeconds: 6.5, singleRange: [12, 14], threadsRange: [6, 7], targetSeconds: 8, threadsLabel: 'threads line', singleLabel: 'single line' });
    expect(s.speedup).toBeCloseTo(2);
  });

  it('leaves a mode with no finished run empty, and gives null when none finished', () => {
    expect(presetSummary('lstm', [run('single', 10), run('threads', 1, false)], 1, 8)).toMatchObject({ singleSeconds: 10, threadsSeconds: null, threadsRange: null, speedup: null });
    expect(presetSummary('lstm', [run('single', 10, false)], 1, 8)).toBeNull();
  });
});
