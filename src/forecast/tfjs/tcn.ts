/**
 * TCN forecaster: a stack of dilated causal convolutions (dilation 1, 2, 4, ...) with residual connections,
 * read at the window's last step, which by construction sees the whole receptive field.
 */
import * as tf from '@tensorflow/tfjs';
import { head } from './networks';
import type { NetworkBuilder } from './networks';
import { CausalConv1D, LastStep } from './tcn-layers';
import { TfjsForecaster } from './tfjs-forecaster';

/** Blocks needed for the receptive field, 1 + (kernelSize − 1)(2^blocks − 1), to cover the window. */
export function tcnDepth(window: number, kernelSize: number): number {
  let blocks = 0;
  while (1 + (kernelSize - 1) * (2 ** blocks - 1) < window) blocks++;
  return Math.max(1, blocks);
}

/** Input projection to `units` filters, then residual blocks `relu(x + relu(conv_d(x)))`. */
export const buildTcn: NetworkBuilder = (shape, hp, seed) => {
  const input = tf.input({ shape: [shape.window, shape.channels] });
  const filters = Math.max(1, hp.units);
  const conv = (dilation: number, i: number) =>
    new CausalConv1D({
      filters,
      kernelSize: hp.kernelSize,
      dilation,
      seed: seed + 10 * i,
      name: `tcn_conv_${i}`,
    });
  let h = conv(1, 0).apply(input) as tf.SymbolicTensor;
  const depth = hp.layers > 0 ? hp.layers : tcnDepth(shape.window, hp.kernelSize);
  for (let b = 0; b < depth; b++) {
    const inner = tf.layers
      .activation({ activation: 'relu' })
      .apply(conv(2 ** b, b + 1).apply(h)) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([h, inner]) as tf.SymbolicTensor;
    h = tf.layers.activation({ activation: 'relu' }).apply(sum) as tf.SymbolicTensor;
  }
  const last = new LastStep({ name: 'tcn_last' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head(input, last, shape, hp, seed) });
};

/** TCN behind the `Forecaster` door. */
export class TcnForecaster extends TfjsForecaster {
  readonly kind = 'tcn';
  protected readonly build = buildTcn;
}
