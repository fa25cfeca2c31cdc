/**
 * Model selection and ensembling per series from validation (calibration-segment) results only.
 * Functions here take `calibration` backtests and never an evaluation result, so the evaluation
 * segment cannot influence which model is chosen or how members are weighted.
 */
import type { Forecaster, SeriesData } from '../types';
import { fail } from '../validate';
import { backtest, type BacktestOptions } from './backtest';
import type { BacktestFold, BacktestResult } from './folds';
import { headOf, sliceCovariates, splitSeries, type SplitOptions } from './split';

/** A model's validation result, by name. */
export interface ValidationScore {
  readonly name: string;
  readonly calibration: BacktestResult;
}

/** How ensemble members' point forecasts are combined. */
export const EnsembleMethod = { median: 'median', inverseError: 'inverse-error' } as const;
export type EnsembleMethod = (typeof EnsembleMethod)[keyof typeof EnsembleMethod];

/** Members and their weights (weights sum to 1; ignored by `median`). */
export interface EnsemblePlan {
  readonly method: EnsembleMethod;
  readonly members: readonly string[];
  readonly weights: readonly number[];
}

/** A named model factory to validate. */
export interface Candidate {
  readonly name: string;
  readonly factory: () => Forecaster;
}

/**
 * Backtests every candidate over the calibration segment of `series`. The series is cut at
 * `evalStart` before anything runs, so the evaluation segment cannot be read, even by accident.
 */
export async function validationScores(
  candidates: readonly Candidate[],
  series: SeriesData,
  options: Omit<BacktestOptions, 'segment' | 'evalFraction'> & SplitOptions,
): Promise<ValidationScore[]> {
  const split = splitSeries(series.values.length, options);
  const visible = headOf(series, split.evalStart);
  const scores: ValidationScore[] = [];
  for (const { name, factory } of candidates) {
    const segment = { from: split.calStart, to: split.evalStart };
    const covariates = sliceCovariates(options.covariates, 0, split.evalStart);
    scores.push({ name, calibration: await backtest(factory, visible, { ...options, covariates, segment }) });
  }
  return scores;
}

/** Validation MASE; a non-finite score ranks last. */
function validationMase(score: ValidationScore): number {
  const mase = score.calibration.metrics.overall.mase;
  return Number.isFinite(mase) ? mase : Infinity;
}

/** Items from best to worst by their MASE; a non-finite one ranks last (stable: ties keep input order). */
export function rankByMase<T>(items: readonly T[], maseOf: (item: T) => number): T[] {
  const rank = (item: T): number => {
    const mase = maseOf(item);
    return Number.isFinite(mase) ? mase : Infinity;
  };
  return [...items].sort((a, b) => rank(a) - rank(b));
}

/** Candidates from best to worst validation MASE (stable: ties keep their input order). */
export function rankByValidation(scores: readonly ValidationScore[]): ValidationScore[] {
  return rankByMase(scores, validationMase);
}

/** The candidate with the lowest validation MASE. */
export function selectBest(scores: readonly ValidationScore[]): ValidationScore {
  const best = rankByValidation(scores)[0];
  if (best === undefined) fail('scores', scores.length, 'hold at least one candidate');
  return best;
}

/** The best `k` candidates and their weights: equal for `median`, ∝ 1 / validation MASE otherwise. */
export function planEnsemble(
  scores: readonly ValidationScore[],
  k: number,
  method: EnsembleMethod,
): EnsemblePlan {
  if (!(k >= 1)) fail('k', k, 'be at least 1');
  const chosen = rankByValidation(scores).slice(0, k);
  if (chosen.length === 0) fail('scores', scores.length, 'hold at least one candidate');
  const inverse = chosen.map((s) => 1 / Math.max(validationMase(s), 1e-12));
  const raw =
    method === EnsembleMethod.median || inverse.some((w) => !Number.isFinite(w))
      ? chosen.map(() => 1)
      : inverse;
  const total = raw.reduce((a, b) => a + b, 0);
  return { method, members: chosen.map((s) => s.name), weights: raw.map((w) => w / total) };
}

/** Combines member forecasts of one step: the median, or the weighted mean. */
export function combinePoints(
  values: readonly number[],
  plan: Pick<EnsemblePlan, 'method' | 'weights'>,
): number {
  if (plan.method === EnsembleMethod.median) return median(values);
  return values.reduce((sum, v, i) => sum + v * (plan.weights[i] ?? 0), 0);
}

/**
 * Folds of the combined forecast, from member backtests run over the same origins (same
 * segment and origin step). Intervals are left empty: calibrate the combination with conformal.
 */
export function combineFolds(members: readonly BacktestResult[], plan: EnsemblePlan): BacktestFold[] {
  const [first] = members;
  if (first === undefined) fail('members', 0, 'hold at least one backtest');
  return first.folds.map((fold, i) => {
    const points = members.map((m) => {
      const memberFold = m.folds[i];
      if (memberFold?.origin !== fold.origin)
        throw new Error('ensemble members were backtested on different origins');
      return memberFold.point;
    });
    const point = fold.point.map((_, k) =>
      combinePoints(
        points.map((p) => p[k] ?? NaN),
        plan,
      ),
    );
    const empty = { lower: point.map(() => NaN), upper: point.map(() => NaN) };
    return { origin: fold.origin, point, actual: fold.actual, p80: empty, p95: empty };
  });
}

/** Median (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid] ?? NaN;
  return ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
