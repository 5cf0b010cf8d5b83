// The page-side client's public types (client.ts implements them); no runtime code.
import type { Measurement } from '../backends/measure';
import type { SingleThreadReason } from '../backends/select';
import type { BackendChoiceEntry } from '../store/backend-choice';
import type { ArmResult, ExperimentId } from '../experiments/spec';
import type { BackendChoice, BackendName, BatchLog, EpochLog, ExperimentRunResult, Inspection, InspectView, ModelKind, ModelSource, TrainOptions, TrainResult, WorkerEvent, WorkerRequest } from './protocol';

/** What a training cell asks for; the client adds the data and wasm URLs. */
export interface TrainRequest {
  model: ModelKind;
  options: TrainOptions;
  backend: BackendChoice;
  save: boolean;
}

/** WASM's threads as the worker reported them (both null on other backends). */
export interface BackendThreads {
  threads: number | null;
  threadsReason: SingleThreadReason | null;
}

/** Progress callbacks of one training (all optional). */
export interface TrainHandlers {
  onPhase?(phase: Extract<WorkerEvent, { type: 'phase' }>['phase']): void;
  onDataProgress?(p: { loadedBytes: number; totalBytes: number; file: string }): void;
  /** `threads`: WASM's thread count and why only one (null elsewhere), for the label "WASM, 2 threads". */
  onBackend?(backend: BackendName, fallbackReason: string | null, threads?: BackendThreads): void;
  onBatch?(log: BatchLog): void;
  onEpoch?(log: EpochLog): void;
  /** 'auto' chose by measurement: just now ('measured') or from a choice this browser stored ('stored'). */
  onAuto?(info: { source: 'measured' | 'stored'; entry: BackendChoiceEntry }): void;
}

/** Where 'auto' remembers its measurements (the default is this browser's localStorage; null: never remember). */
export interface AutoChoices {
  read(model: ModelKind): BackendChoiceEntry | null;
  write(measurement: Measurement): BackendChoiceEntry;
}

/** What an experiment cell asks for: which experiment, at the form's options, on which backend. */
export interface ExperimentRequest {
  experiment: ExperimentId;
  options: TrainOptions;
  backend: BackendChoice;
}

/** Progress callbacks of one experiment: the training ones, plus each arm's start and result. */
export interface ExperimentHandlers extends Omit<TrainHandlers, 'onEpoch'> {
  onArmStart?(arm: string, index: number, total: number): void;
  onArm?(result: ArmResult): void;
}

/** A running experiment: stop() ends it within a batch; done resolves with the arms finished. */
export interface ExperimentHandle {
  stop(): void;
  done: Promise<ExperimentRunResult>;
}

/**
 * A running training: stop() ends it within a batch; done resolves with the (partial)
 * result, or rejects with 'stopped-unresponsive' when the worker does not answer the
 * stop in time (it is then ended, and the next request starts a fresh one).
 */
export interface TrainHandle {
  stop(): void;
  done: Promise<TrainResult>;
}

/** A digit to classify with a saved model (784 pixels in [0, 1], row-major). */
export interface PredictRequest {
  model: ModelKind;
  pixels: Float32Array;
  backend?: BackendChoice;
}

/** One image to look at with a model: the reference one or the student's own. */
export interface InspectRequest {
  source: ModelSource;
  model: ModelKind;
  view: InspectView;
  pixels: Float32Array;
  backend?: BackendChoice;
}

/** The page's handle on the worker. */
export interface TrainingClient {
  train(request: TrainRequest, handlers?: TrainHandlers): TrainHandle;
  predict(request: PredictRequest): Promise<number[]>;
  /** Probabilities, CNN maps or LSTM trace of one image (a reference model loads its weights on first use). */
  inspect(request: InspectRequest): Promise<Inspection>;
  /** Runs an experiment in the worker; refused ('busy') while another training runs on the page. */
  experiment(request: ExperimentRequest, handlers?: ExperimentHandlers): ExperimentHandle;
  /**
   * Times both models on every backend that starts ("Measure my machine"); the measurements are
   * remembered as 'auto's choices. Refused ('busy') while a training runs on the page.
   */
  benchmark(handlers?: { onMeasured?(m: Measurement): void }): { stop(): void; done: Promise<Measurement[]> };
  /** Ends the worker now; pending requests reject. The next request starts a new one. */
  terminate(): void;
}

/** The part of Worker the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

/** Overrides for tests; the defaults are the site's URLs and the real module worker. */
export interface ClientOptions {
  dataUrl?: string;
  wasmUrl?: string;
  modelsUrl?: string;
  /** 'auto' by measurement's memory (default: localStorage in a browser, none elsewhere). */
  autoChoices?: AutoChoices | null;
  createWorker?: () => WorkerLike;
  /** Where 'pagehide' is listened for (default: globalThis). */
  page?: EventTarget;
  /**
   * How long a training may take to answer stop() before its worker is ended (default
   * 10,000 ms): a hung GPU read-back or a lost device never sees the stop flag.
   */
  stopTimeoutMs?: number;
  /**
   * The same deadline while no batch has finished yet (default 60,000 ms): the first batch
   * compiles the GPU's shaders. Once batches arrive, the deadline is the larger of
   * stopTimeoutMs and three batches at the measured rate.
   */
  firstBatchStopTimeoutMs?: number;
}
