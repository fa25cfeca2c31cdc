/**
 * What the benchmark serves per series, and the peers scored on the same origins. The served
 * forecast is `decideServing`'s choice from validation results only (every candidate's calibration
 * backtest, failed candidates included with their reason); its intervals start from the calibration
 * residuals per horizon step and adapt online (adaptive conformal) as each evaluation target is
 * reconciled, never before its time.
 */
import {
  COMBINATION,
  combineMemberFolds,
  decideServing,
  median,
  replayAdaptive,
  scoresPerStep,
  summarizeWithScale,
  type AdaptiveConformalOptions,
  type BacktestFold,
  type BacktestResult,
  type FoldFactors,
  type ModelEvaluation,
  type ServingDecision,
  type ServingOptions,
} from '../src/forecast';

const NO_TIMING = { fits: 0, fitMs: 0, predictions: 0, predictMs: 0 };

/** The served model of one series: the decision and its scored evaluation folds. */
export interface Served {
  readonly decision: ServingDecision;
  readonly evaluation: BacktestResult;
  /** The combination scored the same way, whether served or not. */
  readonly combination: BacktestResult;
}

/**
 * Decides (under `policy`, default: decideServing's) and scores the served forecast of one series,
 * its intervals adapting under `intervals` (default: production's, `createAdaptiveConformal`'s),
 * normalised when `factors` are given (`timeOfDayScaling`, `volatilityScaling`; default: plain).
 */
export function serveSeries(
  byModel: ReadonlyMap<string, ModelEvaluation>,
  failures: ReadonlyMap<string, string>,
  policy?: ServingOptions,
  intervals?: AdaptiveConformalOptions,
  factors?: FoldFactors,
): Served {
  const decision = decideServing(
    [
      ...[...byModel].map(([name, e]) => ({ name, calibration: e.calibration })),
      ...[...failures].map(([name, failure]) => ({ name, failure })),
    ],
    policy,
  );
  const members = decision.combination.members.map((m) => byModel.get(m) as ModelEvaluation);
  const combined = (pick: (e: ModelEvaluation) => BacktestResult): BacktestFold[] =>
    combineMemberFolds(
      members.map((e) => pick(e).folds),
      decision.combination.weights,
      decision.combination.method,
    );
  const first = members[0] as ModelEvaluation;
  // Calibration scores seed the state in the units it holds: normalised when `factors` are given.
  const combination = adaptive(
    combined((e) => e.evaluation),
    scoresPerStep(
      combined((e) => e.calibration),
      factors,
    ),
    intervals,
    factors,
  );
  const single =
    decision.served === COMBINATION ? undefined : (byModel.get(decision.served) as ModelEvaluation);
  const evaluation =
    single === undefined
      ? combination
      : adaptive(
          single.evaluation.folds,
          scoresPerStep(single.calibration.folds, factors),
          intervals,
          factors,
        );
  const scale = first.evaluation.scale;
  return {
    decision,
    evaluation: summarizeWithScale(evaluation, scale, NO_TIMING),
    combination: summarizeWithScale(combination, scale, NO_TIMING),
  };
}

/**
 * Intervals for evaluation folds from an adaptive conformal state seeded with calibration residuals;
 * the error at step k of the fold at origin o is applied once the origin reaches o + k + 1 (the
 * core's `replayAdaptive`, whose end state production seeds a new version with).
 */
export function adaptive(
  folds: readonly BacktestFold[],
  calibrationResiduals: readonly (readonly number[])[],
  intervals?: AdaptiveConformalOptions,
  factors?: FoldFactors,
): BacktestFold[] {
  return replayAdaptive(folds, calibrationResiduals, intervals, factors).folds;
}

/** Peer forecasts of one series scored on the evaluation folds' origins and scale; the peers' median added. */
export function scorePeers(
  reference: ModelEvaluation,
  forecasts: Readonly<Record<string, readonly (readonly number[])[]>>,
): Map<string, BacktestResult> {
  const folds = reference.evaluation.folds;
  const names = Object.keys(forecasts);
  const results = new Map<string, BacktestResult>();
  const asFolds = (points: readonly (readonly number[])[]): BacktestFold[] =>
    folds.map((f, i) => {
      const point = points[i] ?? f.point.map(() => NaN);
      const empty = { lower: point.map(() => NaN), upper: point.map(() => NaN) };
      return { origin: f.origin, actual: f.actual, point, p80: empty, p95: empty };
    });
  for (const name of names) {
    results.set(
      name,
      summarizeWithScale(asFolds(forecasts[name] ?? []), reference.evaluation.scale, NO_TIMING),
    );
  }
  const medianPoints = folds.map((f, i) =>
    f.point.map((_, k) => median(names.map((n) => forecasts[n]?.[i]?.[k] ?? NaN).filter(Number.isFinite))),
  );
  results.set(
    'peer-median',
    summarizeWithScale(asFolds(medianPoints), reference.evaluation.scale, NO_TIMING),
  );
  return results;
}
