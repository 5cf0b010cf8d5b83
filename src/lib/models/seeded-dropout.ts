import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from './seeds';

/** Constructor arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Keras `Dropout` with a reproducible, *changing* mask. TF.js's own
 * `tf.layers.dropout({ seed })` reseeds its generator on every call, so a fixed
 * seed drops the same units at every training step (a different, weaker
 * regulariser). Here call n uses deriveSeed(seed, n): reproducible per run,
 * fresh per step. It serialises as a plain 'Dropout' (rate only), so a saved
 * model loads without registering this class.
 */
export class SeededDropout extends tf.layers.Layer {
  /** Serialised under Keras's name: a loaded model gets the stock Dropout. */
  static className = 'Dropout';
  readonly rate: number;
  private readonly baseSeed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) {
      throw new RangeError(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    }
    this.rate = args.rate;
    this.baseSeed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined) throw new Error('SeededDropout: expected one input tensor');
    // Same rule as tfjs-layers: only an explicit training=true drops units.
    if (kwargs['training'] !== true || this.rate === 0) return x;
    const seed = deriveSeed(this.baseSeed, this.calls);
    this.calls += 1;
    return tf.dropout(x, this.rate, undefined, seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
