/**
 * How a forecast cycle divides its series into shards. Since `SHARD_RANGES_PATCH` an activity plans
 * each granularity as id ranges from counts (one boundary id per shard) and each shard's activity
 * resolves its own ids, so the cycle's inputs, results and history hold no per-series list and stay
 * the same size at a million series as at a hundred (besides the shard count, which is capped).
 * Cycles recorded before it replay the old path: every id listed, then sliced.
 */
import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { SeriesRange } from '../activities';
import type { Granularity, SeriesId } from '../shared';
import { proxyActivity } from './activity-proxy';
import { isoHour } from './nominal-time';

/** The patch id of range planning: cycles recorded before it replay the listing of every id. */
export const SHARD_RANGES_PATCH = 'metricast-shard-ranges-v1';
export const DEFAULT_SHARD_SIZE = 500;
/**
 * Most shards per granularity: each costs the cycle about six history events, so a million series
 * (shards of 1,000) stay near 6,000 events of Temporal's 50,000 and the plan near 60 kB of its 2 MB.
 */
export const MAX_SHARDS_PER_GRANULARITY = 1_000;
/**
 * Series per anomaly page: consecutive shards are scored together, a few queries per page, so a
 * million series are 500 activities rather than 2,000.
 */
export const ANOMALY_PAGE_SERIES = 2_000;

/** One shard: a granularity and the ids it forecasts, listed (old cycles) or as a range. */
export interface PlannedShard {
  readonly granularity: Granularity;
  /** Index among the shards of its granularity: part of the shard's workflow id. */
  readonly index: number;
  readonly seriesIds?: SeriesId[];
  readonly range?: SeriesRange;
}

/** What the anomaly step scores per activity: listed ids (old cycles) or an id range. */
export type AnomalyScope = { readonly seriesIds: readonly SeriesId[] } | { readonly range: SeriesRange };

const listActiveSeriesIds = proxyActivity('listActiveSeriesIds');
const planForecastShards = proxyActivity('planForecastShards');

function checkShardSize(size: number): void {
  if (!(Number.isSafeInteger(size) && size > 0))
    throw ApplicationFailure.create({
      type: 'ValidationError',
      message: `input.shardSize must be a positive integer, got ${size}`,
      nonRetryable: true,
    });
}

/** Consecutive slices of `size` ids (the path of cycles recorded before range planning). */
export function planShards(ids: readonly SeriesId[], size: number): SeriesId[][] {
  checkShardSize(size);
  const shards: SeriesId[][] = [];
  for (let i = 0; i < ids.length; i += size) shards.push(ids.slice(i, i + size));
  return shards;
}

/** `forecast-shard/<hour>/<n>`; other granularities than hourly get their own ids for the same hour. */
export function shardWorkflowId(hour: number, granularity: Granularity, n: number): string {
  return `forecast-shard/${isoHour(hour)}/${granularity === '1h' ? '' : `${granularity}-`}${n}`;
}

/** Every shard of the cycle, granularity by granularity. */
export async function planCycleShards(
  granularities: readonly Granularity[],
  shardSize = DEFAULT_SHARD_SIZE,
): Promise<PlannedShard[]> {
  checkShardSize(shardSize);
  const shards: PlannedShard[] = [];
  if (patched(SHARD_RANGES_PATCH)) {
    for (const granularity of granularities) {
      const plan = await planForecastShards({
        granularity,
        shardSize,
        maxShards: MAX_SHARDS_PER_GRANULARITY,
      });
      shards.push(...plan.ranges.map((range, index) => ({ granularity, index, range })));
    }
    return shards;
  }
  for (const granularity of granularities) {
    const ids = await listActiveSeriesIds({ granularity });
    shards.push(...planShards(ids, shardSize).map((seriesIds, index) => ({ granularity, index, seriesIds })));
  }
  return shards;
}

/** Joins consecutive ranged shards of one granularity into pages of about `ANOMALY_PAGE_SERIES`. */
export function anomalyPages(shards: readonly PlannedShard[]): AnomalyScope[] {
  const pages: AnomalyScope[] = [];
  let open: SeriesRange | undefined;
  for (const shard of shards) {
    if (!shard.range) {
      pages.push({ seriesIds: shard.seriesIds ?? [] });
      continue;
    }
    const r = shard.range;
    if (open && open.granularity === r.granularity && open.count + r.count <= ANOMALY_PAGE_SERIES)
      open = { ...open, last: r.last, count: open.count + r.count };
    else {
      if (open) pages.push({ range: open });
      open = r;
    }
  }
  if (open) pages.push({ range: open });
  return pages;
}
