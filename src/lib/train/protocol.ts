import type { ArmResult, ExperimentId } from '../experiments/spec';
import type { CnnInside, LstmTrace } from '../models/inside-types';
import type { Measurement } from '../backends/measure';
import type { SingleThreadReason } from '../backends/select';

/** The notebook's two architectures. */
export type ModelKind = 'cnn' | 'lstm';

/** TF.js backends the trainer can run on. */
export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

/** A backend request: a named one, or WebGL with fallbacks (WASM, then CPU). */
export type BackendChoice = BackendName | 'auto';

/** Training options; defaults are the notebook's (see options.ts). */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Training examples taken from the 60,000 (the first n, in file order). */
  trainSize: number;
  /** Validation/test examples taken from the 10,000. */
  testSize: number;
  learningRate: number;
  seed: number;
}

/** One row of the per-epoch history, named as Keras names them. */
export interface EpochLog {
  /** 0-based, as TF.js callbacks count; shown 1-based (Keras's "Epoch 1/5"). */
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
  /** Fit time of this epoch alone (training + validation), in seconds. */
  seconds: number;
}

/** Progress after a batch (sent every N batches to avoid stalling the GPU). */
export interface BatchLog {
  /** 0-based epoch index. */
  epoch: number;
  /** Batches finished in this epoch (1..batchesPerEpoch). */
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  accuracy: number;
  examplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

/** A misclassified test image. */
export interface Misclassified {
  index: number;
  label: number;
  predicted: number;
  probability: number;
}

/** Test-set evaluation after training. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  perClassAccuracy: number[];
  misclassified: Misclassified[];
}

/** Everything a finished (or stopped) run produced. */
export interface TrainResult {
  model: ModelKind;
  backend: BackendName;
  options: TrainOptions;
  history: EpochLog[];
  /** The fit alone, as the notebook timed it. */
  fitSeconds: number;
  /** Downloading (or reading from cache) the images and making them tensors; the backend start is not in it. */
  dataSeconds: number;
  /** Creating and compiling the model. */
  buildSeconds: number;
  /**
   * Starting the TF.js backend for this run (WASM compile, WebGL context, fallbacks tried);
   * near 0 when the worker already ran it. Optional: runs stored before it was measured lack it.
   */
  backendSeconds?: number;
  /** Timing each backend before choosing one ('auto' by measurement); in neither backendSeconds nor fitSeconds. */
  measureSeconds?: number;
  /** WASM: the threads it trained on (absent on other backends and in runs stored before threads existed). */
  threads?: number;
  /** Stop ended the run early: while loading data (history empty), training or evaluating. */
  stopped: boolean;
  /** Null when the run was stopped (evaluation is skipped, or cut short, so the stop is quick). */
  evaluation: Evaluation | null;
  /** Set when save was asked for and IndexedDB refused it; the result itself is still valid. */
  saveError?: string;
  /**
   * tf.memory() in the worker once the run's tensors and model are disposed (optional, so
   * stored runs without it stay valid): equal figures after successive runs mean no leak.
   */
  memory?: { numTensors: number; numBytes: number };
}

/** One experiment run in the browser: every arm finished before Stop, in order. */
export interface ExperimentRunResult {
  experiment: ExperimentId;
  options: TrainOptions;
  backend: BackendName;
  results: ArmResult[];
  /** Arms the experiment has; fewer results than this means Stop came first. */
  arms: number;
  stopped: boolean;
  /** Training, evaluation included, of every finished arm. */
  seconds: number;
  memory?: { numTensors: number; numBytes: number };
}

/** Page -> worker messages. */
export type WorkerRequest =
  | {
      type: 'train';
      id: string;
      model: ModelKind;
      options: TrainOptions;
      backend: BackendChoice;
      /** Absolute URL of the folder holding manifest.json. */
      dataUrl: string;
      /** Absolute URL of the folder holding the TF.js .wasm files. */
      wasmUrl: string;
      /** Keep the trained model in IndexedDB for prediction cells. */
      save: boolean;
      /** With backend 'auto': time a few batches on each backend first and train on the fastest ('measured' event). */
      measure?: boolean;
    }
  | {
      type: 'experiment';
      id: string;
      experiment: ExperimentId;
      /** The form's options; the worker scales the experiment with them (spec.ts scaleExperiment). */
      options: TrainOptions;
      backend: BackendChoice;
      dataUrl: string;
      wasmUrl: string;
    }
  | {
      type: 'benchmark';
      id: string;
      /** Absolute URL of the folder holding the TF.js .wasm files. */
      wasmUrl: string;
    }
  | { type: 'stop'; id: string }
  | { type: 'predict'; id: string; model: ModelKind; backend: BackendChoice; wasmUrl: string; pixels: Float32Array }
  | {
      type: 'inspect';
      id: string;
      /** The project's reference model (weights served with the site) or the student's own saved one. */
      source: ModelSource;
      model: ModelKind;
      view: InspectView;
      backend: BackendChoice;
      wasmUrl: string;
      /** Absolute URL of the folder holding the reference weights' manifest.json. */
      modelsUrl: string;
      pixels: Float32Array;
    };

/** Whose model a view reads. */
export type ModelSource = 'reference' | 'mine';

/** What to compute for one image: the probabilities, the CNN's maps or the LSTM's row-by-row trace. */
export type InspectView = 'predict' | 'cnn' | 'lstm';

/** The answer to an 'inspect' request. */
export type Inspection =
  | { view: 'predict'; probabilities: number[] }
  | { view: 'cnn'; inside: CnnInside }
  | { view: 'lstm'; trace: LstmTrace };

/** Worker -> page messages. */
export type WorkerEvent =
  | { type: 'phase'; id: string; phase: 'loading-data' | 'building' | 'training' | 'evaluating' | 'saving' }
  | { type: 'data-progress'; id: string; loadedBytes: number; totalBytes: number; file: string }
  | {
      type: 'backend'; id: string; backend: BackendName; fallbackReason: string | null;
      /** WASM: its thread count, and why only one when so (absent or null on other backends). */
      threads?: number | null; threadsReason?: SingleThreadReason | null;
    }
  | { type: 'batch'; id: string; log: BatchLog }
  | { type: 'epoch'; id: string; log: EpochLog }
  | { type: 'done'; id: string; result: TrainResult }
  | { type: 'arm-start'; id: string; arm: string; index: number; total: number }
  | { type: 'arm'; id: string; result: ArmResult }
  | { type: 'experiment-done'; id: string; result: ExperimentRunResult }
  | { type: 'prediction'; id: string; model: ModelKind; probabilities: number[] }
  | { type: 'inspection'; id: string; result: Inspection }
  | { type: 'measured'; id: string; measurement: Measurement }
  | { type: 'benchmark-done'; id: string; measurements: Measurement[] }
  | { type: 'error'; id: string; code: ErrorCode; message: string };

/** Error families, so the page can word them for students. */
export type ErrorCode = 'data' | 'backend' | 'context-lost' | 'options' | 'no-model' | 'storage' | 'weights' | 'internal';
