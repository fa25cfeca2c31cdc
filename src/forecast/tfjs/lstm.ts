/** LSTM forecaster: stacked LSTM layers summarise the window, a dense head emits the whole horizon. */
import * as tf from '@tensorflow/tfjs';
import { glorot, head } from './networks';
import type { NetworkBuilder } from './networks';
import { TfjsForecaster } from './tfjs-forecaster';

/** `layers` (default 1) LSTM layers of `units`, the last one returning its final state. */
export const buildLstm: NetworkBuilder = (shape, hp, seed) => {
  const input = tf.input({ shape: [shape.window, shape.channels] });
  const depth = Math.max(1, hp.layers);
  let h: tf.SymbolicTensor = input;
  for (let i = 0; i < depth; i++) {
    const lstm = tf.layers.lstm({
      units: hp.units,
      returnSequences: i < depth - 1,
      kernelInitializer: glorot(seed, 10 * i),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 10 * i + 1, gain: 1 }),
    });
    h = lstm.apply(h) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: head(input, h, shape, hp, seed) });
};

/** LSTM behind the `Forecaster` door. */
export class LstmForecaster extends TfjsForecaster {
  readonly kind = 'lstm';
  protected readonly build = buildLstm;
}
