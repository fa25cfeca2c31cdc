/**
 * Batched inference for one shard of the forecast cycle: each series' champion forecasts from its
 * history before the nominal issue time. Champions, artifacts and history are read for up to 500
 * series at a time (three statements, not three per series), and the rows of 100 series go to
 * MariaDB in one upsert.
 * A series whose feed stopped is counted `stale` and gets no forecast (`forecast-freshness.ts`).
 * Runs on the ML task queue. Progress is checkpointed in heartbeat details after every write, so a
 * retry on another worker resumes after the last written series instead of starting over.
 * Champions stay loaded between cycles in a per-worker `ChampionCache` (why: see its file).
 */
import { Context } from '@temporalio/activity';
import {
  loadArtifacts,
  readChampions,
  readIntervalWidthsOf,
  readRecentObservations,
  resolveSeriesRange,
  type Db,
  type ForecastRow,
  type SeriesRange,
} from '../db';
import {
  ChampionCache,
  countOutcome,
  EMPTY_SHARD_RESULT,
  forecastFromBatch,
  horizonOf,
  invalid,
  readShardBatch,
  type ForecastShardResult,
  type Modelling,
  type ShardBatch,
  type ShardReads,
} from '../modelling';
import type { Granularity, SeriesId } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';
import { modellingOver } from './modelling';

export interface ForecastShardInput {
  /** The shard's series: these ids, or the active ones of `range` (what cycles plan since ranges). */
  readonly seriesIds?: readonly SeriesId[];
  readonly range?: SeriesRange;
  readonly granularity: Granularity;
  /** Steps ahead; the granularity's default (6 hourly) when absent. Part of the registry key. */
  readonly horizon?: number;
  /** Nominal hour of the cycle, epoch ms: history strictly before it is read, and it keys the rows. */
  readonly issuedAt: number;
}

export type { ForecastShardResult };

/** Series forecast between two writes: 100 × 6 steps is one multi-row statement. */
const SERIES_PER_WRITE = 100;
/**
 * Series whose champions, artifacts and history are read at once: a 500-series shard in one batch
 * (~170,000 rows of 14 days), a 1,000-series one (a million series) in two.
 */
const SERIES_PER_READ = 500;

interface Checkpoint {
  /** Index of the first series not yet written. */
  readonly next: number;
  /** Id of the last series written: a range resolved again on retry resumes after it. */
  readonly after?: SeriesId;
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
  if (!(typeof c?.next === 'number' && c.done)) return { next: 0, done: EMPTY_SHARD_RESULT };
  return { next: c.next, done: c.done, ...(typeof c.after === 'number' && { after: c.after }) };
}

/** What forecasting one series needs besides its input. */
interface ShardContext {
  readonly db: Db;
  readonly m: Modelling;
  readonly reads: ShardReads;
  readonly champions: ChampionCache;
}

/** The shard's ids: given, or resolved from its range (exactly one of the two). */
async function shardIds(db: Db, input: ForecastShardInput): Promise<readonly SeriesId[]> {
  if ((input.seriesIds === undefined) === (input.range === undefined))
    invalid('input.seriesIds', input.seriesIds, 'be given, or input.range instead (exactly one of them)');
  return input.seriesIds ?? resolveSeriesRange(db, input.range as SeriesRange);
}

async function forecastShard(ctx: ShardContext, input: ForecastShardInput): Promise<ForecastShardResult> {
  if (!Number.isFinite(input.issuedAt)) invalid('input.issuedAt', input.issuedAt, 'be an epoch-ms time');
  const job = { granularity: input.granularity, horizon: horizonOf(input), issuedAt: input.issuedAt };
  const ids = await shardIds(ctx.db, input);
  const resumed = resumeFrom();
  let { next, done } = resumed;
  // A range's series can change between attempts (one deactivated): resume after the last written id.
  if (input.range && resumed.after !== undefined) {
    const at = ids.findIndex((id) => id > (resumed.after as SeriesId));
    next = at === -1 ? ids.length : at;
  }
  let after = resumed.after;
  let pending: ForecastRow[] = [];
  let counted = done;
  let batch: ShardBatch | undefined;
  const first = next;
  for (let i = first; i < ids.length; i++) {
    const seriesId = ids[i] as SeriesId;
    if (batch === undefined || (i - first) % SERIES_PER_READ === 0)
      batch = await readShardBatch(ctx.reads, ctx.champions, job, ids.slice(i, i + SERIES_PER_READ));
    const outcome = await forecastFromBatch(ctx.m, ctx.champions, batch, job, seriesId);
    if (outcome.kind === 'rows') pending.push(...outcome.rows);
    counted = countOutcome(counted, seriesId, outcome);
    if ((i + 1) % SERIES_PER_WRITE === 0 || i + 1 === ids.length) {
      await ctx.m.store.upsertForecasts(pending);
      pending = [];
      ({ next, done, after } = { next: i + 1, done: counted, after: seriesId });
    }
    // The details always name the last written series, so a resumed attempt never skips unwritten rows.
    await heartbeat({ next, done, ...(after !== undefined && { after }) } satisfies Checkpoint);
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
  const db = deps.db;
  const reads: ShardReads = {
    champions: (ids, granularity, horizon) => readChampions(db, ids, granularity, horizon),
    artifacts: (versionIds) => loadArtifacts(db, versionIds),
    recentObservations: (ids, range) => readRecentObservations(db, ids, range),
    intervalWidths: (versionIds) => readIntervalWidthsOf(db, versionIds),
  };
  const ctx = {
    db,
    m: modellingOver(db),
    reads,
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
