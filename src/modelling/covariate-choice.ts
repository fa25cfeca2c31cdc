/**
 * Whether a model's covariate twin (`<kind>+covariates`) is served instead of the plain model. The
 * twin has more inputs and so more ways to fit noise: it must beat the plain model clearly on the
 * calibration segment (validation MASE at least 5% lower) and consistently across origins (a paired
 * t statistic of the per-origin errors at least 1.645, one-sided 5%), else the plain model serves.
 */
import { mae, mean, type BacktestResult } from '../forecast';

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

/**
 * Mean absolute error of each fold over the steps it both forecast and observed, keyed by its
 * origin. A fold with no such step carries no evidence and is left out (it is not a zero error:
 * that would credit whichever model produced it with a perfect origin).
 */
function originErrors(result: BacktestResult): Map<number, number> {
  const errors = new Map<number, number>();
  for (const fold of result.folds) {
    const steps = Math.min(fold.point.length, fold.actual.length);
    if (steps > 0) errors.set(fold.origin, mae(fold.actual.slice(0, steps), fold.point.slice(0, steps)));
  }
  return errors;
}

/** Paired t statistic of `differences` (Infinity when all equal and positive, 0 when too few). */
export function pairedT(differences: readonly number[]): number {
  const n = differences.length;
  if (n < 2) return 0;
  const average = mean(differences);
  const variance = differences.reduce((s, d) => s + (d - average) ** 2, 0) / (n - 1);
  if (variance === 0) return average > 0 ? Infinity : average < 0 ? -Infinity : 0;
  return average / Math.sqrt(variance / n);
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
