// What the experiment charts draw: the reference results (mean and range over seeds) of the
// cell's experiment, and the student's points, per arm. Pure: no DOM, no TF.js.
import { experimentFigures, shiftKey, type ExperimentFigures } from '../../figures/experiments';
import type { Spread } from '../../figures/stats';
import { EXPERIMENT_OPTIONS } from '../../models/options';
import { EXPERIMENTS, type ArmResult, type ExperimentArm, type ExperimentId, type ExperimentModel } from '../../experiments/spec';
import type { Lang, Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';

// Only the results travel with the cell's code (Vite tree-shakes the other fields).
const files = import.meta.glob<unknown[]>('../../../data/experiments/*.json', { eager: true, import: 'results' });

/** The reference results of `id`, or null before `npm run experiments` made them. */
export function referenceFigures(id: ExperimentId, source: Record<string, unknown[]> = files): ExperimentFigures | null {
  const entry = Object.entries(source).find(([path]) => path.endsWith(`/${id}.json`));
  return entry ? experimentFigures(entry[0], { results: entry[1] }) : null;
}

/** One drawn point: an arm's reference spread, or the student's value. */
export interface ArmRow {
  arm: string;
  label: string;
  model: ExperimentModel;
  source: 'reference' | 'student';
  value: number;
  min?: number;
  max?: number;
  n?: number;
}

const spreadRow = (s: Spread) => ({ value: s.mean, min: s.min, max: s.max, n: s.n });

/** The words for an arm: its model, and what makes it differ from the other arms. */
export function armLabel(t: Translate, lang: Lang, id: ExperimentId, arm: ExperimentArm): string {
  const model = t(`model.${arm.model}`);
  if (id === 'shuffle' || id === 'order') return `${model}, ${t(`exp.transform.${arm.transform}`)}`;
  if (id === 'size') return `${model}, ${t('exp.images', { n: formatNumber(lang, arm.trainSize) })}`;
  return model;
}

/** Reference and student rows of a per-arm experiment (shuffle, order, seeds), in arm order. */
export function armRows(t: Translate, lang: Lang, id: ExperimentId, ref: ExperimentFigures | null, mine: readonly ArmResult[]): ArmRow[] {
  const rows: ArmRow[] = [];
  for (const arm of EXPERIMENTS[id].arms) {
    const base = { arm: arm.id, label: armLabel(t, lang, id, arm), model: arm.model };
    const r = ref?.arms[arm.id];
    if (r) rows.push({ ...base, source: 'reference', ...spreadRow(r.accuracy) });
    const m = mine.find((x) => x.arm === arm.id);
    if (m) rows.push({ ...base, source: 'student', value: m.accuracy });
  }
  return rows;
}

/** A point of the shift chart: one model, one direction, one distance. */
export interface ShiftRow {
  model: ExperimentModel;
  source: 'reference' | 'student';
  direction: 'right' | 'left' | 'up' | 'down';
  shift: number;
  value: number;
  min?: number;
  max?: number;
  n?: number;
}

const DIRECTIONS = [['right', 1, 0], ['left', -1, 0], ['up', 0, -1], ['down', 0, 1]] as const;

/** Reference and student points of the shift experiment; the unshifted point is repeated in each direction. */
export function shiftRows(ref: ExperimentFigures | null, mine: readonly ArmResult[]): ShiftRow[] {
  const rows: ShiftRow[] = [];
  for (const arm of EXPERIMENTS.shift.arms) {
    for (const [direction, x, y] of DIRECTIONS) {
      for (let d = 0; d <= 4; d++) {
        const key = shiftKey(x * d, y * d);
        const r = ref?.arms[arm.id]?.shifts?.[key];
        if (r) rows.push({ model: arm.model, source: 'reference', direction, shift: d, ...spreadRow(r) });
        const m = mine.find((a) => a.arm === arm.id)?.shifts?.find((s) => shiftKey(s.dx, s.dy) === key);
        if (m) rows.push({ model: arm.model, source: 'student', direction, shift: d, value: m.accuracy });
      }
    }
  }
  return rows;
}

/** A point of the size chart; 'full' is the full reference run (60,000 images × 5 epochs). */
export interface SizeRow {
  model: ExperimentModel;
  source: 'reference' | 'student' | 'full';
  size: number;
  value: number;
  min?: number;
  max?: number;
  n?: number;
}

/**
 * Reference and student points of the size experiment at the reference sizes; the student's
 * points sit at their own (scaled) sizes. `full` adds the full reference runs' spread per model.
 */
export function sizeRows(ref: ExperimentFigures | null, mine: readonly ArmResult[], scale: number, full: Partial<Record<ExperimentModel, Spread>>): SizeRow[] {
  const rows: SizeRow[] = [];
  for (const arm of EXPERIMENTS.size.arms) {
    const r = ref?.arms[arm.id];
    if (r) rows.push({ model: arm.model, source: 'reference', size: arm.trainSize, ...spreadRow(r.accuracy) });
    const m = mine.find((a) => a.arm === arm.id);
    if (m) rows.push({ model: arm.model, source: 'student', size: Math.max(1, Math.round(arm.trainSize * scale)), value: m.accuracy });
  }
  for (const [model, s] of Object.entries(full) as [ExperimentModel, Spread][]) rows.push({ model, source: 'full', size: 60_000, ...spreadRow(s) });
  return rows;
}

/** The student's scale relative to the reference's training-set size (1 at the reference configuration). */
export const sizeScale = (trainSize: number) => trainSize / EXPERIMENT_OPTIONS.trainSize;
