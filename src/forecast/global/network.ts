/**
 * The global network: an MLP over the normalised day (N-BEATS-style fully connected stack with a
 * linear skip from input to output), emitting every quantile of every horizon step, trained with
 * the pinball loss. Small on purpose: one forward pass for thousands of series costs milliseconds.
 */
import * as tf from '@tensorflow/tfjs';

/** Sizes of the network. */
export interface GlobalNetworkShape {
  readonly inputs: number;
  readonly horizon: number;
  readonly quantiles: readonly number[];
  readonly units: number;
  readonly layers: number;
}

/** Builds the uncompiled MLP; the same seed builds the same initial weights. */
export function buildGlobalNetwork(shape: GlobalNetworkShape, seed: number): tf.LayersModel {
  const outputs = shape.horizon * shape.quantiles.length;
  const input = tf.input({ shape: [shape.inputs] });
  let hidden: tf.SymbolicTensor = input;
  for (let l = 0; l < shape.layers; l++) {
    hidden = tf.layers
      .dense({
        units: shape.units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + l }),
      })
      .apply(hidden) as tf.SymbolicTensor;
  }
  const main = tf.layers
    .dense({ units: outputs, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }) })
    .apply(hidden) as tf.SymbolicTensor;
  const skip = tf.layers
    .dense({ units: outputs, useBias: false, kernelInitializer: tf.initializers.zeros() })
    .apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.add().apply([main, skip]) as tf.SymbolicTensor });
}

/** Mean pinball loss over every (horizon step, quantile) output; outputs are step-major. Dispose `levels` after training. */
export function pinballLoss(
  quantiles: readonly number[],
  horizon: number,
): { readonly levels: tf.Tensor; readonly loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor } {
  const levels = tf.tensor1d(Array.from({ length: horizon }, () => quantiles).flat());
  const loss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      // Targets arrive repeated across each step's quantiles (tfjs checks targets against outputs' shape).
      const diff = tf.sub(yTrue, yPred);
      return tf.mean(tf.maximum(tf.mul(levels, diff), tf.mul(tf.sub(levels, 1), diff)));
    });
  return { levels, loss };
}
