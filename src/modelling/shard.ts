/**
 * Issuing the champions' forecasts for a batch of series at one issue time: per series, the
 * champion (from the per-worker `ChampionCache`) predicts from history before the issue time, and
 * what became of each series is counted. Writing the rows and checkpointing are the caller's.
 */
import type { ForecastRow, ModelVersion } from '../db';
import { STEP_MS, type Granularity, type SeriesId } from '../shared';
import { adaptIntervals } from './adaptive-intervals';
import type { ChampionCache } from './champion-cache';
import { isStale, newestPointAt } from './freshness';
import { readRecentHistoryIfAny } from './history';
import { forecastRows, type LoadedModel } from './issue';
import { guardForecaster, loadForecaster } from '../forecast';
import type { Modelling } from './store';

/** The series of one shard and where its forecasts are issued. */
export interface ShardJob {
  readonly granularity: Granularity;
  /** Issued steps: the registry key's horizon. */
  readonly horizon: number;
  /** Nominal issue time, epoch ms: history strictly before it is read, and it keys the rows. */
  readonly issuedAt: number;
}

/** Counts only, so a shard's result stays small in the workflow history. */
export interface ForecastShardResult {
  readonly series: number;
  /** Series whose champion issued a forecast. */
  readonly forecast: number;
  readonly rows: number;
  /** Series without a champion for this granularity and horizon: not trained yet, skipped. */
  readonly noChampion: number;
  /**
   * Series whose feed stopped (newest observation older than `STALE_AFTER_MS`): no forecast, since it
   * would be about their past. Absent in results recorded before the count existed.
   */
  readonly stale?: number;
  /** The first few stale series. */
  readonly staleSeries?: readonly SeriesId[];
  /** Series the model refused (a broken artifact, bad input): skipped, with the first few reasons. */
  readonly failed: number;
  readonly failures: ReadonlyArray<{ readonly seriesId: SeriesId; readonly error: string }>;
}

export const EMPTY_SHARD_RESULT: ForecastShardResult = {
  series: 0,
  forecast: 0,
  rows: 0,
  noChampion: 0,
  stale: 0,
  staleSeries: [],
  failed: 0,
  failures: [],
};

const MAX_LISTED_FAILURES = 5;
/**
 * Refusals of one series that retrying cannot fix (bad input, a broken artifact, a model that crashes
 * on it); anything else (network, deadlock) retries the shard.
 */
const SERIES_REFUSALS = new Set(['ForecastInputError', 'RegistryError', 'ModelFailureError']);

/** What became of one series: rows to write, no champion, a stopped feed, or the model's refusal. */
export type SeriesOutcome =
  | { readonly kind: 'rows'; readonly rows: ForecastRow[] }
  | { readonly kind: 'no-champion' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'refused'; readonly error: string };

/** A registered version, rebuilt from its stored artifact. */
async function loadVersion(m: Modelling, version: ModelVersion): Promise<LoadedModel> {
  const artifact = await m.store.loadArtifact(version.id);
  // Guarded: a model that crashes or returns NaN fails its series only, never the shard.
  const forecaster = guardForecaster(await loadForecaster(artifact));
  return { versionId: version.id, kind: version.kind, window: artifact.metadata.window, forecaster };
}

/** The champion's forecast rows for one series, after the issue time; see `freshness.ts`. */
export async function forecastOne(
  m: Modelling,
  champions: ChampionCache,
  job: ShardJob,
  seriesId: SeriesId,
): Promise<SeriesOutcome> {
  const key = { seriesId, granularity: job.granularity, horizon: job.horizon };
  const stepMs = STEP_MS[job.granularity];
  try {
    const version = await m.store.getAlias(key, 'champion');
    if (version === undefined) return { kind: 'no-champion' };
    const lease = await champions.acquire(version.id, () => loadVersion(m, version));
    const { model } = lease;
    try {
      const history = await readRecentHistoryIfAny(m, seriesId, stepMs, job.issuedAt, model.window);
      if (history === undefined || isStale(newestPointAt(history), job.issuedAt, stepMs))
        return { kind: 'stale' };
      const forecast = await adaptIntervals(m.store, version.id, await model.forecaster.predict({ history }));
      const issue = {
        seriesId,
        issuedAt: job.issuedAt,
        role: 'champion',
        stepMs,
        horizon: job.horizon,
      } as const;
      return { kind: 'rows', rows: forecastRows(forecast, model, issue) };
    } finally {
      lease.release();
    }
  } catch (error) {
    if (error instanceof Error && SERIES_REFUSALS.has(error.name))
      return { kind: 'refused', error: error.message };
    throw error;
  }
}

/** Adds one series' outcome to the counts. */
export function countOutcome(
  done: ForecastShardResult,
  seriesId: SeriesId,
  outcome: SeriesOutcome,
): ForecastShardResult {
  const series = done.series + 1;
  switch (outcome.kind) {
    case 'no-champion':
      return { ...done, series, noChampion: done.noChampion + 1 };
    case 'stale': {
      const staleSeries = [...(done.staleSeries ?? []), seriesId].slice(0, MAX_LISTED_FAILURES);
      return { ...done, series, stale: (done.stale ?? 0) + 1, staleSeries };
    }
    case 'refused': {
      const failures = [...done.failures, { seriesId, error: outcome.error }].slice(0, MAX_LISTED_FAILURES);
      return { ...done, series, failed: done.failed + 1, failures };
    }
    case 'rows':
      return { ...done, series, forecast: done.forecast + 1, rows: done.rows + outcome.rows.length };
  }
}
