/**
 * A hyperparameter search recorded as runs: every trial is one `training_runs` row under one
 * `search_id`, written in one statement, and the winner by validation MASE is read back with
 * `bestTrial` so what is stored and what is used cannot disagree.
 */
import type { TrainingRunInput } from '../db';
import {
  searchHyperparameters,
  type ParamSet,
  type SearchSpace,
  type SeriesData,
  type SingleModelKind,
  type Trial,
} from '../forecast';
import type { Hyperparameters, TrainSearchInput } from './inputs';
import { invalid } from './inputs';
import { trialMetrics } from './run-metrics';
import { evaluateOptionsFor, type TrainingPlan } from './plan';
import { heartbeatingFactory } from './heartbeat-forecaster';
import type { Modelling } from './store';

/** What every run of one training job shares: series, key, window and environment. */
export type RunContext = Omit<TrainingRunInput, 'runId' | 'kind' | 'hyperparameters' | 'outcome'>;

/** The search's id, its winning trial and that trial's parameters. */
export interface SearchOutcome {
  readonly searchId: string;
  readonly bestTrial: number;
  readonly params: ParamSet;
}

function trialRun(
  context: RunContext,
  searchId: string,
  kind: SingleModelKind,
  trial: Trial,
): TrainingRunInput {
  const durationMs = Math.round(trial.durationMs);
  const outcome =
    trial.error === undefined
      ? { status: 'succeeded' as const, metrics: trialMetrics(trial), folds: [], durationMs }
      : { status: 'failed' as const, error: trial.error, durationMs };
  const runId = `${searchId}/${trial.index}`;
  return { ...context, runId, kind, hyperparameters: trial.params, searchId, trial: trial.index, outcome };
}

/**
 * Searches `search.space` for `search.kind` over the calibration segment of `series` and records
 * each trial. Fixed hyperparameters of the kind join the space as single values, so every trial's
 * recorded parameters are complete.
 */
export async function runSearch(
  m: Modelling,
  series: SeriesData,
  plan: TrainingPlan,
  search: TrainSearchInput & { readonly kind: SingleModelKind },
  fixed: Hyperparameters,
  context: RunContext & { readonly runIdPrefix: string },
): Promise<SearchOutcome> {
  const { runIdPrefix, ...shared } = context;
  const searchId = `${runIdPrefix}/search/${search.kind}`;
  const { fitOnce, hyperparameters, ...options } = evaluateOptionsFor(search.kind, plan, fixed);
  const space: SearchSpace = {
    ...Object.fromEntries(Object.entries(hyperparameters).map(([name, value]) => [name, [value]])),
    ...search.space,
  };
  const result = await searchHyperparameters(
    heartbeatingFactory(m.heartbeat, search.kind, { stage: searchId }),
    series,
    {
      ...options,
      // Trained once per trial, as in the evaluation, so the winner's score matches its evaluation's.
      refitEvery: fitOnce === true ? Infinity : options.refitEvery,
      // The library seeds random sampling and the models with one seed.
      seed: search.seed ?? options.seed,
      ...{ space, mode: search.mode, trials: search.trials },
    },
  );
  await m.store.recordRuns(result.trials.map((t) => trialRun(shared, searchId, search.kind, t)));
  const stored = await m.store.bestTrial(searchId);
  if (result.best === undefined || stored === undefined) {
    const why = result.trials[0]?.error ?? 'no candidates';
    return invalid(
      'input.search',
      searchId,
      `give at least one trial with a finite validation MASE (${why})`,
    );
  }
  if (stored.trial !== result.best.index)
    throw new Error(
      `search ${searchId}: stored best trial ${stored.trial} differs from ${result.best.index}`,
    );
  return { searchId, bestTrial: result.best.index, params: result.best.params };
}
