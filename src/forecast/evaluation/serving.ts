/**
 * What production should serve for one series, decided from validation (calibration-segment)
 * results only: a combination of the best candidates by validation MASE (their median, or their
 * mean weighted by recent errors and shrunk towards equal weights), or, when `margin` is finite, a
 * single candidate that beats that combination clearly and consistently (by `margin` overall and
 * in both halves of the segment, so one lucky segment cannot make a poor model the choice).
 *
 * `SERVING_DEFAULTS` was chosen leave-one-series-out on the bundled NAB series from the menu in
 * `bench/accuracy-policies.ts` (each series served by the policy that scored best on the others):
 * medians beat weighted means at both granularities (a mean follows a member whose forecast runs
 * away; a median does not), and over all 34 series the median of the best two thirds, always
 * combined, scored best. The benchmark repeats that choice in every run and prints every policy.
 */
import { fail } from '../validate';
import { combineMemberFolds, recentMae, shrunkWeights, type CombinationMethod } from './combination';
import type { BacktestFold, BacktestResult } from './folds';
import { mae } from './metrics';
import { EnsembleMethod, type EnsemblePlan } from './select';

export {
  combineMemberFolds,
  combineWeighted,
  recentMae,
  shrunkWeights,
  type CombinationMethod,
} from './combination';

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
  /** `median` of the members, or their `weighted` mean. */
  readonly method?: CombinationMethod;
  /** Share of the usable candidates, best by validation MASE first, that make the combination (rounded up). */
  readonly memberShare?: number;
}

export const SERVING_DEFAULTS: Required<ServingOptions> = {
  margin: Infinity,
  shrinkage: 0.5,
  halfLife: 24,
  method: 'median',
  memberShare: 2 / 3,
};

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
  readonly combination: {
    readonly members: readonly string[];
    /** The mean's weights (equal, for information, under `median`). */
    readonly weights: readonly number[];
    readonly method: CombinationMethod;
  };
  /** Validation MASE of the combination. */
  readonly combinationMase: number;
  readonly scores: readonly CandidateScore[];
  readonly reasons: readonly string[];
}

/** Name under which the combination is served. */
export const COMBINATION = 'combination';

/**
 * What a series too young to train on its own is served: the global model and naive, their
 * equal-weight mean (`combinePoints` under this plan). `bench:accuracy` scores it as
 * `coldstart.served`; production's cold start registers it (`src/modelling/cold-start.ts`).
 */
export const COLD_START_PLAN: EnsemblePlan = {
  method: EnsembleMethod.inverseError,
  members: ['global', 'naive'],
  weights: [0.5, 0.5],
};

/**
 * The decision's combination as an ensemble plan (`combinePoints`' terms: a `weighted` mean is
 * `inverse-error` with the decision's weights), so a served combination forecasts exactly as it was
 * scored: `evaluateWithPlan` scores it, `EnsembleForecaster` and `ensembleArtifact` serve it.
 */
export function servingPlan(decision: ServingDecision): EnsemblePlan {
  const { members, weights, method } = decision.combination;
  const ensembleMethod = method === 'median' ? EnsembleMethod.median : EnsembleMethod.inverseError;
  return { method: ensembleMethod, members, weights };
}

/** Decides what to serve; throws only when no candidate has a usable validation result. */
export function decideServing(
  candidates: readonly ServingCandidate[],
  options: ServingOptions = {},
): ServingDecision {
  const policy = { ...SERVING_DEFAULTS, ...options };
  if (!(policy.memberShare > 0 && policy.memberShare <= 1))
    fail('options.memberShare', policy.memberShare, 'be in (0, 1]');
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
  const members = ranked.slice(0, Math.ceil(ranked.length * policy.memberShare - 1e-9));
  const recent = members.map((m) => recentMae(m.calibration.folds, policy.halfLife));
  const weights =
    policy.method === 'median'
      ? members.map(() => 1 / members.length)
      : shrunkWeights(recent, policy.shrinkage);
  const folds = combineMemberFolds(
    members.map((m) => m.calibration.folds),
    weights,
    policy.method,
  );
  const scale = (ranked[0] as { calibration: BacktestResult }).calibration.scale.scale;
  const combinationMase = maseOf(folds, scale);
  const best = ranked[0] as ServingCandidate & { calibration: BacktestResult };
  const how =
    policy.method === 'median'
      ? 'their median'
      : `weights from recent errors shrunk ${policy.shrinkage} towards equal`;
  const reasons: string[] = [
    `combination of ${members.length} of ${usable.length} candidates (best ${Math.round(policy.memberShare * 100)}% by validation MASE), ` +
      `${how}: validation MASE ${combinationMase.toFixed(3)}`,
  ];
  let served = COMBINATION;
  if (best.calibration.metrics.overall.mase < (1 - policy.margin) * combinationMase) {
    if (winsBothHalves(best.calibration.folds, folds, policy.margin)) {
      served = best.name;
      reasons.push(
        `${best.name} beats it by more than ${policy.margin * 100}% overall and in both halves of the segment`,
      );
    } else reasons.push(`${best.name} beats it overall but not in both halves: the combination is kept`);
  } else if (Number.isFinite(policy.margin))
    reasons.push(`no single candidate beats it by ${policy.margin * 100}%`);
  else reasons.push('the combination is always served (no single-model override)');
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
    combination: { members: members.map((m) => m.name), weights, method: policy.method },
    combinationMase,
    scores,
    reasons,
  };
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
