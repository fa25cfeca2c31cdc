/**
 * Combining candidates' backtest forecasts origin by origin: a weighted mean, or the median (robust
 * to a member whose forecast runs away at some origins: one wild member moves a mean, not a median).
 * Weights for the mean come from recent validation errors, shrunk towards equal weights.
 */
import { fail } from '../validate';
import type { BacktestFold } from './folds';
import { mae } from './metrics';
import { median } from './select';

/** How members' forecasts are combined at each origin and step. */
export type CombinationMethod = 'median' | 'weighted';

/** MAE with weights halving every `halfLife` origins back from the newest. */
export function recentMae(folds: readonly BacktestFold[], halfLife: number): number {
  let total = 0;
  let weightSum = 0;
  folds.forEach((fold, i) => {
    const w = 0.5 ** ((folds.length - 1 - i) / halfLife);
    total += w * mae(fold.actual, fold.point);
    weightSum += w;
  });
  return weightSum > 0 ? total / weightSum : NaN;
}

/** Inverse-error weights mixed with equal ones: `shrinkage · inverse + (1 − shrinkage) · equal`. */
export function shrunkWeights(errors: readonly number[], shrinkage: number): number[] {
  const inverse = errors.map((e) => (e > 0 && Number.isFinite(e) ? 1 / e : 0));
  const total = inverse.reduce((a, b) => a + b, 0);
  const equal = 1 / errors.length;
  if (!(total > 0) || inverse.some((w) => !Number.isFinite(w))) return errors.map(() => equal);
  return inverse.map((w) => shrinkage * (w / total) + (1 - shrinkage) * equal);
}

/**
 * Members' folds over the same origins combined into one forecast per origin (intervals left
 * empty: calibrate after). `weights` apply to `weighted`; `median` ignores them.
 */
export function combineMemberFolds(
  members: readonly (readonly BacktestFold[])[],
  weights: readonly number[],
  method: CombinationMethod,
): BacktestFold[] {
  const first = members[0];
  if (first === undefined) fail('members', 0, 'hold at least one backtest');
  return first.map((fold, i) => {
    const point = fold.point.map((_, k) => {
      const values = members.map((folds) => {
        const memberFold = folds[i];
        if (memberFold?.origin !== fold.origin)
          throw new Error('combined members were backtested on different origins');
        return memberFold.point[k] ?? NaN;
      });
      return method === 'median'
        ? median(values)
        : values.reduce((sum, v, m) => sum + (weights[m] ?? 0) * v, 0);
    });
    const empty = { lower: point.map(() => NaN), upper: point.map(() => NaN) };
    return { origin: fold.origin, point, actual: fold.actual, p80: empty, p95: empty };
  });
}

/** The weighted mean of members' folds (kept for callers of the first serving API). */
export function combineWeighted(
  members: readonly (readonly BacktestFold[])[],
  weights: readonly number[],
): BacktestFold[] {
  return combineMemberFolds(members, weights, 'weighted');
}
