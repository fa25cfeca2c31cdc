/**
 * A shard's reads for a batch of series at once: their champions, the artifacts of those not in
 * the worker's cache, their recent history and their champions' adapted interval widths, one
 * statement each (`ShardReads`, implemented by `src/db/shard-reads.ts`), then the same per-series
 * step as `forecastOne`. Forecasts are identical: a model whose reads are known (`historyPoints`:
 * the statistical baselines and combinations of them) gets the newest points it reads, which forecast
 * as the 14 days `readRecentHistoryIfAny` reads; any other model gets that same lookback.
 */
import type { ForecastRow, IntervalWidths, ModelVersion, StoredObservation } from '../db';
import {
  guardForecaster,
  historyPoints,
  loadForecaster,
  type ModelArtifact,
  type SeriesData,
} from '../forecast';
import { STEP_MS, type Granularity, type ModelVersionId, type SeriesId, type TimeRange } from '../shared';
import { adaptIntervals, servedForecast } from './adaptive-intervals';
import type { ChampionCache } from './champion-cache';
import { covariateInput, covariateLookbackMs, covariateSeriesOf, plainTwinOf } from './covariate-serving';
import { isStale, newestPointAt } from './freshness';
import { bridgedHistory } from './gap-bridge';
import { lookbackMs } from './history';
import { forecastRows, type Issue, type LoadedModel } from './issue';
import { SERIES_REFUSALS, type SeriesOutcome, type ShardJob } from './shard';
import type { Modelling } from './store';

/** The batched reads a shard makes; each answers for many series or versions in one round trip. */
export interface ShardReads {
  champions(
    seriesIds: readonly SeriesId[],
    granularity: Granularity,
    horizon: number,
  ): Promise<Map<SeriesId, ModelVersion>>;
  /** Verified artifacts; a missing or corrupt one is absent (its single read then says why). */
  artifacts(versionIds: readonly ModelVersionId[]): Promise<Map<ModelVersionId, ModelArtifact>>;
  recentObservations(
    seriesIds: readonly SeriesId[],
    range: TimeRange,
  ): Promise<Map<SeriesId, StoredObservation[]>>;
  /** The adapted interval half-widths of the versions that have them (`interval_state`). */
  intervalWidths(versionIds: readonly ModelVersionId[]): Promise<Map<ModelVersionId, IntervalWidths>>;
}

/** What a batch read once and every series of it uses. */
export interface ShardBatch {
  readonly champions: ReadonlyMap<SeriesId, ModelVersion>;
  readonly artifacts: ReadonlyMap<ModelVersionId, ModelArtifact>;
  readonly history: ReadonlyMap<SeriesId, readonly StoredObservation[]>;
  /** How far back (ms before the issue time) each series' forecast reads. */
  readonly lookbacks: ReadonlyMap<SeriesId, number>;
  readonly widths: ReadonlyMap<ModelVersionId, IntervalWidths>;
  /** Recent history of the host series the batch's covariate twins read (`covariate-serving.ts`). */
  readonly covariates: ReadonlyMap<SeriesId, readonly StoredObservation[]>;
}

/**
 * How far back a version's forecast reads: the points its model reads when known (from the loaded
 * model, else its artifact), otherwise `lookbackMs` (two windows, at least 14 days).
 */
function lookbackOf(version: ModelVersion, points: number | undefined, stepMs: number): number {
  return points === undefined ? lookbackMs(stepMs, version.metadata.window ?? 0) : points * stepMs;
}

/** The host series the batch's covariate twins read, in one statement; none when no champion is a twin. */
async function readCovariates(
  reads: ShardReads,
  champions: ReadonlyMap<SeriesId, ModelVersion>,
  issuedAt: number,
): Promise<Map<SeriesId, StoredObservation[]>> {
  const twins = [...champions.values()].filter((v) => plainTwinOf(v.metadata) !== undefined);
  if (twins.length === 0) return new Map();
  const ids = [...new Set(twins.flatMap((v) => covariateSeriesOf(v.metadata)))];
  const from = issuedAt - Math.max(...twins.map((v) => covariateLookbackMs(v.metadata)));
  return reads.recentObservations(ids, { from, to: issuedAt });
}

/** Reads what forecasting `seriesIds` needs: four statements (five with covariate twins), whatever their number. */
export async function readShardBatch(
  reads: ShardReads,
  cache: ChampionCache,
  job: ShardJob,
  seriesIds: readonly SeriesId[],
): Promise<ShardBatch> {
  const champions = await reads.champions(seriesIds, job.granularity, job.horizon);
  const misses = [...champions.values()].filter((v) => !cache.has(v.id)).map((v) => v.id);
  const artifacts = await reads.artifacts(misses);
  const stepMs = STEP_MS[job.granularity];
  const lookbacks = new Map<SeriesId, number>();
  for (const [seriesId, v] of champions) {
    const artifact = artifacts.get(v.id);
    const points = cache.peek(v.id)?.historyPoints ?? (artifact && historyPoints(artifact));
    lookbacks.set(seriesId, lookbackOf(v, points, stepMs));
  }
  const from = job.issuedAt - Math.max(0, ...lookbacks.values());
  const history = await reads.recentObservations([...champions.keys()], { from, to: job.issuedAt });
  const widths = await reads.intervalWidths([...new Set([...champions.values()].map((v) => v.id))]);
  const covariates = await readCovariates(reads, champions, job.issuedAt);
  return { champions, artifacts, history, lookbacks, widths, covariates };
}

/** A version's model from the batch's artifact (or its own read, when the batch had none), guarded. */
async function loadVersion(
  m: Modelling,
  batch: ShardBatch | undefined,
  version: Pick<ModelVersion, 'id' | 'kind'>,
): Promise<LoadedModel> {
  const artifact = batch?.artifacts.get(version.id) ?? (await m.store.loadArtifact(version.id));
  // Guarded: a model that crashes or returns NaN fails its series only, never the shard.
  const forecaster = guardForecaster(await loadForecaster(artifact));
  const { window } = artifact.metadata;
  return {
    versionId: version.id,
    kind: version.kind,
    window,
    historyPoints: historyPoints(artifact),
    forecaster,
  };
}

/** The series' own history window out of the batch's (which reads the longest window of all). */
function historyOf(batch: ShardBatch, seriesId: SeriesId, job: ShardJob) {
  const stepMs = STEP_MS[job.granularity];
  const from = job.issuedAt - (batch.lookbacks.get(seriesId) ?? lookbackMs(stepMs, 0));
  const rows = batch.history.get(seriesId) ?? [];
  const first = rows.findIndex((r) => r.t >= from);
  return bridgedHistory(first <= 0 ? rows : rows.slice(first), stepMs);
}

/** `forecastOne` over a batch's reads: the champion's rows for one series after the issue time. */
export async function forecastFromBatch(
  m: Modelling,
  cache: ChampionCache,
  batch: ShardBatch,
  job: ShardJob,
  seriesId: SeriesId,
): Promise<SeriesOutcome> {
  const stepMs = STEP_MS[job.granularity];
  try {
    const version = batch.champions.get(seriesId);
    if (version === undefined) return { kind: 'no-champion' };
    const lease = await cache.acquire(version.id, () => loadVersion(m, batch, version));
    try {
      const history = historyOf(batch, seriesId, job);
      if (history === undefined || isStale(newestPointAt(history), job.issuedAt, stepMs))
        return { kind: 'stale' };
      const issue = {
        seriesId,
        issuedAt: job.issuedAt,
        role: 'champion',
        stepMs,
        horizon: job.horizon,
      } as const;
      const plain = plainTwinOf(version.metadata);
      const input =
        plain === undefined ? { history } : covariateInput(version.metadata, history, batch.covariates);
      if (input !== undefined) {
        const predicted = await lease.model.forecaster.predict(input);
        const forecast = servedForecast(predicted, batch.widths.get(version.id), input.history);
        const rows = forecastRows(forecast, lease.model, issue);
        return { kind: 'rows', rows, ...(history.bridged > 0 && { bridged: true }) };
      }
      const rows = await forecastWithPlainTwin(
        m,
        cache,
        { id: plain as ModelVersionId, kind: version.kind },
        history,
        issue,
      );
      return { kind: 'rows', rows, covariateFallback: true, ...(history.bridged > 0 && { bridged: true }) };
    } finally {
      lease.release();
    }
  } catch (error) {
    if (error instanceof Error && SERIES_REFUSALS.has(error.name))
      return { kind: 'refused', error: error.message };
    throw error;
  }
}

/**
 * A covariate twin whose covariate is missing or stale forecasts with its plain twin instead: read
 * on its own (rare, so outside the batch's statements), with its own adapted widths.
 */
async function forecastWithPlainTwin(
  m: Modelling,
  cache: ChampionCache,
  plain: Pick<ModelVersion, 'id' | 'kind'>,
  history: SeriesData,
  issue: Issue,
): Promise<ForecastRow[]> {
  const lease = await cache.acquire(plain.id, () => loadVersion(m, undefined, plain));
  try {
    const predicted = await lease.model.forecaster.predict({ history });
    const forecast = await adaptIntervals(m.store, plain.id, predicted, history);
    return forecastRows(forecast, lease.model, issue);
  } finally {
    lease.release();
  }
}
