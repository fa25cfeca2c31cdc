/**
 * What a shard of the forecast cycle reports: its job, what became of each series (forecast by
 * `forecastFromBatch` in `shard-batch.ts`) and the counts. Writing the rows and checkpointing are
 * the caller's.
 */
import type { ForecastRow } from '../db';
import type { Granularity, SeriesId } from '../shared';

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
  /**
   * Series whose champion is a covariate twin but a covariate was missing or stale: forecast by the
   * plain twin instead (counted in `forecast` too). Absent while none happened.
   */
  readonly covariateFallbacks?: number;
  /**
   * Series forecast from a history with a short gap bridged (`gap-bridge.ts`; counted in `forecast`
   * too). Absent while none happened.
   */
  readonly bridged?: number;
}

/** The counts a result carries only once one happened. */
type OccasionalCount = 'covariateFallbacks' | 'bridged';

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
export const SERIES_REFUSALS = new Set(['ForecastInputError', 'RegistryError', 'ModelFailureError']);

/** What became of one series: rows to write, no champion, a stopped feed, or the model's refusal. */
export type SeriesOutcome =
  | {
      readonly kind: 'rows';
      readonly rows: ForecastRow[];
      readonly covariateFallback?: true;
      /** The history had a short gap bridged. */
      readonly bridged?: true;
    }
  | { readonly kind: 'no-champion' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'refused'; readonly error: string };

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
    case 'rows': {
      const counted = { ...done, series, forecast: done.forecast + 1, rows: done.rows + outcome.rows.length };
      const once = (key: OccasionalCount, happened?: true) =>
        happened ? { [key]: (done[key] ?? 0) + 1 } : {};
      return {
        ...counted,
        ...once('covariateFallbacks', outcome.covariateFallback),
        ...once('bridged', outcome.bridged),
      };
    }
  }
}
