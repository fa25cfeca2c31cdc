/**
 * Backtest results as the `RunMetrics` the runs table stores: overall and per fold (one fold is one
 * forecast origin), with interval coverage.
 */
import type { RunMetrics } from '../db';
import { metricSet, type BacktestFold, type BacktestResult, type Interval, type Trial } from '../forecast';

/** Overall metrics and coverage of a backtest. */
export function overallMetrics(result: BacktestResult): RunMetrics {
  const { mae, rmse, mape, smape, mase } = result.metrics.overall;
  return { mae, rmse, mape, smape, mase, coverage80: result.coverage.p80, coverage95: result.coverage.p95 };
}

function coverage(fold: BacktestFold, interval: Interval): number {
  const inside = fold.actual.filter(
    (a, k) => a >= (interval.lower[k] ?? NaN) && a <= (interval.upper[k] ?? NaN),
  ).length;
  return inside / Math.max(1, fold.actual.length);
}

/** Metrics of each fold, MASE on the backtest's own scale so folds and overall compare. */
export function foldMetrics(result: BacktestResult): RunMetrics[] {
  return result.folds.map((fold) => {
    const { mae, rmse, mape, smape, mase } = metricSet(fold.actual, fold.point, result.scale.scale);
    return {
      ...{ mae, rmse, mape, smape, mase },
      coverage80: coverage(fold, fold.p80),
      coverage95: coverage(fold, fold.p95),
    };
  });
}

/** A search trial scores only validation MASE and sMAPE; the rest is undefined, stored as NaN. */
export function trialMetrics(trial: Trial): RunMetrics {
  const { mase, smape } = trial.metrics;
  return { mae: NaN, rmse: NaN, mape: NaN, smape, mase, coverage80: NaN, coverage95: NaN };
}
