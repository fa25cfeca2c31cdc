/**
 * Training and forecasting activities: read history from MariaDB, call the forecasting core, write
 * runs, versions, aliases and forecasts back. Inputs and results are ids, time ranges and numbers.
 * Every write is keyed by the caller's business ids (run id prefix, nominal issue time), so a
 * retried activity leaves the same rows.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db';
import { STEP_MS } from '../shared';
import { atActivityEdge } from './errors';
import { issueForecast, loadModel } from './training-forecast';
import {
  horizonOf,
  invalid,
  type ForecastSeriesInput,
  type ForecastSeriesResult,
  type TrainSeriesInput,
  type TrainSummary,
} from './training-input';
import { trainSeries } from './training-series';

/** What the training activities need. */
export interface TrainingDeps {
  readonly db: Db;
}

async function forecastSeries(db: Db, input: ForecastSeriesInput): Promise<ForecastSeriesResult> {
  if (!Number.isFinite(input.issuedAt))
    invalid('input.issuedAt', input.issuedAt, 'be a finite epoch-ms time');
  const { seriesId, granularity, issuedAt } = input;
  const horizon = horizonOf(input);
  const role = input.alias ?? 'champion';
  const model = await loadModel(db, { seriesId, granularity, horizon }, role);
  if (model === undefined)
    throw ApplicationFailure.create({
      type: 'NoModelError',
      message: `series ${seriesId} (${granularity}, horizon ${horizon}) has no ${role} model: train one first`,
      nonRetryable: true,
    });
  try {
    const stepMs = STEP_MS[granularity];
    const rows = await issueForecast(db, model, { seriesId, issuedAt, role, stepMs, horizon });
    return { rows, modelVersionId: model.versionId };
  } finally {
    model.forecaster.dispose();
  }
}

/** Builds the training activities over narrow dependencies (tests pass a real test database). */
export function createTrainingActivities(deps: TrainingDeps) {
  return {
    /**
     * Evaluates, fits and registers each kind on the series' stored history in `input.window`,
     * records a run per kind and per search trial, sets the best by validation MASE as challenger
     * and, if asked, promotes it when it beats the champion. Repeating a `runIdPrefix` reuses its runs.
     */
    async trainSeries(input: TrainSeriesInput): Promise<TrainSummary> {
      return atActivityEdge(() => trainSeries(deps.db, input));
    },

    /** Forecasts one series with its champion (or challenger) from history before `issuedAt`; idempotent. */
    async forecastSeries(input: ForecastSeriesInput): Promise<ForecastSeriesResult> {
      return atActivityEdge(() => forecastSeries(deps.db, input));
    },
  };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
export type {
  ForecastSeriesInput,
  ForecastSeriesResult,
  TrainSearchInput,
  TrainSeriesInput,
  TrainSummary,
} from './training-input';
