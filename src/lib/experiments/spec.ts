// The experiments that test the notebook's claims: what each trains, on what, and how it is
// evaluated. The browser's Run cells and `npm run experiments` (the reference results) read
// the same definitions, so a student's point and the reference sit on the same configuration.
import { EXPERIMENT_OPTIONS } from '../models/options';
import type { TrainOptions } from '../train/protocol';

/** A model an experiment trains: the notebook's two, and the control without spatial prior. */
export type ExperimentModel = 'cnn' | 'lstm' | 'mlp';

/** What is done to every image (train and test alike) before it becomes a tensor. */
export type ImageTransform = 'none' | 'shuffle' | 'flip-rows' | 'transpose';

/** One training of one model: the smallest unit an experiment reports. */
export interface ExperimentArm {
  /** Unique in its experiment, e.g. "cnn-shuffle". */
  id: string;
  model: ExperimentModel;
  transform: ImageTransform;
  trainSize: number;
  epochs: number;
}

/** A test-time shift: dx pixels right (negative: left), dy down (negative: up). */
export interface Shift { dx: number; dy: number }

/** What one arm gave: test accuracy (and loss) on the experiment's test set, per shift when asked. */
export interface ArmResult {
  arm: string;
  seed: number;
  accuracy: number;
  loss: number;
  fitSeconds: number;
  /** Shift experiment: accuracy on the test set moved by each shift. */
  shifts?: (Shift & { accuracy: number })[];
}

/** The five experiments' ids, in page order. */
export type ExperimentId = 'shuffle' | 'shift' | 'size' | 'order' | 'seeds';

/** One experiment: its arms, its test set, the seeds of its reference results. */
export interface Experiment {
  id: ExperimentId;
  arms: ExperimentArm[];
  /** Test images used (the first n of the 10,000): the same for every arm. */
  testSize: number;
  /** Test-time shifts evaluated after training (shift experiment only). */
  shifts?: Shift[];
  /** Seeds of the reference results (`npm run experiments`). */
  referenceSeeds: number[];
  batchSize: number;
  learningRate: number;
}

/** Seed of the pixel permutation: fixed, so the shuffle is the same for every run and seed. */
export const PERMUTATION_SEED = 2024;
const COMMON = { batchSize: EXPERIMENT_OPTIONS.batchSize, learningRate: EXPERIMENT_OPTIONS.learningRate, testSize: EXPERIMENT_OPTIONS.testSize } as const;
const SEEDS_3 = [42, 43, 44];
const MODELS: ExperimentModel[] = ['cnn', 'lstm', 'mlp'];
/**
 * Each model sees 10,000 images once in the single-configuration experiments: the shuffle
 * experiment's six trainings take about 2 minutes on this project's 2-core machine (WASM).
 * Far from the notebook's 60,000 × 5, so accuracies are lower (the LSTM's most).
 */
const BASE = { trainSize: EXPERIMENT_OPTIONS.trainSize, epochs: EXPERIMENT_OPTIONS.epochs } as const;

/** 0 to 4 pixels in each of the four directions; 0 once. */
export const SHIFTS: Shift[] = [
  { dx: 0, dy: 0 },
  ...[1, 2, 3, 4].flatMap((d) => [{ dx: d, dy: 0 }, { dx: -d, dy: 0 }, { dx: 0, dy: -d }, { dx: 0, dy: d }]),
];

/**
 * Fewer examples: each size gets the same 10,000 example passes (320, 315 and 313 weight
 * updates of 32: the last batch of an epoch is partial), so a smaller set is seen more times
 * rather than trained less: 500 × 20, 2,000 × 5, 10,000 × 1.
 */
export const SIZE_EPOCHS: Readonly<Record<number, number>> = { 500: 20, 2_000: 5, 10_000: 1 };

/** Every experiment, by id. */
export const EXPERIMENTS: Readonly<Record<ExperimentId, Experiment>> = {
  shuffle: {
    id: 'shuffle', ...COMMON, referenceSeeds: SEEDS_3,
    arms: MODELS.flatMap((model) => (['none', 'shuffle'] as const).map((transform) => ({ id: `${model}-${transform}`, model, transform, ...BASE }))),
  },
  shift: {
    id: 'shift', ...COMMON, referenceSeeds: SEEDS_3, shifts: SHIFTS,
    arms: MODELS.map((model) => ({ id: model, model, transform: 'none' as const, ...BASE })),
  },
  size: {
    id: 'size', ...COMMON, referenceSeeds: SEEDS_3,
    arms: MODELS.flatMap((model) => Object.entries(SIZE_EPOCHS).map(([size, epochs]) => ({ id: `${model}-${size}`, model, transform: 'none' as const, trainSize: Number(size), epochs }))),
  },
  order: {
    id: 'order', ...COMMON, referenceSeeds: SEEDS_3,
    arms: (['none', 'flip-rows', 'transpose'] as const).map((transform) => ({ id: `lstm-${transform}`, model: 'lstm' as const, transform, ...BASE })),
  },
  seeds: {
    id: 'seeds', ...COMMON, referenceSeeds: [42, 43, 44, 45, 46],
    arms: (['cnn', 'lstm'] as const).map((model) => ({ id: model, model, transform: 'none' as const, ...BASE })),
  },
};

/** The experiments in page order. */
export const EXPERIMENT_IDS: readonly ExperimentId[] = ['shuffle', 'shift', 'size', 'order', 'seeds'];

/** What a student may change in an experiment cell's form (the rest is the experiment's). */
export type ExperimentOptions = Pick<TrainOptions, 'trainSize' | 'epochs' | 'testSize' | 'batchSize' | 'learningRate' | 'seed'>;

/**
 * The experiment at the form's options: every arm's training set and epochs scale with
 * trainSize and epochs relative to the reference configuration (so the size experiment
 * keeps its 1 : 4 : 20 sizes and equal example passes), the test set is options.testSize.
 */
export function scaleExperiment(exp: Experiment, o: ExperimentOptions): Experiment {
  const ratio = o.trainSize / EXPERIMENT_OPTIONS.trainSize;
  return {
    ...exp, testSize: o.testSize, batchSize: o.batchSize, learningRate: o.learningRate,
    arms: exp.arms.map((a) => ({ ...a, trainSize: Math.max(1, Math.round(a.trainSize * ratio)), epochs: a.epochs * o.epochs })),
  };
}

/** Whether options are the reference configuration (any seed): only then do the reference results compare exactly. */
export function isReferenceConfig(o: ExperimentOptions): boolean {
  return (['trainSize', 'epochs', 'testSize', 'batchSize', 'learningRate'] as const).every((k) => o[k] === EXPERIMENT_OPTIONS[k]);
}
