/**
 * Fits one network on one series: windows → chronological train/validation split → scalers fitted on the
 * training part only → training with early stopping → split-conformal quantiles on the validation windows.
 */
import * as tf from '@tensorflow/tfjs';
import { fitScaler } from '../features/scaler';
import { slidingWindows, windowCount } from '../features/windowing';
import type { FitOptions, SeriesData } from '../types';
import type { ConformalQuantiles } from './conformal';
import { conformalFromResiduals } from './conformal';
import type { FeatureSpec } from './design';
import { buildChannels, channelCount, decodeOutputs, encodeTargets, finishWindows } from './design';
import type { TfjsHyperparameters } from './hyperparameters';
import { compileNetwork } from './networks';
import type { NetworkBuilder } from './networks';
import { predictInChunks, trainLoop, yieldToEventLoop } from './train';

/** Which windows train and which validate; `gap` windows between are dropped. */
export interface SplitPlan {
  readonly train: number;
  readonly validationStart: number;
  readonly validation: number;
}

/**
 * Newest `fraction` of windows validate. The `horizon − 1` windows before them are dropped: their targets
 * overlap the first validation targets, which would leak them into training. Too few windows for both
 * parts: everything trains, and intervals come from (optimistic) training residuals.
 */
export function planSplit(count: number, horizon: number, fraction: number): SplitPlan {
  const validation = Math.floor(count * fraction);
  const train = count - validation - (horizon - 1);
  if (validation < 1 || train < 1) return { train: count, validationStart: 0, validation: 0 };
  return { train, validationStart: count - validation, validation };
}

/** A trained network and what it needs to predict. */
export interface FittedNetwork {
  readonly model: tf.LayersModel;
  readonly spec: FeatureSpec;
  readonly conformal: ConformalQuantiles;
  readonly epochs: number;
}

function makeSpec(
  history: SeriesData,
  covariates: readonly Float32Array[],
  names: readonly string[],
  hp: TfjsHyperparameters,
  horizon: number,
  trainPoints: number,
): FeatureSpec {
  const calendar = hp.timeEncodings && history.stepMs < 86_400_000;
  return {
    window: hp.window,
    horizon,
    residual: hp.residual,
    relativeInputs: hp.relativeInputs,
    clip: hp.clip,
    hourOfDay: calendar,
    dayOfWeek: hp.timeEncodings && history.stepMs < 7 * 86_400_000,
    rollingWindow: hp.rollingWindow,
    covariateNames: [...names],
    targetScaler: fitScaler(history.values.slice(0, trainPoints), hp.scaler),
    covariateScalers: covariates.map((c) => fitScaler(c.subarray(0, trainPoints), hp.scaler)),
  };
}

/** Rows `[from, from + count)` of a row-major array, as a tensor of shape `[count, ...shape]`. */
function rows(data: Float32Array, from: number, count: number, shape: readonly number[]): tf.Tensor {
  const width = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(data.subarray(from * width, (from + count) * width), [count, ...shape]);
}

/** Windows of one series, encoded for training, with the split and the spec fitted on the training part. */
interface Prepared {
  readonly spec: FeatureSpec;
  readonly plan: SplitPlan;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  readonly lastScaled: Float32Array;
  readonly inShape: readonly [number, number];
}

function prepare(
  history: SeriesData,
  covariates: CovariateInput,
  hp: TfjsHyperparameters,
  horizon: number,
): Prepared {
  const plan = planSplit(
    windowCount(history.values.length, hp.window, horizon),
    horizon,
    hp.validationFraction,
  );
  const trainPoints = plan.train + hp.window + horizon - 1;
  const spec = makeSpec(history, covariates.values, covariates.names, hp, horizon, trainPoints);
  const channels = buildChannels(history, covariates.values, spec);
  const w = slidingWindows(channels, channels[0] as Float32Array, hp.window, horizon);
  const targets = encodeTargets(w.targets, w.lastValues, spec);
  finishWindows(w.inputs, w.lastValues, spec);
  return {
    spec,
    plan,
    inputs: w.inputs,
    targets,
    lastScaled: w.lastValues,
    inShape: [hp.window, channelCount(spec)],
  };
}

/** Split-conformal quantiles from the model's errors, in original units, on windows `[from, from + count)`. */
async function heldOutConformal(
  model: tf.LayersModel,
  x: tf.Tensor,
  p: Prepared,
  history: SeriesData,
  from: number,
): Promise<ConformalQuantiles> {
  const { horizon, window } = p.spec;
  const count = x.shape[0];
  const outputs = await predictInChunks(model, x);
  const predicted = decodeOutputs(outputs, p.lastScaled.subarray(from, from + count), p.spec);
  const actual = new Float64Array(count * horizon);
  for (let i = 0; i < count; i++) {
    for (let h = 0; h < horizon; h++)
      actual[i * horizon + h] = history.values[from + i + window + h] as number;
  }
  return conformalFromResiduals(predicted, actual, horizon);
}

/** Raw covariates in channel order. */
export interface CovariateInput {
  readonly names: readonly string[];
  readonly values: readonly Float32Array[];
}

/** Trains a fresh network from `build`; every tensor it makes is disposed except the returned model. */
export async function fitNetwork(
  build: NetworkBuilder,
  history: SeriesData,
  covariates: CovariateInput,
  hp: TfjsHyperparameters,
  options: FitOptions & { readonly seed: number },
): Promise<FittedNetwork> {
  const p = prepare(history, covariates, hp, options.horizon);
  await yieldToEventLoop();
  const { horizon } = options;
  const model = build({ window: hp.window, channels: p.inShape[1], horizon }, hp, options.seed);
  const optimizer = compileNetwork(model, hp);
  // Without a validation part, intervals fall back to the training windows' residuals.
  const [from, count] =
    p.plan.validation > 0 ? [p.plan.validationStart, p.plan.validation] : [0, p.plan.train];
  const train = {
    x: rows(p.inputs, 0, p.plan.train, p.inShape),
    y: rows(p.targets, 0, p.plan.train, [horizon]),
  };
  const held = { x: rows(p.inputs, from, count, p.inShape), y: rows(p.targets, from, count, [horizon]) };
  try {
    await yieldToEventLoop();
    const loop = { ...hp, seed: options.seed, onProgress: options.onProgress };
    const result = await trainLoop(model, train, p.plan.validation > 0 ? held : undefined, loop);
    const conformal = await heldOutConformal(model, held.x, p, history, from);
    return { model, spec: p.spec, conformal, epochs: result.epochs };
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    optimizer.dispose();
    tf.dispose([train.x, train.y, held.x, held.y]);
  }
}
