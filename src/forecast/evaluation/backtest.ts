/**
 * Rolling-origin backtesting. At each origin `o` the model has seen only `values[0, o)`: `fit` and
 * `predict` receive copies cut at the origin, so no model can read the future it is scored on.
 * Refitting at every origin is unaffordable for neural models, so `refitEvery` reuses a fitted model
 * for k origins (Infinity: fit once at the first origin, then only roll the inputs forward).
 */
import type { Covariates, FitOptions, Forecaster, SeriesData } from '../types';
import { assertPositiveInteger, assertSeries, fail } from '../validate';
import { evalStartOf, sliceCovariates, sliceSeries } from './split';
import { summarizeFolds, type BacktestFold, type BacktestResult } from './folds';
import { floorWhenNonNegative } from './non-negative';

export type { BacktestFold, BacktestResult } from './folds';

/** How a backtest steps and fits. */
export interface BacktestOptions {
  readonly horizon: number;
  readonly seasonPeriod: number;
  /** Share of the series at its end whose points are forecast; default 0.2. Ignored with `segment`. */
  readonly evalFraction?: number;
  /** Steps between consecutive origins; default 1. */
  readonly originStep?: number;
  /** Fit a fresh model every k origins; default 1. `Infinity` fits once. */
  readonly refitEvery?: number;
  /** Fit on at most this many of the newest points before the origin (cost cap); default all. */
  readonly maxTrainWindow?: number;
  readonly covariates?: Covariates;
  readonly seed?: number;
  readonly hyperparameters?: FitOptions['hyperparameters'];
  /** Explicit origin range: forecasts cover `[from, to)`; no target at or after `to` is read. */
  readonly segment?: { readonly from: number; readonly to: number };
  /** An already fitted model to start from (then no fit happens before the first refit point). */
  readonly fitted?: Forecaster;
}

/**
 * Backtests a model built by `factory` over the last `evalFraction` of `series` (or `segment`).
 * MASE is scaled by the seasonal-naive MAE of the data before the segment.
 */
export async function backtest(
  factory: () => Forecaster,
  series: SeriesData,
  options: BacktestOptions,
): Promise<BacktestResult> {
  assertSeries(series, 'series');
  assertPositiveInteger(options.horizon, 'options.horizon');
  const originStep = options.originStep ?? 1;
  assertPositiveInteger(originStep, 'options.originStep');
  const refitEvery = options.refitEvery ?? 1;
  if (!(refitEvery >= 1)) fail('options.refitEvery', refitEvery, 'be at least 1 (or Infinity)');
  const { from, to } = options.segment ?? segmentOf(series.values.length, options.evalFraction);
  if (!(from >= 1 && to <= series.values.length && to - from >= options.horizon)) {
    fail('options.segment', `[${from}, ${to})`, `lie inside the series and hold at least one horizon`);
  }
  const origins: number[] = [];
  for (let o = from; o + options.horizon <= to; o += originStep) origins.push(o);
  const run = await runOrigins(factory, series, origins, { ...options, refitEvery });
  return summarizeFolds(run.folds, series.values.slice(0, from), options.seasonPeriod, run.timing);
}

function segmentOf(length: number, evalFraction = 0.2): { from: number; to: number } {
  return { from: evalStartOf(length, evalFraction), to: length };
}

interface Timing {
  fits: number;
  fitMs: number;
  predictions: number;
  predictMs: number;
}

async function runOrigins(
  factory: () => Forecaster,
  series: SeriesData,
  origins: readonly number[],
  options: BacktestOptions & { readonly refitEvery: number },
): Promise<{ folds: BacktestFold[]; timing: Timing }> {
  const timing: Timing = { fits: 0, fitMs: 0, predictions: 0, predictMs: 0 };
  const folds: BacktestFold[] = [];
  let model = options.fitted;
  const owned = new Set<Forecaster>();
  try {
    for (const [i, origin] of origins.entries()) {
      if (model === undefined || (i > 0 && i % options.refitEvery === 0)) {
        if (model !== undefined && owned.has(model)) model.dispose();
        model = await fitAt(factory, series, origin, options, timing);
        owned.add(model);
      }
      folds.push(await forecastAt(model, series, origin, options, timing));
    }
  } finally {
    if (model !== undefined && owned.has(model)) model.dispose();
  }
  return { folds, timing };
}

async function fitAt(
  factory: () => Forecaster,
  series: SeriesData,
  origin: number,
  options: BacktestOptions,
  timing: Timing,
): Promise<Forecaster> {
  const begin = Math.max(0, origin - (options.maxTrainWindow ?? origin));
  const model = factory();
  const started = performance.now();
  await model.fit(sliceSeries(series, begin, origin), {
    horizon: options.horizon,
    seasonPeriod: options.seasonPeriod,
    covariates: sliceCovariates(options.covariates, begin, origin),
    seed: options.seed,
    hyperparameters: options.hyperparameters,
  });
  timing.fitMs += performance.now() - started;
  timing.fits += 1;
  return model;
}

async function forecastAt(
  model: Forecaster,
  series: SeriesData,
  origin: number,
  options: BacktestOptions,
  timing: Timing,
): Promise<BacktestFold> {
  const started = performance.now();
  const history = sliceSeries(series, 0, origin);
  // Floored as production floors what it issues, so calibration and scores see what is served.
  const forecast = floorWhenNonNegative(
    await model.predict({ history, covariates: sliceCovariates(options.covariates, 0, origin) }),
    history,
  );
  timing.predictMs += performance.now() - started;
  timing.predictions += 1;
  return {
    origin,
    point: forecast.point,
    actual: series.values.slice(origin, origin + options.horizon),
    p80: forecast.intervals.p80,
    p95: forecast.intervals.p95,
  };
}
