/**
 * Turns series into model inputs and model outputs back into values, the same way at fit and predict time.
 * Channels, in order: scaled target, [rolling mean, rolling std], [hour sin/cos], [weekday sin/cos],
 * scaled covariates. Outputs are scaled deltas from the last observed value (`residual`) or scaled levels.
 */
import { covariateChannels } from '../features/covariates';
import { rollingMean, rollingStd } from '../features/rolling';
import type { ScalerState } from '../features/scaler';
import { applyScaler } from '../features/scaler';
import { timeEncodings } from '../features/time-encoding';
import { writeWindow } from '../features/windowing';
import type { PredictInput, SeriesData } from '../types';
import { assertMinLength, assertSeries } from '../validate';

/** Everything needed to rebuild a model's inputs; stored (as JSON) with the model. */
export interface FeatureSpec {
  readonly window: number;
  readonly horizon: number;
  readonly residual: boolean;
  /** Level channels (target, rolling mean) relative to the window's last target value. */
  readonly relativeInputs: boolean;
  /** Scaled inputs and training targets are clamped to ±clip (0: off), so one spike cannot dominate. */
  readonly clip: number;
  readonly hourOfDay: boolean;
  readonly dayOfWeek: boolean;
  readonly rollingWindow: number;
  readonly covariateNames: readonly string[];
  readonly targetScaler: ScalerState;
  readonly covariateScalers: readonly ScalerState[];
}

/** Input channels per step. */
export function channelCount(spec: FeatureSpec): number {
  const calendar = (spec.hourOfDay ? 2 : 0) + (spec.dayOfWeek ? 2 : 0);
  return 1 + (spec.rollingWindow > 0 ? 2 : 0) + calendar + spec.covariateNames.length;
}

/** Scaled channels over the whole series; `covariates` are raw, validated and in `spec.covariateNames` order. */
export function buildChannels(
  series: SeriesData,
  covariates: readonly Float32Array[],
  spec: FeatureSpec,
): Float32Array[] {
  const target = applyScaler(series.values, spec.targetScaler);
  const channels = [target];
  if (spec.rollingWindow > 0)
    channels.push(rollingMean(target, spec.rollingWindow), rollingStd(target, spec.rollingWindow));
  const calendar = { hourOfDay: spec.hourOfDay, dayOfWeek: spec.dayOfWeek };
  for (const c of timeEncodings(series.start, series.stepMs, series.values.length, calendar))
    channels.push(c.values);
  covariates.forEach((values, k) =>
    channels.push(applyScaler(values, spec.covariateScalers[k] as ScalerState)),
  );
  return channels;
}

/** Training targets from scaled future values: deltas from the scaled last value (or levels), clamped to ±clip. */
export function encodeTargets(
  targets: Float32Array,
  lastScaled: Float32Array,
  spec: FeatureSpec,
): Float32Array {
  const out = new Float32Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    const base = spec.residual ? (lastScaled[Math.floor(i / spec.horizon)] as number) : 0;
    out[i] = (targets[i] as number) - base;
  }
  if (spec.clip > 0) clampInPlace(out, spec.clip);
  return out;
}

/**
 * Finishes windows `[n, window, channels]` in place. Level channels (target, rolling mean) become relative
 * to each window's last scaled target: the model sees shapes, not levels, so a level shift after training
 * (deploys, resizes, traffic moves) does not drag forecasts back toward the training mean. Then every input
 * is clamped to ±clip: infra spikes are many deviations tall and would otherwise dominate a window.
 */
export function finishWindows(inputs: Float32Array, lastScaled: ArrayLike<number>, spec: FeatureSpec): void {
  const width = channelCount(spec);
  const levels = spec.relativeInputs ? (spec.rollingWindow > 0 ? 2 : 1) : 0;
  for (let i = 0; i < lastScaled.length; i++) {
    const last = lastScaled[i] as number;
    for (let s = 0; s < spec.window; s++) {
      const row = (i * spec.window + s) * width;
      for (let c = 0; c < levels; c++) inputs[row + c] = (inputs[row + c] as number) - last;
    }
  }
  if (spec.clip > 0) clampInPlace(inputs, spec.clip);
}

function clampInPlace(values: Float32Array, limit: number): void {
  for (let i = 0; i < values.length; i++) values[i] = Math.max(-limit, Math.min(limit, values[i] as number));
}

/** Model outputs `[n, horizon]` back to original units. */
export function decodeOutputs(
  outputs: ArrayLike<number>,
  lastScaled: ArrayLike<number>,
  spec: FeatureSpec,
): Float64Array {
  const { center, scale } = spec.targetScaler;
  const out = new Float64Array(outputs.length);
  for (let i = 0; i < outputs.length; i++) {
    const base = spec.residual ? (lastScaled[Math.floor(i / spec.horizon)] as number) : 0;
    out[i] = ((outputs[i] as number) + base) * scale + center;
  }
  return out;
}

/** A batch of prediction inputs `[n, window, channels]`, the scaled last values and each origin's time. */
export interface PredictBatch {
  readonly x: Float32Array;
  readonly lastScaled: Float32Array;
  readonly origins: readonly number[];
}

/** Validates one input and writes its final window into the batch at `row`; returns its origin time. */
function writeInput(
  input: PredictInput,
  field: string,
  spec: FeatureSpec,
  batch: PredictBatch,
  row: number,
): number {
  const { history } = input;
  assertSeries(history, `${field}history`);
  const length = history.values.length;
  assertMinLength(length, spec.window, `${field}history.values`, `window ${spec.window}`);
  const raw = covariateChannels(input.covariates, spec.covariateNames, length, `${field}covariates`);
  // Only the tail matters: the window plus what the rolling statistics look back over.
  const from = Math.max(0, length - spec.window - Math.max(0, spec.rollingWindow - 1));
  const tail: SeriesData = {
    start: history.start + from * history.stepMs,
    stepMs: history.stepMs,
    values: history.values.slice(from),
  };
  const channels = buildChannels(
    tail,
    raw.map((c) => c.subarray(from)),
    spec,
  );
  const width = channels.length;
  writeWindow(channels, tail.values.length, spec.window, batch.x, row * spec.window * width);
  batch.lastScaled[row] = (channels[0] as Float32Array)[tail.values.length - 1] as number;
  return history.start + (length - 1) * history.stepMs;
}

/**
 * Builds one batch from many inputs. Errors name the input: `inputs[3].history.values[17]`
 * (or `history.values[17]` when `single`).
 */
export function buildPredictBatch(
  inputs: readonly PredictInput[],
  spec: FeatureSpec,
  single = false,
): PredictBatch {
  const batch = {
    x: new Float32Array(inputs.length * spec.window * channelCount(spec)),
    lastScaled: new Float32Array(inputs.length),
    origins: [] as number[],
  };
  inputs.forEach((input, row) =>
    batch.origins.push(writeInput(input, single ? '' : `inputs[${row}].`, spec, batch, row)),
  );
  finishWindows(batch.x, batch.lastScaled, spec);
  return batch;
}
