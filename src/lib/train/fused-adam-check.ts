import * as tf from '@tensorflow/tfjs';
import { FusedAdam } from './fused-adam';
import { mulberry32 } from './shuffle';
import { KERAS_ADAM as KERAS } from '../models/compile';

// Side-by-side runs of tf.train.adam and FusedAdam from identical variables and
// gradients, shared by the unit tests (Node: cpu, wasm) and the browser test (webgl).

/** Adam's hyperparameters, as tf.train.adam takes them. */
export interface AdamHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Keras's Adam defaults, which the project's models use. */
export const KERAS_ADAM: AdamHyper = { learningRate: 0.001, ...KERAS };

/** The hyperparameter sets the checks run: Keras's, and one far from them. */
export const HYPERS: readonly AdamHyper[] = [KERAS_ADAM, { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 }];

/** The CNN's trainable variable shapes (conv1, conv2, dense 7744→128, output). */
export const CNN_SHAPES: number[][] = [[3, 3, 1, 32], [32], [3, 3, 32, 64], [64], [7744, 128], [128], [128, 10], [10]];

/** How far two tensors' values are apart. */
export interface Diff {
  name: string;
  /** Largest |a-b| / max(|a|, |b|, 1e-3·max|a|): relative, judged against the tensor's own scale near zero. */
  rel: number;
  /** Largest |a-b|. */
  abs: number;
}

/** One optimizer with the variables it trains. */
export interface Side {
  vars: tf.Variable[];
  opt: tf.AdamOptimizer;
}

let pairs = 0;

/** Seeded uniform values in [-scale, scale), some of them exactly 0 (a gradient often has zeros). */
export function seeded(n: number, seed: number, scale = 1): Float32Array {
  const r = mulberry32(seed);
  return new Float32Array(n).map(() => (r() < 0.05 ? 0 : (r() * 2 - 1) * scale));
}

const makeAdam = (fused: boolean, h: AdamHyper): tf.AdamOptimizer =>
  fused ? new FusedAdam(h.learningRate, h.beta1, h.beta2, h.epsilon) : tf.train.adam(h.learningRate, h.beta1, h.beta2, h.epsilon);

/** Stock Adam (side a) and FusedAdam (side b) on two copies of the same variables. */
export class AdamPair {
  readonly a: Side;
  readonly b: Side;

  constructor(readonly shapes: number[][], readonly hyper: AdamHyper, readonly seed = 1) {
    const id = ++pairs;
    const vars = (side: string) =>
      shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(seeded(s.reduce((p, d) => p * d, 1), seed * 1000 + i, 0.5), s), true, `pair${id}${side}/w${i}`)));
    this.a = { vars: vars('a'), opt: makeAdam(false, hyper) };
    this.b = { vars: vars('b'), opt: makeAdam(true, hyper) };
  }

  /** One step with the same seeded gradients on both sides, passed as a NamedTensor[] or as a map. */
  step(k: number, asMap = false): void {
    const grads = this.shapes.map((s, i) => tf.tensor(seeded(s.reduce((p, d) => p * d, 1), this.seed * 7919 + k * 131 + i, 10 ** -(k % 4)), s));
    for (const { vars, opt } of [this.a, this.b]) {
      const named = vars.map((v, i) => ({ name: v.name, tensor: grads[i]! }));
      // The map form is what minimize() passes without a varList (typed as Variables, holding gradients).
      const map = Object.fromEntries(named.map((n) => [n.name, n.tensor])) as unknown as Record<string, tf.Variable>;
      opt.applyGradients(asMap ? map : named);
    }
    tf.dispose(grads);
  }

  /** Each side continues with the other kind of optimizer, loaded from its own optimizer's getWeights(). */
  async crossOver(): Promise<void> {
    for (const side of [this.a, this.b]) {
      const weights = await side.opt.getWeights();
      const next = makeAdam(!(side.opt instanceof FusedAdam), this.hyper);
      await next.setWeights(weights);
      // getWeights() makes a new iterations scalar; the moments now live on in `next`.
      weights[0]!.tensor.dispose();
      side.opt.dispose();
      side.opt = next;
    }
  }

  /** Differences between the sides: variables, then optimizer weights (iterations, m's, v's). */
  async diffs(): Promise<Diff[]> {
    const [wa, wb] = [await this.a.opt.getWeights(), await this.b.opt.getWeights()];
    const out: Diff[] = [];
    for (const [i, v] of this.a.vars.entries()) out.push(diff(`w${i}`, await v.data(), await this.b.vars[i]!.data()));
    if (wa.length !== wb.length) throw new Error(`optimizer weights: ${wa.length} vs ${wb.length}`);
    for (const [i, w] of wa.entries()) {
      const suffix = (n: string) => n.replace(/^pair\d+[ab]\//, '');
      const other = wb[i]!;
      if (suffix(w.name) !== suffix(other.name)) throw new Error(`optimizer weight ${i}: ${w.name} vs ${other.name}`);
      out.push(diff(suffix(w.name), await w.tensor.data(), await other.tensor.data()));
    }
    tf.dispose([wa[0]!.tensor, wb[0]!.tensor]);
    return out;
  }

  /** Frees both sides' variables and optimizers. */
  dispose(): void {
    for (const side of [this.a, this.b]) {
      tf.dispose(side.vars);
      side.opt.dispose();
    }
  }
}

/** See {@link Diff}. */
export function diff(name: string, a: ArrayLike<number>, b: ArrayLike<number>): Diff {
  if (a.length !== b.length) throw new Error(`${name}: ${a.length} vs ${b.length} values`);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  let rel = 0;
  let abs = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    abs = Math.max(abs, Number.isNaN(d) ? Infinity : d);
    if (d > 0 || Number.isNaN(d)) rel = Math.max(rel, Number.isNaN(d) ? Infinity : d / Math.max(Math.abs(a[i]!), Math.abs(b[i]!), 1e-3 * scale));
  }
  return { name, rel, abs };
}
