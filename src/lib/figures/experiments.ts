// The experiments' reference results (src/data/experiments/<id>.json) as spreads over seeds.
// Imported by Node scripts too (type stripping): erasable TypeScript and .ts imports only.
import { spread, type Spread } from './stats.ts';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A shift's key in the tree: "none", or the direction and the distance ("right1", "up4"). */
export function shiftKey(dx: number, dy: number): string {
  if (dx === 0 && dy === 0) return 'none';
  if (dy === 0) return `${dx > 0 ? 'right' : 'left'}${Math.abs(dx)}`;
  if (dx === 0) return `${dy > 0 ? 'down' : 'up'}${Math.abs(dy)}`;
  throw new RangeError(`shifts move along one axis, got (${dx}, ${dy})`);
}

/** One experiment's reference results: per arm, accuracy and fit time over the seeds; per shift too. */
export interface ExperimentFigures {
  arms: Record<string, { accuracy: Spread; seconds: Spread; shifts?: Record<string, Spread> }>;
  seeds: number[];
  /** Time of every run of the file, data loading excluded. */
  sweepSeconds: number;
  /** The same per seed: what one student run of the experiment took on the reference machine. */
  secondsPerSeed: number;
  complete: boolean;
  /** Mean 1-minute load average when the runs started (the machine's other work shows in it). */
  loadMean: number;
  /** As the file records it: backend, cpu, cores, node, tfjs, date, code, loadAverage. */
  environment: Obj;
}

/** The reference results of one experiment file; throws on a file that is not one. */
export function experimentFigures(path: string, json: unknown, expected?: { arms: string[]; seeds: number[] }): ExperimentFigures {
  if (!isObj(json) || !Array.isArray(json['results'])) throw new Error(`${path} is not an experiment file (no results)`);
  const byArm = new Map<string, { accuracy: number; fitSeconds: number; seed: number; shifts?: { dx: number; dy: number; accuracy: number }[] }[]>();
  for (const r of json['results'] as Obj[]) {
    if (typeof r['arm'] !== 'string' || typeof r['accuracy'] !== 'number' || typeof r['seed'] !== 'number') throw new Error(`${path}: a result lacks arm, seed or accuracy`);
    const list = byArm.get(r['arm']) ?? [];
    list.push(r as never);
    byArm.set(r['arm'], list);
  }
  if (expected) {
    for (const arm of expected.arms) {
      const seeds = (byArm.get(arm) ?? []).map((r) => r.seed);
      const missing = expected.seeds.filter((s) => !seeds.includes(s));
      if (missing.length > 0) throw new Error(`${path}: arm ${arm} lacks seed(s) ${missing.join(', ')} (run npm run experiments)`);
    }
  }
  const arms: ExperimentFigures['arms'] = {};
  const seeds = new Set<number>();
  for (const [arm, runs] of byArm) {
    for (const r of runs) seeds.add(r.seed);
    const entry: ExperimentFigures['arms'][string] = { accuracy: spread(runs.map((r) => r.accuracy))!, seconds: spread(runs.map((r) => r.fitSeconds))! };
    if (runs.every((r) => Array.isArray(r.shifts))) {
      const keys = new Map<string, number[]>();
      for (const r of runs) for (const s of r.shifts!) keys.set(shiftKey(s.dx, s.dy), [...(keys.get(shiftKey(s.dx, s.dy)) ?? []), s.accuracy]);
      entry.shifts = Object.fromEntries([...keys].map(([k, v]) => [k, spread(v)!]));
    }
    arms[arm] = entry;
  }
  return {
    arms, seeds: [...seeds].sort((a, b) => a - b),
    sweepSeconds: typeof json['sweepSeconds'] === 'number' ? json['sweepSeconds'] : NaN,
    secondsPerSeed: typeof json['sweepSeconds'] === 'number' && seeds.size > 0 ? json['sweepSeconds'] / seeds.size : NaN,
    complete: json['complete'] === true,
    loadMean: isObj(json['environment']) && isObj(json['environment']['loadAverage']) && typeof json['environment']['loadAverage']['mean'] === 'number' ? json['environment']['loadAverage']['mean'] : NaN,
    environment: isObj(json['environment']) ? json['environment'] : {},
  };
}
