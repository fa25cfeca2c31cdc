/**
 * Training the global model across many series, from scratch or warm-started from a previous
 * version (its weights are copied, then training continues on the new data). The loop is the tfjs
 * models' `trainLoop`: seeded shuffles, a yield after every batch so a worker's heartbeats get through.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { trainLoop } from '../tfjs/train';
import type { SeriesData } from '../types';
import { fail } from '../validate';
import { globalFeatureSpec, inputSize, type GlobalFeatureSpec } from './features';
import { buildGlobalNetwork, pinballLoss, type GlobalNetworkShape } from './network';
import { buildSamples } from './samples';

/** How to train; every field but the shape-defining ones has a default. */
export interface GlobalTrainingOptions {
  readonly horizon: number;
  readonly seasonPeriod: number;
  readonly epochs?: number;
  readonly units?: number;
  readonly layers?: number;
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** Cap on training windows (strided evenly across series); default 30,000. */
  readonly maxSamples?: number;
  readonly seed?: number;
  readonly onProgress?: (progress: { readonly epoch: number; readonly loss: number }) => void;
}

/** A trained network, its feature spec and what training did. */
export interface TrainedGlobal {
  readonly network: tf.LayersModel;
  readonly spec: GlobalFeatureSpec;
  readonly shape: GlobalNetworkShape;
  readonly samples: number;
  readonly epochs: number;
  readonly loss: number;
}

/** Trains on `series` (all of one step); `previous` (same step, horizon and shape) warm-starts it. */
export async function trainGlobalNetwork(
  series: readonly SeriesData[],
  options: GlobalTrainingOptions,
  previous?: {
    readonly network: tf.LayersModel;
    readonly spec: GlobalFeatureSpec;
    readonly shape: GlobalNetworkShape;
  },
): Promise<TrainedGlobal> {
  const first = series[0];
  if (first === undefined) fail('series', 0, 'hold at least one series');
  const odd = series.findIndex((s) => s.stepMs !== first.stepMs);
  if (odd >= 0) fail(`series[${odd}].stepMs`, series[odd]?.stepMs, `equal series[0].stepMs ${first.stepMs}`);
  await initBackend();
  const spec = previous?.spec ?? globalFeatureSpec(first.stepMs, options.horizon, options.seasonPeriod);
  if (spec.stepMs !== first.stepMs || spec.horizon !== options.horizon)
    fail('previous', `${spec.stepMs} ms × ${spec.horizon}`, `match the series step and horizon`);
  const shape: GlobalNetworkShape = previous?.shape ?? {
    inputs: inputSize(spec),
    horizon: spec.horizon,
    quantiles: spec.quantiles,
    units: options.units ?? 128,
    layers: options.layers ?? 2,
  };
  const seed = options.seed ?? 42;
  const network = buildGlobalNetwork(shape, seed);
  if (previous !== undefined) network.setWeights(previous.network.getWeights());
  const samples = buildSamples(series, spec, options.maxSamples ?? 30_000);
  if (samples.count === 0) {
    network.dispose();
    fail('series', series.length, `hold at least ${spec.fine + spec.horizon} points in one series`);
  }
  const { levels, loss } = pinballLoss(spec.quantiles, spec.horizon);
  const optimizer = tf.train.adam(options.learningRate ?? 0.001);
  network.compile({ optimizer, loss });
  const x = tf.tensor2d(samples.x, [samples.count, shape.inputs]);
  const y = tf.tensor2d(repeatPerQuantile(samples.y, spec.quantiles.length), [
    samples.count,
    spec.horizon * spec.quantiles.length,
  ]);
  try {
    // The tfjs models' loop: seeded shuffles, a yield after every batch. Patience covers every
    // epoch (no early stopping without a validation part); the best epoch's weights are kept.
    const epochs = options.epochs ?? 12;
    const onProgress = options.onProgress;
    const result = await trainLoop(network, { x, y }, undefined, {
      ...{ epochs, batchSize: options.batchSize ?? 256, patience: epochs, seed },
      ...(onProgress && { onProgress: ({ epoch, loss }) => onProgress({ epoch: epoch - 1, loss }) }),
    });
    return { network, spec, shape, samples: samples.count, epochs, loss: result.bestLoss };
  } catch (error) {
    network.dispose();
    throw error;
  } finally {
    tf.dispose([x, y, levels]);
    optimizer.dispose();
  }
}

/** Each target repeated once per quantile, step-major like the outputs. */
function repeatPerQuantile(targets: Float32Array, quantiles: number): Float32Array {
  const out = new Float32Array(targets.length * quantiles);
  for (let i = 0; i < targets.length; i++) out.fill(targets[i] as number, i * quantiles, (i + 1) * quantiles);
  return out;
}

/**
 * Mean pinball loss of a trained network on windows of `series` (at most `maxSamples`), on the scale
 * training reports: how well a stored version still fits the newest data before it is updated.
 */
export async function globalNetworkLoss(
  network: tf.LayersModel,
  spec: GlobalFeatureSpec,
  series: readonly SeriesData[],
  maxSamples = 5_000,
): Promise<number> {
  const samples = buildSamples(series, spec, maxSamples);
  if (samples.count === 0) return NaN;
  await initBackend();
  const { levels, loss } = pinballLoss(spec.quantiles, spec.horizon);
  try {
    const value = tf.tidy(() => {
      const x = tf.tensor2d(samples.x, [samples.count, inputSize(spec)]);
      const targets = repeatPerQuantile(samples.y, spec.quantiles.length);
      const y = tf.tensor2d(targets, [samples.count, spec.horizon * spec.quantiles.length]);
      return loss(y, network.predict(x) as tf.Tensor);
    });
    const [result] = await value.data();
    value.dispose();
    return result as number;
  } finally {
    levels.dispose();
  }
}
