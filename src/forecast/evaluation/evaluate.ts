/**
 * The full evaluation of one model on one series: backtest over the calibration segment, conformal
 * quantiles from those residuals, then a backtest over the evaluation segment with calibrated
 * intervals. Calibration never reads the evaluation segment (its targets all lie before `evalStart`).
 */
import type { Forecaster, SeriesData } from '../types';
import { backtest, type BacktestFold, type BacktestOptions, type BacktestResult } from './backtest';
import { bandFold, residualQuantiles, withConformal, type ConformalQuantiles } from './conformal';
import { residualsPerStep, summarizeWithScale } from './folds';
import { fail } from '../validate';
import { combineFolds, planEnsemble, type EnsembleMethod, type EnsemblePlan } from './select';
import {
  headOf,
  sliceCovariates,
  sliceSeries,
  splitSeries,
  type SeriesSplit,
  type SplitOptions,
} from './split';

/** Backtest options for both segments, plus the split and how the model is trained. */
export interface EvaluateOptions
  extends Omit<BacktestOptions, 'segment' | 'evalFraction' | 'fitted'>, SplitOptions {
  /**
   * Fit a single model on the training segment and use it for both segments, never refitting:
   * neural models are trained once and only their inputs roll forward. Overrides `refitEvery`.
   */
  readonly fitOnce?: boolean;
}

/** Calibration and evaluation backtests of one model on one series. */
export interface ModelEvaluation {
  readonly split: SeriesSplit;
  /** Backtest over the calibration segment (model uncalibrated). */
  readonly calibration: BacktestResult;
  /** Quantiles of calibration residuals per horizon step. */
  readonly conformal: ConformalQuantiles;
  /** Backtest over the evaluation segment with conformal intervals. */
  readonly evaluation: BacktestResult;
  /** Every `fit` of this evaluation (shared fit included) and their total wall time. */
  readonly training: { readonly fits: number; readonly ms: number };
}

/** Runs calibration, conformal calibration and evaluation for one model on one series. */
export async function evaluateModel(
  factory: () => Forecaster,
  series: SeriesData,
  options: EvaluateOptions,
): Promise<ModelEvaluation> {
  const split = splitSeries(series.values.length, options);
  const shared = options.fitOnce === true ? factory() : undefined;
  try {
    const base = { ...options, refitEvery: shared === undefined ? options.refitEvery : Infinity };
    const started = performance.now();
    if (shared !== undefined) await fitShared(shared, series, split, options);
    const sharedMs = performance.now() - started;
    // The calibration run only ever receives the series cut at evalStart.
    const calibration = await backtest(factory, headOf(series, split.evalStart), {
      ...base,
      covariates: sliceCovariates(options.covariates, 0, split.evalStart),
      segment: { from: split.calStart, to: split.evalStart },
      fitted: shared,
    });
    const conformal = residualQuantiles(calibration.residuals);
    const evaluation = await backtest(() => withConformal(factory(), conformal), series, {
      ...base,
      segment: { from: split.evalStart, to: split.length },
      fitted: shared === undefined ? undefined : withConformal(shared, conformal),
    });
    const training = {
      fits: calibration.fits + evaluation.fits + (shared === undefined ? 0 : 1),
      ms: calibration.fitMs + evaluation.fitMs + (shared === undefined ? 0 : sharedMs),
    };
    return { split, calibration, conformal, evaluation, training };
  } finally {
    shared?.dispose();
  }
}

async function fitShared(
  model: Forecaster,
  series: SeriesData,
  split: SeriesSplit,
  options: EvaluateOptions,
) {
  const begin = Math.max(0, split.calStart - (options.maxTrainWindow ?? split.calStart));
  await model.fit(sliceSeries(series, begin, split.calStart), {
    horizon: options.horizon,
    seasonPeriod: options.seasonPeriod,
    covariates: sliceCovariates(options.covariates, begin, split.calStart),
    seed: options.seed,
    hyperparameters: options.hyperparameters,
  });
}

/** A model's evaluation by name, as produced by {@link evaluateModel}. */
export interface NamedEvaluation {
  readonly name: string;
  readonly evaluation: ModelEvaluation;
}

/**
 * Evaluates the ensemble of the best `k` models (by validation MASE) without re-running them: the
 * members' fold forecasts are combined, conformal quantiles come from the combined calibration
 * residuals, and the combined evaluation forecasts get those intervals. Gives the same numbers as
 * backtesting an `EnsembleForecaster` of deterministic members on the same schedule.
 */
export function evaluateEnsemble(
  candidates: readonly NamedEvaluation[],
  k: number,
  method: EnsembleMethod,
): { readonly plan: EnsemblePlan; readonly evaluation: ModelEvaluation } {
  const plan = planEnsemble(
    candidates.map((c) => ({ name: c.name, calibration: c.evaluation.calibration })),
    k,
    method,
  );
  return { plan, evaluation: evaluateWithPlan(candidates, plan) };
}

/**
 * The evaluation of a given combination of `candidates` (members named by `plan`, in its order),
 * without re-running them: see {@link evaluateEnsemble}. A serving decision's plan comes from
 * `servingPlan`.
 */
export function evaluateWithPlan(
  candidates: readonly NamedEvaluation[],
  plan: EnsemblePlan,
): ModelEvaluation {
  const chosen = plan.members.map((name) => {
    const found = candidates.find((c) => c.name === name);
    if (found === undefined) fail('plan.members', name, 'name evaluated candidates');
    return found.evaluation;
  });
  const first = chosen[0];
  if (first === undefined) fail('plan.members', 0, 'hold at least one member');
  const cost = (pick: (e: ModelEvaluation) => BacktestResult) => ({
    fits: sum(chosen.map((e) => pick(e).fits)),
    fitMs: sum(chosen.map((e) => pick(e).fitMs)),
    predictions: sum(chosen.map((e) => pick(e).predictions)),
    predictMs: sum(chosen.map((e) => pick(e).predictMs)),
  });
  // The combination has no intervals of its own: its conformal ones, read from its calibration
  // residuals, band both segments (on calibration they hold about nominal by construction; left
  // empty they would count as never holding, a validation coverage of 0 on every served combination).
  const calibrationFolds = combineFolds(
    chosen.map((e) => e.calibration),
    plan,
  );
  const conformal = residualQuantiles(residualsPerStep(calibrationFolds));
  const banded = (folds: readonly BacktestFold[]) => folds.map((fold) => bandFold(fold, conformal));
  const calibration = summarizeWithScale(
    banded(calibrationFolds),
    first.calibration.scale,
    cost((e) => e.calibration),
  );
  const evaluation = summarizeWithScale(
    banded(
      combineFolds(
        chosen.map((e) => e.evaluation),
        plan,
      ),
    ),
    first.evaluation.scale,
    cost((e) => e.evaluation),
  );
  const training = {
    fits: sum(chosen.map((e) => e.training.fits)),
    ms: sum(chosen.map((e) => e.training.ms)),
  };
  return { split: first.split, calibration, conformal, evaluation, training };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
