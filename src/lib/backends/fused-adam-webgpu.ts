import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { FusedAdamAttrs } from './fused-adam-kernels';
import { fusedAdamInput } from './fused-adam-input';

// WebGPU half of the fused Adam kernel: three element-wise compute passes (m', v',
// value') instead of stock Adam's ~14, written as tfjs-backend-webgpu 4.22's own
// programs are (see its clip_webgpu.js, binary_op_webgpu.js). Every per-step number
// is a uniform or an input buffer, never text in the shader, so each kind of program
// compiles once. Nothing is imported from the backend's package: this module is
// loaded with the others, the WebGPU backend only when it is chosen.

/** The subset of tfjs-backend-webgpu's WebGPUProgram these programs use. */
interface Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Adds the `size` uniform: the number of output elements (of vec4s when outputComponent is 4). */
  size: true;
  outputComponent: 1 | 4;
  variableComponents: number[];
  /** WGSL struct fields appended to the backend's own uniforms. */
  uniforms: string;
  getUserCode(): string;
}

interface ProgramUniform {
  type: 'float32';
  data: number[];
}

interface WebgpuBackend {
  runWebGPUProgram(program: Program, inputs: TensorInfo[], dtype: 'float32', uniforms: ProgramUniform[]): TensorInfo;
}

const WORKGROUP: [number, number, number] = [64, 1, 1];

/** Element-wise over `shape`, four values per invocation when the size allows (as TF.js's binary ops do). */
abstract class ElementwiseProgram implements Program {
  abstract variableNames: string[];
  abstract shaderKey: string;
  abstract uniforms: string;
  readonly size = true as const;
  readonly workgroupSize = WORKGROUP;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly outputComponent: 1 | 4;
  abstract variableComponents: number[];

  constructor(readonly outputShape: number[]) {
    const n = outputShape.reduce((p, d) => p * d, 1);
    this.outputComponent = n % 4 === 0 ? 4 : 1;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    // The backend reshapes this to 2 or 3 dimensions if it exceeds the device's limit.
    this.dispatch = [Math.ceil(n / (WORKGROUP[0] * this.outputComponent)), 1, 1];
  }

  protected get wgslType(): string {
    return this.outputComponent === 4 ? 'vec4<f32>' : 'f32';
  }

  abstract getUserCode(): string;
}

/** A moment: M·beta + G·(1 - beta), or with G·G for the second one. */
class FusedAdamMomentProgram extends ElementwiseProgram {
  variableNames = ['M', 'G'];
  uniforms = 'beta : f32, oneMinusBeta : f32,';
  shaderKey: string;
  variableComponents: number[];

  constructor(outputShape: number[], private readonly square: boolean) {
    super(outputShape);
    this.variableComponents = [this.outputComponent, this.outputComponent];
    this.shaderKey = `fusedAdamMoment_${square ? 'sq' : 'g'}_${this.outputComponent}`;
  }

  getUserCode(): string {
    // One statement per stock op, in its order: the square, two products, the sum.
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let g : ${this.wgslType} = G[index];
          let gIn : ${this.wgslType} = ${this.square ? 'g * g' : 'g'};
          let kept : ${this.wgslType} = M[index] * uniforms.beta;
          let added : ${this.wgslType} = gIn * uniforms.oneMinusBeta;
          setOutputAtIndex(index, kept + added);
        }
      }
    `;
  }
}

/** value + (m'/(1-accB1)) / (sqrt(v'/(1-accB2)) + eps) · (-lr); C1, C2 are the scalar tensors 1-accB1, 1-accB2. */
class FusedAdamValueProgram extends ElementwiseProgram {
  variableNames = ['X', 'M', 'V', 'C1', 'C2'];
  uniforms = 'negLr : f32, eps : f32,';
  shaderKey: string;
  variableComponents: number[];

  constructor(outputShape: number[]) {
    super(outputShape);
    const c = this.outputComponent;
    this.variableComponents = [c, c, c, 1, 1];
    this.shaderKey = `fusedAdamValue_${c}`;
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let mHat : ${this.wgslType} = M[index] / C1[0];
          let vHat : ${this.wgslType} = V[index] / C2[0];
          let denominator : ${this.wgslType} = sqrt(vHat) + uniforms.eps;
          let ratio : ${this.wgslType} = mHat / denominator;
          let change : ${this.wgslType} = ratio * uniforms.negLr;
          setOutputAtIndex(index, change + X[index]);
        }
      }
    `;
  }
}

const f32 = (...data: number[]): ProgramUniform => ({ type: 'float32', data });

/** WebGPU kernel of FusedAdamUpdate: returns [value', m', v']. */
export const webgpuFusedAdam: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WebgpuBackend;
  const a = attrs as unknown as FusedAdamAttrs;
  const get = (k: string) => fusedAdamInput(inputs, k);
  const value = get('value');
  // Uniforms are float32, as the scalar tensors of stock Adam are (1 - beta is computed in float64 first).
  const m = b.runWebGPUProgram(new FusedAdamMomentProgram(value.shape, false), [get('m'), get('gradient')], 'float32', [f32(a.beta1), f32(1 - a.beta1)]);
  const v = b.runWebGPUProgram(new FusedAdamMomentProgram(value.shape, true), [get('v'), get('gradient')], 'float32', [f32(a.beta2), f32(1 - a.beta2)]);
  const x = b.runWebGPUProgram(new FusedAdamValueProgram(value.shape), [value, m, v, get('oneMinusAccBeta1'), get('oneMinusAccBeta2')], 'float32',
    [f32(-a.learningRate), f32(a.epsilon)]);
  return [x, m, v];
};
