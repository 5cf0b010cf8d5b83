import * as tf from '@tensorflow/tfjs';
import { ensureFusedAdamKernels, FUSED_ADAM, hasFusedAdam, type FusedAdamAttrs } from '../backends/fused-adam-kernels';

/** The parent's private state, reached by name so that getWeights/setWeights/dispose keep working unchanged. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: OptimizerVariable[];
  accumulatedSecondMoment: OptimizerVariable[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * TF.js's Adam with one kernel call per variable (FusedAdamUpdate: value, m and v
 * in one pass on cpu/wasm, three shader passes on webgl and webgpu) instead of ~14
 * element-wise ops. Same state, names and arithmetic order as tf.train.adam, so weights
 * and checkpoints are interchangeable; a backend without the kernel uses the stock code.
 */
export class FusedAdam extends tf.AdamOptimizer {
  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
    ensureFusedAdamKernels();
  }

  /** tf.Optimizer's duck-typed instanceof (inherited) would call every optimizer a FusedAdam: check the prototype chain. */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, x);
  }

  override applyGradients(variableGradients: Gradients): void {
    const fused = hasFusedAdam() && float32Only(variableGradients);
    if (!fused) return super.applyGradients(variableGradients);
    const s = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const attrs: FusedAdamAttrs = { learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon };
    // Mirrors AdamOptimizer.applyGradients (tfjs-core 4.22) line by line, the math aside.
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, s.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, s.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // Moments are indexed by position and created on first sight, named like the parent's.
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]?.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i]!.variable;
        const v = s.accumulatedSecondMoment[i]!.variable;
        const inputs = { value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 };
        const [newValue, newM, newV] = tf.engine().runKernel<tf.Tensor[]>(FUSED_ADAM, inputs, { ...attrs });
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}

/** The kernels handle float32 only; anything else takes the stock path. */
function float32Only(grads: Gradients): boolean {
  const tensors = Array.isArray(grads) ? grads.map((g) => g.tensor) : Object.values(grads);
  const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
  return tensors.every((t) => t == null || t.dtype === 'float32') && names.every((n) => tf.engine().registeredVariables[n]?.dtype === 'float32');
}
