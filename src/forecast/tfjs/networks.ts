/**
 * Shared pieces of the network builders. Every initializer gets its own seed derived from the fit seed,
 * so a training run repeats exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossName, TfjsHyperparameters } from './hyperparameters';

/** Input `[window, channels]`, output `[horizon]`. */
export interface NetworkShape {
  readonly window: number;
  readonly channels: number;
  readonly horizon: number;
}

/** Builds an uncompiled network for a shape; the same arguments build the same initial weights. */
export type NetworkBuilder = (shape: NetworkShape, hp: TfjsHyperparameters, seed: number) => tf.LayersModel;

/** A seeded Glorot-uniform initializer; `offset` keeps each layer's draw distinct. */
export function glorot(seed: number, offset: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: seed + offset });
}

/** Dense-layer settings shared by every builder: seeded Glorot kernel and the L2 penalty. */
export function denseArgs(hp: TfjsHyperparameters, seed: number, offset: number, name?: string) {
  const kernelRegularizer = hp.l2 > 0 ? tf.regularizers.l2({ l2: hp.l2 }) : undefined;
  return { kernelInitializer: glorot(seed, offset), kernelRegularizer, ...(name ? { name } : {}) };
}

/**
 * The direct multi-output head: `horizon` linear outputs from `features`, plus (with `linearSkip`) a linear
 * map of the whole flattened input window, an autoregressive path that small data learns quickly.
 */
export function head(
  input: tf.SymbolicTensor,
  features: tf.SymbolicTensor,
  shape: NetworkShape,
  hp: TfjsHyperparameters,
  seed: number,
): tf.SymbolicTensor {
  const out = tf.layers.dense({ units: shape.horizon, ...denseArgs(hp, seed, 1000, 'head') });
  const main = out.apply(features) as tf.SymbolicTensor;
  if (!hp.linearSkip) return main;
  const flat = tf.layers.flatten({ name: 'skip_flatten' }).apply(input) as tf.SymbolicTensor;
  const skip = tf.layers.dense({ units: shape.horizon, ...denseArgs(hp, seed, 2000, 'skip') });
  return tf.layers
    .add({ name: 'head_sum' })
    .apply([main, skip.apply(flat) as tf.SymbolicTensor]) as tf.SymbolicTensor;
}

// tfjs-layers names; 'logcosh' behaves like Huber (quadratic near 0, linear for spikes) and serialises.
const LOSSES: Record<LossName, string> = {
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  huber: 'logcosh',
};

/** Compiles with Adam; returns the optimizer, which the caller disposes after training (the model does not). */
export function compileNetwork(model: tf.LayersModel, hp: TfjsHyperparameters): tf.Optimizer {
  const optimizer = tf.train.adam(hp.learningRate);
  model.compile({ optimizer, loss: LOSSES[hp.loss] });
  return optimizer;
}
