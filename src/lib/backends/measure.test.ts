import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { measureBackends, timeTrainingSteps } from './measure';
import type { BackendName } from '../train/protocol';

describe('auto by measurement', () => {
  it('times the real training step and frees what it made', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const r = await timeTrainingSteps('lstm', { timedMs: 50, maxSteps: 2 });
    expect(r.capped).toBe(false);
    expect(r.examplesPerSecond).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tries the candidates (WASM first), records why one did not start, picks the fastest, and CPU only when nothing else starts', async () => {
    const tried: BackendName[] = [];
    const start = async (name: BackendName) => {
      tried.push(name);
      if (name === 'webgl' || name === 'wasm') return `${name} unavailable here`;
      await tf.setBackend('cpu');
      return name === 'webgpu' ? 'no GPU adapter' : null;
    };
    const m = await measureBackends('lstm', ['webgpu', 'webgl', 'wasm'], start, { timedMs: 20, maxSteps: 1 });
    expect(tried).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(m.picked).toBe('cpu');
    expect(m.rates.find((r) => r.backend === 'webgpu')).toMatchObject({ examplesPerSecond: null, reason: 'no GPU adapter' });
    await expect(measureBackends('lstm', ['webgl'], async () => 'broken', { timedMs: 20 })).rejects.toThrow(/No TF\.js backend could start/);
  });
});
