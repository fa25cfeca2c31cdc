/**
 * Custom layers for the TCN. tfjs-layers 4.22 cannot train the obvious building block: Conv1D rejects
 * `padding: 'causal'`, and the Conv2D gradient rejects dilation rates above 1. So a dilated causal
 * convolution is written out: each tap `j` sees the input shifted `j * dilation` steps into the past
 * (zero-padded), taps are concatenated on the channel axis and mixed by one matmul.
 * Both classes are registered for serialization, so saved models load back.
 */
import * as tf from '@tensorflow/tfjs';

/** Arguments of `CausalConv1D`. */
export interface CausalConv1DArgs {
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilation: number;
  readonly seed: number;
  readonly name?: string;
}

function firstShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
}

function firstTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor3D {
  return (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
}

/** `y[t] = b + Σ_j W_j · x[t − j·dilation]`: output step t never sees inputs after t. */
export class CausalConv1D extends tf.layers.Layer {
  static readonly className = 'MetricastCausalConv1D';
  private readonly args: CausalConv1DArgs;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: CausalConv1DArgs) {
    super({ name: args.name });
    this.args = {
      filters: args.filters,
      kernelSize: args.kernelSize,
      dilation: args.dilation,
      seed: args.seed,
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = firstShape(inputShape).at(-1) as number;
    const { kernelSize, filters, seed } = this.args;
    const init = tf.initializers.glorotUniform({ seed });
    this.kernel = this.addWeight('kernel', [kernelSize * channels, filters], 'float32', init);
    this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, shape[1] ?? null, this.args.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = firstTensor(inputs);
      const [batch, steps, channels] = x.shape;
      const taps = Array.from({ length: this.args.kernelSize }, (_, j) => {
        const shift = Math.min(j * this.args.dilation, steps);
        return shift === 0
          ? x
          : tf
              .pad(x, [
                [0, 0],
                [shift, 0],
                [0, 0],
              ])
              .slice([0, 0, 0], [batch, steps, channels]);
      });
      const stacked = tf.concat(taps, 2).reshape([batch * steps, this.args.kernelSize * channels]);
      const kernel = (this.kernel as tf.LayerVariable).read();
      const y = tf.matMul(stacked, kernel).add((this.bias as tf.LayerVariable).read());
      return y.reshape([batch, steps, this.args.filters]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

/** `[batch, steps, channels]` → `[batch, channels]` at the last step: the causal summary of the window. */
export class LastStep extends tf.layers.Layer {
  static readonly className = 'MetricastLastStep';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, shape[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = firstTensor(inputs);
      const [batch, steps, channels] = x.shape;
      return x.slice([0, steps - 1, 0], [batch, 1, channels]).reshape([batch, channels]);
    });
  }
}

tf.serialization.registerClass(CausalConv1D);
tf.serialization.registerClass(LastStep);
