/**
 * Point-forecast error metrics. Every function takes aligned `actual`/`predicted` arrays of equal
 * length; the caller guarantees finite numbers (validated at the library's edge).
 */

/** Mean absolute error. NaN for empty input. */
export function mae(actual: readonly number[], predicted: readonly number[]): number {
  return mean(actual.map((a, i) => Math.abs(a - at(predicted, i))));
}

/** Root mean squared error. NaN for empty input. */
export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  return Math.sqrt(mean(actual.map((a, i) => (a - at(predicted, i)) ** 2)));
}

/**
 * Mean absolute percentage error, in percent. Points whose actual is exactly 0 are skipped
 * (the ratio is undefined there, and infrastructure metrics are often 0 at idle); NaN when every
 * actual is 0.
 */
export function mape(actual: readonly number[], predicted: readonly number[]): number {
  const terms: number[] = [];
  actual.forEach((a, i) => {
    if (a !== 0) terms.push(Math.abs((a - at(predicted, i)) / a));
  });
  return 100 * mean(terms);
}

/**
 * Symmetric MAPE in percent, on the 0–200 scale: `200 · |a − f| / (|a| + |f|)`. A point where
 * actual and forecast are both 0 is a perfect forecast and counts as 0 (not skipped).
 */
export function smape(actual: readonly number[], predicted: readonly number[]): number {
  return mean(
    actual.map((a, i) => {
      const f = at(predicted, i);
      const denominator = Math.abs(a) + Math.abs(f);
      return denominator === 0 ? 0 : (200 * Math.abs(a - f)) / denominator;
    }),
  );
}

/** The in-sample scale MASE divides by, and which naive forecast produced it. */
export interface MaseScale {
  readonly scale: number;
  /** The lag actually used: `seasonPeriod`, or 1 after a fallback. */
  readonly lag: number;
}

/**
 * In-sample MAE of the seasonal-naive forecast (`y[t] ≈ y[t − m]`) over `history`.
 * Falls back to the lag-1 naive forecast when the history is shorter than `2m` (too few seasonal
 * differences to be a stable scale) or when the seasonal scale is 0 (a perfectly periodic
 * history would make every MASE infinite). The scale is 0 only for a constant history.
 */
export function maseScale(history: readonly number[], seasonPeriod: number): MaseScale {
  const m = Math.max(1, Math.floor(seasonPeriod));
  if (history.length >= 2 * m) {
    const seasonal = lagMae(history, m);
    if (seasonal > 0) return { scale: seasonal, lag: m };
  }
  return { scale: history.length >= 2 ? lagMae(history, 1) : 0, lag: 1 };
}

/**
 * Mean absolute scaled error: MAE divided by `scale` (see {@link maseScale}). With a zero scale
 * (constant history) it is 0 for a perfect forecast and Infinity otherwise.
 */
export function mase(actual: readonly number[], predicted: readonly number[], scale: number): number {
  const error = mae(actual, predicted);
  if (scale > 0) return error / scale;
  return error === 0 ? 0 : Infinity;
}

/** Geometric mean of positive finite values; others are skipped (NaN when none remain). */
export function geometricMean(values: readonly number[]): number {
  const usable = values.filter((v) => v > 0 && Number.isFinite(v));
  return Math.exp(mean(usable.map(Math.log)));
}

/** Arithmetic mean; NaN for an empty array. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Every metric for one set of forecasts. */
export interface MetricSet {
  readonly mae: number;
  readonly rmse: number;
  readonly mape: number;
  readonly smape: number;
  readonly mase: number;
  /** Number of forecast points scored. */
  readonly count: number;
}

/** All metrics of aligned flat arrays, MASE against `scale`. */
export function metricSet(actual: readonly number[], predicted: readonly number[], scale: number): MetricSet {
  return {
    mae: mae(actual, predicted),
    rmse: rmse(actual, predicted),
    mape: mape(actual, predicted),
    smape: smape(actual, predicted),
    mase: mase(actual, predicted, scale),
    count: actual.length,
  };
}

/** Metrics of many forecasts (rows: origins, columns: horizon steps), per step and overall. */
export interface HorizonMetrics {
  readonly overall: MetricSet;
  /** `perStep[k]` scores step `k + 1` ahead across all origins. */
  readonly perStep: readonly MetricSet[];
}

/** Scores `predicted[i][k]` against `actual[i][k]` per horizon step and over everything. */
export function horizonMetrics(
  actual: readonly (readonly number[])[],
  predicted: readonly (readonly number[])[],
  scale: number,
): HorizonMetrics {
  const horizon = actual[0]?.length ?? 0;
  const perStep = Array.from({ length: horizon }, (_, k) =>
    metricSet(
      actual.map((row) => at(row, k)),
      predicted.map((row) => at(row, k)),
      scale,
    ),
  );
  return { overall: metricSet(actual.flat(), predicted.flat(), scale), perStep };
}

function lagMae(history: readonly number[], lag: number): number {
  let sum = 0;
  for (let t = lag; t < history.length; t++) sum += Math.abs(at(history, t) - at(history, t - lag));
  return sum / (history.length - lag);
}

/** Indexed read for arrays whose bounds the caller already guarantees. */
export function at(values: readonly number[], index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} is outside an array of ${values.length}`);
  return value;
}
