// What the visualisations read: plain arrays computed in the worker (src/lib/models/inside.ts),
// posted to the page and drawn by src/lib/charts/inside.ts. No TF.js types, so charts stay pure.

/** A stack of maps, row-major, channels last (TF.js's layout): values[(y * width + x) * channels + c]. */
export interface MapStack {
  values: Float32Array;
  /** [height, width, channels]. */
  shape: [number, number, number];
}

/** What the CNN computes for one image. */
export interface CnnInside {
  /** The ten class probabilities. */
  probabilities: number[];
  /** First-layer kernels as a stack of 3×3 "maps", one per filter: shape [3, 3, 32]. */
  filters: MapStack;
  /** After the first convolution + ReLU: [26, 26, 32]. */
  conv1: MapStack;
  /** After 2×2 max pooling: [13, 13, 32]. */
  pool1: MapStack;
  /** After the second convolution + ReLU: [11, 11, 64]. */
  conv2: MapStack;
}

/** What the LSTM computes after each of the 28 rows of one image. */
export interface LstmTrace {
  steps: number;
  units: number;
  /** probabilities[t * 10 + k]: the probability of class k if reading stopped after row t + 1 (the final Dense applied to h_t). */
  probabilities: Float32Array;
  /** hidden[t * units + j]: h_t, in [-1, 1]. */
  hidden: Float32Array;
  /** Mean over the units of each gate (in [0, 1]) at each step: input i_t, forget f_t, output o_t. */
  gates: { input: Float32Array; forget: Float32Array; output: Float32Array };
}
