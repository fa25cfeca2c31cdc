/**
 * Training the global model across many series, from scratch or warm-started from a previous
 * version (its weights are copied, then training continues on the new data: the update part B runs
 * each cycle). Seeded shuffles; the loop yields after every batch so a worker's heartbeats get through.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { mulberry32, permutation } from '../tfjs/prng';
import { yieldToEventLoop } from '../tfjs/train';
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
    const epochs = options.epochs ?? 12;
    const random = mulberry32(seed);
    let last = NaN;
    for (let epoch = 0; epoch < epochs; epoch++) {
      last = await runEpoch(network, x, y, permutation(samples.count, random), options.batchSize ?? 256);
      options.onProgress?.({ epoch, loss: last });
    }
    return { network, spec, shape, samples: samples.count, epochs, loss: last };
  } catch (error) {
    network.dispose();
    throw error;
  } finally {
    tf.dispose([x, y, levels]);
    optimizer.dispose();
  }
}

async function runEpoch(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  order: Int32Array,
  batchSize: number,
): Promise<number> {
  let total = 0;
  let batches = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
      return [tf.gather(x, idx), tf.gather(y, idx)];
    });
    const loss = await model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
    total += typeof loss === 'number' ? loss : (loss[0] as number);
    batches++;
    await yieldToEventLoop();
  }
  return total / batches;
}

/** Each target repeated once per quantile, step-major like the outputs. */
function repeatPerQuantile(targets: Float32Array, quantiles: number): Float32Array {
  const out = new Float32Array(targets.length * quantiles);
  for (let i = 0; i < targets.length; i++) out.fill(targets[i] as number, i * quantiles, (i + 1) * quantiles);
  return out;
}
