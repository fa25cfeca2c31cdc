/**
 * Issuing one series' forecast from a registered model: load it by alias, read the history it needs
 * strictly before the nominal issue time, predict, and shape the rows the forecasts table keys on
 * (series, version, issue time, target time). Split in steps so a batched cycle can load a model
 * once and predict many series in one `predictBatch`.
 */
import type { ForecastRow, ModelAlias, ModelKey } from '../db';
import { ForecastInputError, loadForecaster, type Forecast, type Forecaster } from '../forecast';
import { issuedSteps, type ModelVersionId, type SeriesId } from '../shared';
import { adaptIntervals } from './adaptive-intervals';
import { plainTwinOf } from './covariate-serving';
import { isStale, newestPointAt, staleMessage } from './freshness';
import { readRecentHistory } from './history';
import type { Modelling } from './store';

/** A registered model, loaded and ready to predict. */
export interface LoadedModel {
  readonly versionId: ModelVersionId;
  readonly kind: string;
  /** Input steps the model reads, when it names them (tfjs windows, capped statistical fits). */
  readonly window: number | undefined;
  /** Newest points its forecast reads, when known (`historyPoints`): the shard reads no more. */
  readonly historyPoints?: number;
  readonly forecaster: Forecaster;
}

/** The model `alias` points at for `key`, or undefined when none does. The caller disposes it. */
export async function loadModel(
  m: Modelling,
  key: ModelKey,
  alias: ModelAlias,
): Promise<LoadedModel | undefined> {
  const version = await m.store.getAlias(key, alias);
  if (version === undefined) return undefined;
  const own = await m.store.loadArtifact(version.id);
  // One series at a time reads no covariates: a covariate twin issues with its plain twin (the shard
  // reads them per batch and serves the twin itself).
  const plain = plainTwinOf(own.metadata);
  const versionId = plain ?? version.id;
  const artifact = plain === undefined ? own : await m.store.loadArtifact(plain);
  const forecaster = await loadForecaster(artifact);
  return { versionId, kind: version.kind, window: artifact.metadata.window, forecaster };
}

/** What one issued forecast is about: the key columns its rows share, and how many steps it issues. */
export interface Issue {
  readonly seriesId: SeriesId;
  readonly issuedAt: number;
  readonly role: ModelAlias;
  readonly stepMs: number;
  /** Steps issued after the issue time: the registry key's horizon. */
  readonly horizon: number;
}

/** One row per issued horizon step, in step order; every target lies after the issue time. */
export function forecastRows(forecast: Forecast, model: LoadedModel, issue: Issue): ForecastRow[] {
  const { p80, p95 } = forecast.intervals;
  const { seriesId, issuedAt, role } = issue;
  return issuedSteps(forecast.times, issuedAt, issue.stepMs, issue.horizon).map(({ index: k, step }) => ({
    ...{ seriesId, modelVersionId: model.versionId, modelKind: model.kind, role },
    ...{ issuedAt, targetAt: forecast.times[k] ?? NaN, horizonStep: step, point: forecast.point[k] ?? NaN },
    ...{ lower80: p80.lower[k] ?? NaN, upper80: p80.upper[k] ?? NaN },
    ...{ lower95: p95.lower[k] ?? NaN, upper95: p95.upper[k] ?? NaN },
  }));
}

/**
 * Forecasts one series with a loaded model and upserts its rows after the issue time; returns how
 * many were written. A series whose feed stopped is refused (see `forecast-freshness.ts`).
 */
export async function issueForecast(m: Modelling, model: LoadedModel, issue: Issue): Promise<number> {
  const { seriesId, issuedAt, stepMs } = issue;
  const history = await readRecentHistory(m, seriesId, stepMs, issuedAt, model.window);
  const newestAt = newestPointAt(history);
  if (isStale(newestAt, issuedAt, stepMs))
    throw new ForecastInputError('input.issuedAt', issuedAt, staleMessage(newestAt, issuedAt));
  const forecast = await adaptIntervals(
    m.store,
    model.versionId,
    await model.forecaster.predict({ history }),
    history,
  );
  return m.store.upsertForecasts(forecastRows(forecast, model, issue));
}
