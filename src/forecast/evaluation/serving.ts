/**
 * What production should serve for one series, decided from validation (calibration-segment)
 * results only: the combination of the better half of the candidates, weighted by recent errors
 * and shrunk towards equal weights, or a single candidate when it beats that combination clearly
 * and consistently. One lucky or unlucky calibration segment cannot make a poor model the choice:
 * a single model must win by `margin` overall and in both halves of the segment.
 * Policies here are fixed in advance (not tuned on any data set): see `SERVING_DEFAULTS`.
 */
import { fail } from '../validate';
import type { BacktestFold, BacktestResult } from './folds';
import { mae } from './metrics';

/** One candidate's validation backtest, or why it has none. */
export interface ServingCandidate {
  readonly name: string;
  /** Backtest over the calibration segment; absent when the candidate failed. */
  readonly calibration?: BacktestResult;
  /** Why the candidate failed (fit threw, wasm trap, non-finite forecasts). */
  readonly failure?: string;
}

/** Tunable policy; defaults in `SERVING_DEFAULTS`. */
export interface ServingOptions {
  /** A single model must beat the combination's validation MASE by this share. */
  readonly margin?: number;
  /** 0: equal weights, 1: pure inverse-error weights. */
  readonly shrinkage?: number;
  /** Half-life, in origins, of the recency weighting of validation errors. */
  readonly halfLife?: number;
}

export const SERVING_DEFAULTS: Required<ServingOptions> = { margin: 0.1, shrinkage: 0.5, halfLife: 24 };

/** A candidate's validation figures and whether it made the combination. */
export interface CandidateScore {
  readonly name: string;
  readonly status: 'member' | 'left-out' | 'failed';
  /** Validation MASE (NaN when failed). */
  readonly mase: number;
  /** Recency-weighted MAE over the validation origins. */
  readonly recentMae: number;
  readonly weight: number;
  readonly reason?: string;
}

/** The decision and its reasons. */
export interface ServingDecision {
  /** `combination`, or the name of the single candidate served. */
  readonly served: string;
  readonly combination: { readonly members: readonly string[]; readonly weights: readonly number[] };
  /** Validation MASE of the combination. */
  readonly combinationMase: number;
  readonly scores: readonly CandidateScore[];
  readonly reasons: readonly string[];
}

/** Name under which the combination is served. */
export const COMBINATION = 'combination';

/** Decides what to serve; throws only when no candidate has a usable validation result. */
export function decideServing(
  candidates: readonly ServingCandidate[],
  options: ServingOptions = {},
): ServingDecision {
  const policy = { ...SERVING_DEFAULTS, ...options };
  const usable = candidates.filter(
    (c): c is ServingCandidate & { calibration: BacktestResult } =>
      c.failure === undefined &&
      c.calibration !== undefined &&
      Number.isFinite(c.calibration.metrics.overall.mase),
  );
  if (usable.length === 0)
    fail('candidates', candidates.length, 'hold at least one candidate that did not fail');
  const ranked = [...usable].sort(
    (a, b) => a.calibration.metrics.overall.mase - b.calibration.metrics.overall.mase,
  );
  const members = ranked.slice(0, Math.ceil(ranked.length / 2));
  const recent = members.map((m) => recentMae(m.calibration.folds, policy.halfLife));
  const weights = shrunkWeights(recent, policy.shrinkage);
  const folds = combineWeighted(
    members.map((m) => m.calibration.folds),
    weights,
  );
  const scale = (ranked[0] as { calibration: BacktestResult }).calibration.scale.scale;
  const combinationMase = maseOf(folds, scale);
  const best = ranked[0] as ServingCandidate & { calibration: BacktestResult };
  const reasons: string[] = [
    `combination of ${members.length} of ${usable.length} candidates (better half by validation MASE), ` +
      `weights from recent errors shrunk ${policy.shrinkage} towards equal: validation MASE ${combinationMase.toFixed(3)}`,
  ];
  let served = COMBINATION;
  if (best.calibration.metrics.overall.mase < (1 - policy.margin) * combinationMase) {
    if (winsBothHalves(best.calibration.folds, folds, policy.margin)) {
      served = best.name;
      reasons.push(
        `${best.name} beats it by more than ${policy.margin * 100}% overall and in both halves of the segment`,
      );
    } else reasons.push(`${best.name} beats it overall but not in both halves: the combination is kept`);
  } else reasons.push(`no single candidate beats it by ${policy.margin * 100}%`);
  const failed = candidates.filter((c) => !usable.includes(c as (typeof usable)[number]));
  for (const f of failed) reasons.push(`${f.name} failed: ${f.failure ?? 'no usable validation result'}`);
  const scores: CandidateScore[] = [
    ...ranked.map((c) => {
      const i = members.indexOf(c);
      return {
        name: c.name,
        status: i >= 0 ? ('member' as const) : ('left-out' as const),
        mase: c.calibration.metrics.overall.mase,
        recentMae: recentMae(c.calibration.folds, policy.halfLife),
        weight: i >= 0 ? (weights[i] ?? 0) : 0,
      };
    }),
    ...failed.map((c) => ({
      name: c.name,
      status: 'failed' as const,
      mase: NaN,
      recentMae: NaN,
      weight: 0,
      reason: c.failure ?? 'no usable validation result',
    })),
  ];
  return {
    served,
    combination: { members: members.map((m) => m.name), weights },
    combinationMase,
    scores,
    reasons,
  };
}

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

/** Weighted mean of members' folds over the same origins (intervals left empty: calibrate after). */
export function combineWeighted(
  members: readonly (readonly BacktestFold[])[],
  weights: readonly number[],
): BacktestFold[] {
  const first = members[0];
  if (first === undefined) fail('members', 0, 'hold at least one backtest');
  return first.map((fold, i) => {
    const point = fold.point.map((_, k) =>
      members.reduce((sum, folds, m) => {
        const memberFold = folds[i];
        if (memberFold?.origin !== fold.origin)
          throw new Error('combined members were backtested on different origins');
        return sum + (weights[m] ?? 0) * (memberFold.point[k] ?? NaN);
      }, 0),
    );
    const empty = { lower: point.map(() => NaN), upper: point.map(() => NaN) };
    return { origin: fold.origin, point, actual: fold.actual, p80: empty, p95: empty };
  });
}

function maseOf(folds: readonly BacktestFold[], scale: number): number {
  const error = mae(
    folds.flatMap((f) => f.actual),
    folds.flatMap((f) => f.point),
  );
  return scale > 0 ? error / scale : error === 0 ? 0 : Infinity;
}

function winsBothHalves(
  single: readonly BacktestFold[],
  combined: readonly BacktestFold[],
  margin: number,
): boolean {
  const half = Math.floor(single.length / 2);
  const err = (folds: readonly BacktestFold[]): number =>
    mae(
      folds.flatMap((f) => f.actual),
      folds.flatMap((f) => f.point),
    );
  return [
    [0, half],
    [half, single.length],
  ].every(([from, to]) => err(single.slice(from, to)) < (1 - margin) * err(combined.slice(from, to)));
}
