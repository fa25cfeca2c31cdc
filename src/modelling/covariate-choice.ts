/**
 * Whether a model's covariate twin (`<kind>+covariates`) is served instead of the plain model. The
 * twin has more inputs and so more ways to fit noise: it must beat the plain model clearly on the
 * calibration segment (validation MASE at least 5% lower) and consistently across origins (a paired
 * t statistic of the per-origin errors at least 1.645, one-sided 5%), else the plain model serves.
 */
import type { BacktestResult } from '../forecast';

/** The twin's validation MASE must be at most this share of the plain model's. */
export const TWIN_MAX_MASE_RATIO = 0.95;
/** The paired t statistic (plain error − twin error per origin) the twin must reach. */
export const TWIN_MIN_T = 1.645;

/** The figures behind the choice, kept in the served version's record and the training summary. */
export interface CovariateChoice {
  readonly useTwin: boolean;
  /** Twin validation MASE ÷ plain validation MASE. */
  readonly maseRatio: number;
  /** Paired t statistic over the origins both backtests share. */
  readonly t: number;
  readonly origins: number;
  readonly reason: string;
}

/** Mean absolute error of each fold, keyed by its origin. */
function originErrors(result: BacktestResult): Map<number, number> {
  const errors = new Map<number, number>();
  for (const fold of result.folds) {
    const sum = fold.point.reduce((s, p, k) => s + Math.abs((fold.actual[k] ?? NaN) - p), 0);
    errors.set(fold.origin, sum / Math.max(1, fold.point.length));
  }
  return errors;
}

/** Paired t statistic of `differences` (Infinity when all equal and positive, 0 when too few). */
export function pairedT(differences: readonly number[]): number {
  const n = differences.length;
  if (n < 2) return 0;
  const mean = differences.reduce((s, d) => s + d, 0) / n;
  const variance = differences.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1);
  if (variance === 0) return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
  return mean / Math.sqrt(variance / n);
}

/** The choice between a plain model and its covariate twin, from their calibration backtests. */
export function chooseCovariateTwin(plain: BacktestResult, twin: BacktestResult): CovariateChoice {
  const plainMase = plain.metrics.overall.mase;
  const twinMase = twin.metrics.overall.mase;
  const maseRatio = twinMase / plainMase;
  const plainErrors = originErrors(plain);
  const differences: number[] = [];
  for (const [origin, twinError] of originErrors(twin)) {
    const plainError = plainErrors.get(origin);
    if (plainError !== undefined) differences.push(plainError - twinError);
  }
  const t = pairedT(differences);
  const better = Number.isFinite(maseRatio) && maseRatio <= TWIN_MAX_MASE_RATIO;
  const consistent = t >= TWIN_MIN_T;
  const figures = `MASE ${fmt(twinMase)} vs ${fmt(plainMase)} (ratio ${fmt(maseRatio)}), paired t ${fmt(t)} over ${differences.length} origins`;
  const reason =
    better && consistent
      ? `twin served: ${figures}`
      : `plain served: ${figures}; the twin needs ratio <= ${TWIN_MAX_MASE_RATIO} and t >= ${TWIN_MIN_T}`;
  return { useTwin: better && consistent, maseRatio, t, origins: differences.length, reason };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}
