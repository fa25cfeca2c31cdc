/**
 * Batched inference for one shard of the forecast cycle: each series' champion forecasts from its
 * history before the nominal issue time, and the rows of many series go to MariaDB in one upsert.
 * A series whose feed stopped is counted `stale` and gets no forecast (`forecast-freshness.ts`).
 * Runs on the ML task queue. Progress is checkpointed in heartbeat details after every write, so a
 * retry on another worker resumes after the last written series instead of starting over.
 * Champions stay loaded between cycles in a per-worker `ChampionCache` (why: see its file).
 */
import { Context } from '@temporalio/activity';
import type { Db, ForecastRow } from '../db';
import {
  ChampionCache,
  countOutcome,
  EMPTY_SHARD_RESULT,
  forecastOne,
  horizonOf,
  invalid,
  type ForecastShardResult,
  type Modelling,
} from '../modelling';
import type { Granularity, SeriesId } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';
import { modellingOver } from './modelling';

export interface ForecastShardInput {
  readonly seriesIds: readonly SeriesId[];
  readonly granularity: Granularity;
  /** Steps ahead; the granularity's default (6 hourly) when absent. Part of the registry key. */
  readonly horizon?: number;
  /** Nominal hour of the cycle, epoch ms: history strictly before it is read, and it keys the rows. */
  readonly issuedAt: number;
}

export type { ForecastShardResult };

/** Series forecast between two writes: 100 × 6 steps is one multi-row statement. */
const SERIES_PER_WRITE = 100;

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
  return typeof c?.next === 'number' && c.done
    ? { next: c.next, done: c.done }
    : { next: 0, done: EMPTY_SHARD_RESULT };
}

/** What forecasting one series needs besides its input. */
interface ShardContext {
  readonly m: Modelling;
  readonly champions: ChampionCache;
}

async function forecastShard(ctx: ShardContext, input: ForecastShardInput): Promise<ForecastShardResult> {
  if (!Number.isFinite(input.issuedAt)) invalid('input.issuedAt', input.issuedAt, 'be an epoch-ms time');
  const job = { granularity: input.granularity, horizon: horizonOf(input), issuedAt: input.issuedAt };
  let { next, done } = resumeFrom();
  let pending: ForecastRow[] = [];
  let counted = done;
  for (let i = next; i < input.seriesIds.length; i++) {
    const seriesId = input.seriesIds[i] as SeriesId;
    const outcome = await forecastOne(ctx.m, ctx.champions, job, seriesId);
    if (outcome.kind === 'rows') pending.push(...outcome.rows);
    counted = countOutcome(counted, seriesId, outcome);
    if ((i + 1) % SERIES_PER_WRITE === 0 || i + 1 === input.seriesIds.length) {
      await ctx.m.store.upsertForecasts(pending);
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
    m: modellingOver(deps.db),
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
