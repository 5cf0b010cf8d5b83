import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { FusedAdamAttrs } from './fused-adam-kernels';
import { fusedAdamInput } from './fused-adam-input';

// WebGL half of the fused Adam kernel: three element-wise shader passes (m', v',
// value') instead of stock Adam's ~14. Every per-step number is a uniform or an
// input texture, never text in the shader, so each variable shape compiles once.

interface Uniform {
  name: string;
  type: 'float';
}

/** The subset of tfjs-backend-webgl's GPGPUProgram these programs use. */
interface Program {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: Uniform[];
}

interface WebglBackend {
  runWebGLProgram(program: Program, inputs: TensorInfo[], dtype: 'float32', uniforms: number[][]): TensorInfo;
}

/** A moment: M·beta + G·(1 - beta), or with G·G for the second one. Packed programs do 4 values per texel. */
class FusedAdamMomentProgram implements Program {
  variableNames = ['M', 'G'];
  customUniforms: Uniform[] = [{ name: 'uBeta', type: 'float' }, { name: 'uOneMinusBeta', type: 'float' }];
  userCode: string;
  packedOutput: boolean;

  constructor(readonly outputShape: number[], readonly packedInputs: boolean, square: boolean) {
    this.packedOutput = packedInputs;
    const t = packedInputs ? 'vec4' : 'float';
    this.userCode = `void main() {
      ${t} g = getGAtOutCoords();
      setOutput(getMAtOutCoords() * uBeta + ${square ? '(g * g)' : 'g'} * uOneMinusBeta);
    }`;
  }
}

/** value + (m'/(1-accB1)) / (sqrt(v'/(1-accB2)) + eps) · (-lr); C1, C2 are the scalar tensors 1-accB1, 1-accB2. */
class FusedAdamValueProgram implements Program {
  variableNames = ['X', 'M', 'V', 'C1', 'C2'];
  customUniforms: Uniform[] = [{ name: 'uNegLr', type: 'float' }, { name: 'uEps', type: 'float' }];
  userCode: string;
  packedOutput: boolean;

  constructor(readonly outputShape: number[], readonly packedInputs: boolean) {
    this.packedOutput = packedInputs;
    const t = packedInputs ? 'vec4' : 'float';
    // A packed scalar texture holds its value in the first channel.
    const scalar = packedInputs ? '.x' : '';
    this.userCode = `void main() {
      ${t} mHat = getMAtOutCoords() / getC1()${scalar};
      ${t} vHat = getVAtOutCoords() / getC2()${scalar};
      setOutput(mHat / (sqrt(vHat) + uEps) * uNegLr + getXAtOutCoords());
    }`;
  }
}

/** WebGL kernel of FusedAdamUpdate: returns [value', m', v']. */
export const webglFusedAdam: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WebglBackend;
  const a = attrs as unknown as FusedAdamAttrs;
  const get = (k: string) => fusedAdamInput(inputs, k);
  const value = get('value');
  // Packed like TF.js's binary ops. Padding lanes of packed textures hold whatever a
  // previous pass left; with eps > 0 they cannot turn into NaN (0/0) here.
  const packed = tf.env().getBool('WEBGL_PACK_BINARY_OPERATIONS') && a.epsilon > 0;
  const m = b.runWebGLProgram(new FusedAdamMomentProgram(value.shape, packed, false), [get('m'), get('gradient')], 'float32', [[a.beta1], [1 - a.beta1]]);
  const v = b.runWebGLProgram(new FusedAdamMomentProgram(value.shape, packed, true), [get('v'), get('gradient')], 'float32', [[a.beta2], [1 - a.beta2]]);
  const x = b.runWebGLProgram(new FusedAdamValueProgram(value.shape, packed), [value, m, v, get('oneMinusAccBeta1'), get('oneMinusAccBeta2')], 'float32',
    [[-a.learningRate], [a.epsilon]]);
  return [x, m, v];
};
