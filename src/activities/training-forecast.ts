/**
 * Issuing one series' forecast from a registered model: load it by alias, read the history it needs
 * strictly before the nominal issue time, predict, and shape the rows the forecasts table keys on
 * (series, version, issue time, target time). Split in steps so a batched cycle can load a model
 * once and predict many series in one `predictBatch`.
 */
import {
  loadByAlias,
  upsertForecasts,
  type Db,
  type ForecastRow,
  type ModelAlias,
  type ModelKey,
} from '../db';
import { ForecastInputError, loadForecaster, type Forecast, type Forecaster } from '../forecast';
import type { ModelVersionId, SeriesId } from '../shared';
import { aheadOfIssue, isStale, newestPointAt, staleMessage } from './forecast-freshness';
import { readRecentHistory } from './training-history';

/** A registered model, loaded and ready to predict. */
export interface LoadedModel {
  readonly versionId: ModelVersionId;
  readonly kind: string;
  /** Input steps the model reads, when it names them (tfjs windows, capped statistical fits). */
  readonly window: number | undefined;
  readonly forecaster: Forecaster;
}

/** The model `alias` points at for `key`, or undefined when none does. The caller disposes it. */
export async function loadModel(db: Db, key: ModelKey, alias: ModelAlias): Promise<LoadedModel | undefined> {
  const found = await loadByAlias(db, key, alias);
  if (found === undefined) return undefined;
  const { version, artifact } = found;
  const forecaster = await loadForecaster(artifact);
  return { versionId: version.id, kind: version.kind, window: artifact.metadata.window, forecaster };
}

/** What one issued forecast is about: the key columns its rows share. */
export interface Issue {
  readonly seriesId: SeriesId;
  readonly issuedAt: number;
  readonly role: ModelAlias;
}

/** One row per horizon step, in step order. */
export function forecastRows(forecast: Forecast, model: LoadedModel, issue: Issue): ForecastRow[] {
  const { p80, p95 } = forecast.intervals;
  return forecast.point.map((point, k) => ({
    ...{ seriesId: issue.seriesId, modelVersionId: model.versionId, modelKind: model.kind, role: issue.role },
    ...{ issuedAt: issue.issuedAt, targetAt: forecast.times[k] ?? NaN, horizonStep: k + 1, point },
    ...{ lower80: p80.lower[k] ?? NaN, upper80: p80.upper[k] ?? NaN },
    ...{ lower95: p95.lower[k] ?? NaN, upper95: p95.upper[k] ?? NaN },
  }));
}

/**
 * Forecasts one series with a loaded model and upserts its rows ahead of the issue time; returns how
 * many were written. A series whose feed stopped is refused (see `forecast-freshness.ts`).
 */
export async function issueForecast(
  db: Db,
  model: LoadedModel,
  issue: Issue,
  stepMs: number,
): Promise<number> {
  const history = await readRecentHistory(db, issue.seriesId, stepMs, issue.issuedAt, model.window);
  const newestAt = newestPointAt(history);
  if (isStale(newestAt, issue.issuedAt, stepMs))
    throw new ForecastInputError('input.issuedAt', issue.issuedAt, staleMessage(newestAt, issue.issuedAt));
  const forecast = await model.forecaster.predict({ history });
  return upsertForecasts(db, aheadOfIssue(forecastRows(forecast, model, issue), issue.issuedAt));
}
