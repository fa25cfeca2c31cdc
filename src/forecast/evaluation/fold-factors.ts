/**
 * Normalised conformal scores, the mechanism time-of-day conditioning (`time-of-day.ts`) and
 * volatility normalisation (`volatility.ts`) share: each fold's residual at step k is divided by a
 * factor, the conformal quantile is taken of those scores, and the half-width at step k is the
 * quantile times the factor (`bandFold`, `replayAdaptive`).
 */
import { residualsPerStep, type BacktestFold } from './folds';

/** Per fold (by origin), per step: the factor its width is multiplied by and its residual divided by. */
export type FoldFactors = (origin: number, horizon: number) => readonly number[];

/**
 * The scores a conformal quantile is taken of, one list per step (`residualsPerStep`'s shape): the
 * folds' residuals, each divided by its fold's factor at that step when `factors` are given.
 */
export function scoresPerStep(folds: readonly BacktestFold[], factors?: FoldFactors): number[][] {
  const residuals = residualsPerStep(folds);
  if (factors === undefined) return residuals;
  const perFold = folds.map((f) => factors(f.origin, residuals.length));
  return residuals.map((step, k) => step.map((r, i) => r / (perFold[i]?.[k] ?? 1)));
}
