/**
 * Training and forecasting activities: adapters over `src/modelling`, which reads history, calls the
 * forecasting core and writes runs, versions, aliases and forecasts through its `ModelStore`.
 * Inputs and results are ids, time ranges and numbers. Every write is keyed by the caller's
 * business ids (run id prefix, nominal issue time), so a retried activity leaves the same rows.
 */
import type { Db } from '../db';
import {
  coldStartSeries,
  forecastSeries,
  updateGlobalModel,
  type ColdStartInput,
  type ColdStartResult,
  type GlobalUpdateInput,
  type GlobalUpdateResult,
  trainSeries,
  type ForecastSeriesInput,
  type ForecastSeriesResult,
  type TrainSeriesInput,
  type TrainSummary,
} from '../modelling';
import { atActivityEdge } from './errors';
import { modellingOver } from './modelling';

/** What the training activities need. */
export interface TrainingDeps {
  readonly db: Db;
}

/** Builds the training activities over narrow dependencies (tests pass a real test database). */
export function createTrainingActivities(deps: TrainingDeps) {
  const m = modellingOver(deps.db);
  return {
    /**
     * Evaluates, fits and registers each kind on the series' stored history in `input.window`,
     * records a run per kind and per search trial, sets what `decideServing` serves (a combination
     * registered as a version of its own, or one kind) as challenger and, if asked, promotes it when
     * it beats the champion. Repeating a `runIdPrefix` reuses its runs.
     */
    async trainSeries(input: TrainSeriesInput): Promise<TrainSummary> {
      return atActivityEdge(() => trainSeries(m, input));
    },

    /**
     * Gives a series with too little history for `trainSeries` its first champion: the stored global
     * model of its granularity (with naive), recorded as `<prefix>/global`.
     * Repeating a `runIdPrefix` reuses its version.
     */
    async coldStartSeries(input: ColdStartInput): Promise<ColdStartResult> {
      return atActivityEdge(() => coldStartSeries(m, input));
    },

    /**
     * The granularity's global model, once a cycle: left alone while current, else updated (warm
     * start from the newest version) or refitted in full (first, weekly, breach, requested), stored
     * as a global version with its run `global/<granularity>/<asOf>`. A repeat reuses the run.
     */
    async updateGlobalModel(input: GlobalUpdateInput): Promise<GlobalUpdateResult> {
      return atActivityEdge(() => updateGlobalModel(m, input));
    },

    /** Forecasts one series with its champion (or challenger) from history before `issuedAt`; idempotent. */
    async forecastSeries(input: ForecastSeriesInput): Promise<ForecastSeriesResult> {
      return atActivityEdge(() => forecastSeries(m, input));
    },
  };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
export type {
  ColdStartInput,
  ColdStartResult,
  ForecastSeriesInput,
  ForecastSeriesResult,
  GlobalUpdateInput,
  GlobalUpdateResult,
  TrainSearchInput,
  TrainSeriesInput,
  TrainSummary,
} from '../modelling';
