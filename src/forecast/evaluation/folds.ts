/**
 * Turning backtest folds (one forecast per origin) into metrics, residuals and coverage. Kept apart
 * from the backtest loop so that combined forecasts (ensembles) are scored the same way.
 */
import type { Interval } from '../types';
import { horizonMetrics, maseScale, type HorizonMetrics, type MaseScale } from './metrics';

/** One origin's forecast beside what happened. */
export interface BacktestFold {
  /** Index of the first forecast point: the model saw `values[0, origin)`. */
  readonly origin: number;
  readonly point: readonly number[];
  readonly actual: readonly number[];
  readonly p80: Interval;
  readonly p95: Interval;
}

/** Share of actuals inside their interval. */
export interface Coverage {
  readonly p80: number;
  readonly p95: number;
}

/** Everything a backtest measured. */
export interface BacktestResult {
  readonly folds: readonly BacktestFold[];
  /** Per horizon step and overall: MAE, RMSE, MAPE, sMAPE, MASE. */
  readonly metrics: HorizonMetrics;
  /** The MASE denominator: seasonal-naive MAE of the data before the first origin. */
  readonly scale: MaseScale;
  /** `residuals[k]`: `actual − point` at step k + 1 for every fold. */
  readonly residuals: readonly (readonly number[])[];
  readonly coverage: Coverage & { readonly perStep: readonly Coverage[] };
  readonly fits: number;
  readonly fitMs: number;
  readonly predictions: number;
  readonly predictMs: number;
}

/** Cost counters of a backtest run. */
export interface BacktestTiming {
  readonly fits: number;
  readonly fitMs: number;
  readonly predictions: number;
  readonly predictMs: number;
}

/** Scores folds; `before` is the data preceding the first origin (the in-sample MASE scale). */
export function summarizeFolds(
  folds: readonly BacktestFold[],
  before: readonly number[],
  seasonPeriod: number,
  timing: BacktestTiming,
): BacktestResult {
  const scale = maseScale(before, seasonPeriod);
  return summarizeWithScale(folds, scale, timing);
}

/** Signed residuals per horizon step (`actual − point`), one list per step, from a backtest's folds. */
export function residualsPerStep(folds: readonly BacktestFold[]): number[][] {
  const horizon = folds[0]?.point.length ?? 0;
  return Array.from({ length: horizon }, (_, k) =>
    folds.map((f) => (f.actual[k] ?? NaN) - (f.point[k] ?? NaN)),
  );
}

/** As {@link summarizeFolds} with a precomputed scale. */
export function summarizeWithScale(
  folds: readonly BacktestFold[],
  scale: MaseScale,
  timing: BacktestTiming,
): BacktestResult {
  const horizon = folds[0]?.point.length ?? 0;
  const steps = Array.from({ length: horizon }, (_, k) => k);
  const inside = (interval: Interval, fold: BacktestFold, k: number): number => {
    const actual = fold.actual[k] ?? NaN;
    return actual >= (interval.lower[k] ?? NaN) && actual <= (interval.upper[k] ?? NaN) ? 1 : 0;
  };
  const share = (pick: (fold: BacktestFold) => Interval, k: number): number =>
    folds.reduce((sum, fold) => sum + inside(pick(fold), fold, k), 0) / folds.length;
  const perStep = steps.map((k) => ({ p80: share((f) => f.p80, k), p95: share((f) => f.p95, k) }));
  const average = (pick: (c: Coverage) => number): number =>
    perStep.reduce((sum, c) => sum + pick(c), 0) / Math.max(1, perStep.length);
  return {
    folds,
    metrics: horizonMetrics(
      folds.map((f) => f.actual),
      folds.map((f) => f.point),
      scale.scale,
    ),
    scale,
    residuals: residualsPerStep(folds),
    coverage: { p80: average((c) => c.p80), p95: average((c) => c.p95), perStep },
    ...timing,
  };
}
