/** Dense forecaster: the flattened window mapped straight to the horizon (linear, or with one hidden layer). */
import * as tf from '@tensorflow/tfjs';
import { denseArgs, head } from './networks';
import type { NetworkBuilder } from './networks';
import { TfjsForecaster } from './tfjs-forecaster';

/** `units` 0 (the default): a direct linear model; otherwise a ReLU hidden layer plus the linear skip. */
export const buildDense: NetworkBuilder = (shape, hp, seed) => {
  const input = tf.input({ shape: [shape.window, shape.channels] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  if (hp.units === 0) {
    const linear = tf.layers.dense({ units: shape.horizon, ...denseArgs(hp, seed, 0, 'linear') });
    return tf.model({ inputs: input, outputs: linear.apply(flat) as tf.SymbolicTensor });
  }
  const hidden = tf.layers.dense({ units: hp.units, activation: 'relu', ...denseArgs(hp, seed, 0) });
  return tf.model({
    inputs: input,
    outputs: head(input, hidden.apply(flat) as tf.SymbolicTensor, shape, hp, seed),
  });
};

/** Dense/linear behind the `Forecaster` door. */
export class DenseForecaster extends TfjsForecaster {
  readonly kind = 'dense';
  protected readonly build = buildDense;
}
