/**
 * Batched inference for one shard of the forecast cycle: each series' champion forecasts from its
 * history before the nominal issue time, and the rows of many series go to MariaDB in one upsert.
 * A series whose feed stopped is counted `stale` and gets no forecast (`forecast-freshness.ts`).
 * Runs on the ML task queue. Progress is checkpointed in heartbeat details after every write, so a
 * retry on another worker resumes after the last written series instead of starting over.
 * Champions stay loaded between cycles in a per-worker `ChampionCache` (why: see its file).
 */
import { Context } from '@temporalio/activity';
import { getAlias, loadArtifact, upsertForecasts, type Db, type ForecastRow, type ModelVersion } from '../db';
import { loadForecaster } from '../forecast';
import { STEP_MS, type Granularity, type SeriesId } from '../shared';
import { ChampionCache } from './champion-cache';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';
import { forecastRows, type LoadedModel } from './training-forecast';
import { aheadOfIssue, isStale, newestPointAt } from './forecast-freshness';
import { readRecentHistoryIfAny } from './training-history';
import { horizonOf, invalid } from './training-input';

export interface ForecastShardInput {
  readonly seriesIds: readonly SeriesId[];
  readonly granularity: Granularity;
  /** Steps ahead; the granularity's default (6 hourly) when absent. Part of the registry key. */
  readonly horizon?: number;
  /** Nominal hour of the cycle, epoch ms: history strictly before it is read, and it keys the rows. */
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

/** Series forecast between two writes: 100 × 6 steps is one multi-row statement. */
const SERIES_PER_WRITE = 100;
const MAX_LISTED_FAILURES = 5;
/** Refusals of one series that retrying cannot fix; anything else (network, deadlock) retries the shard. */
const SERIES_REFUSALS = new Set(['ForecastInputError', 'RegistryError']);

const EMPTY: ForecastShardResult = {
  series: 0,
  forecast: 0,
  rows: 0,
  noChampion: 0,
  stale: 0,
  staleSeries: [],
  failed: 0,
  failures: [],
};

interface Checkpoint {
  /** Index of the first series not yet written. */
  readonly next: number;
  readonly done: ForecastShardResult;
}

/** The last checkpoint of an earlier attempt of this activity, if any. */
function resumeFrom(): Checkpoint {
  let details: unknown;
  try {
    details = Context.current().info.heartbeatDetails;
  } catch {
    details = undefined; // called outside an activity (tests, CLI): start at the beginning
  }
  const c = details as Partial<Checkpoint> | undefined;
  return typeof c?.next === 'number' && c.done ? { next: c.next, done: c.done } : { next: 0, done: EMPTY };
}

/** What forecasting one series needs besides its input. */
interface ShardContext {
  readonly db: Db;
  readonly champions: ChampionCache;
}

/** A registered version, rebuilt from its stored artifact. */
async function loadVersion(db: Db, version: ModelVersion): Promise<LoadedModel> {
  const artifact = await loadArtifact(db, version.id);
  const forecaster = await loadForecaster(artifact);
  return { versionId: version.id, kind: version.kind, window: artifact.metadata.window, forecaster };
}

/** What became of one series: rows to write, no champion, a stopped feed, or the model's refusal. */
type Outcome =
  | { readonly kind: 'rows'; readonly rows: ForecastRow[] }
  | { readonly kind: 'no-champion' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'refused'; readonly error: string };

/** The champion's forecast rows for one series, ahead of the issue time; see `forecast-freshness.ts`. */
async function forecastOne(
  { db, champions }: ShardContext,
  input: ForecastShardInput,
  seriesId: SeriesId,
): Promise<Outcome> {
  const key = { seriesId, granularity: input.granularity, horizon: horizonOf(input) };
  const stepMs = STEP_MS[input.granularity];
  try {
    const version = await getAlias(db, key, 'champion');
    if (version === undefined) return { kind: 'no-champion' };
    const lease = await champions.acquire(version.id, () => loadVersion(db, version));
    const { model } = lease;
    try {
      const history = await readRecentHistoryIfAny(db, seriesId, stepMs, input.issuedAt, model.window);
      if (history === undefined || isStale(newestPointAt(history), input.issuedAt, stepMs))
        return { kind: 'stale' };
      const forecast = await model.forecaster.predict({ history });
      const issue = { seriesId, issuedAt: input.issuedAt, role: 'champion' } as const;
      return { kind: 'rows', rows: aheadOfIssue(forecastRows(forecast, model, issue), input.issuedAt) };
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
function count(done: ForecastShardResult, seriesId: SeriesId, outcome: Outcome): ForecastShardResult {
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

async function forecastShard(ctx: ShardContext, input: ForecastShardInput): Promise<ForecastShardResult> {
  if (!Number.isFinite(input.issuedAt)) invalid('input.issuedAt', input.issuedAt, 'be an epoch-ms time');
  let { next, done } = resumeFrom();
  let pending: ForecastRow[] = [];
  let counted = done;
  for (let i = next; i < input.seriesIds.length; i++) {
    const seriesId = input.seriesIds[i] as SeriesId;
    const outcome = await forecastOne(ctx, input, seriesId);
    if (outcome.kind === 'rows') pending.push(...outcome.rows);
    counted = count(counted, seriesId, outcome);
    if ((i + 1) % SERIES_PER_WRITE === 0 || i + 1 === input.seriesIds.length) {
      await upsertForecasts(ctx.db, pending);
      pending = [];
      ({ next, done } = { next: i + 1, done: counted });
    }
    // The details always name the last written series, so a resumed attempt never skips unwritten rows.
    await heartbeat({ next, done } satisfies Checkpoint);
  }
  return counted;
}

/**
 * Models a worker keeps loaded by default: the 10,000-series target on one worker. A loaded LSTM holds
 * about 30 KB (dense 15 KB), so at most ~300 MB when every champion is an LSTM.
 */
export const DEFAULT_CHAMPION_CACHE_MODELS = 10_000;

export interface ForecastShardDeps {
  readonly db: Db;
  /** Models kept loaded between cycles; one of `DEFAULT_CHAMPION_CACHE_MODELS` per worker when absent. */
  readonly championCache?: ChampionCache;
}

/** Builds the batched-inference activity (ML task queue) over the database, with its champion cache. */
export function createForecastShardActivities(deps: ForecastShardDeps) {
  const ctx = {
    db: deps.db,
    champions: deps.championCache ?? new ChampionCache(DEFAULT_CHAMPION_CACHE_MODELS),
  };
  return {
    /** Forecasts a shard of series with their champions at the nominal issue time; idempotent upserts. */
    async forecastShard(input: ForecastShardInput): Promise<ForecastShardResult> {
      return atActivityEdge(() => forecastShard(ctx, input));
    },
  };
}

export type ForecastShardActivities = ReturnType<typeof createForecastShardActivities>;
