/**
 * Shards of the active series as id ranges: the forecast cycle plans from counts and boundaries
 * (one id per shard) and each shard's activity resolves its own ids, so no workflow input, result
 * or history ever holds a per-series list (a million ids would be several MB, past Temporal's 2 MB
 * payload limit).
 */
import { asSeriesId, type Granularity, type SeriesId } from '../shared';
import type { Db } from './pool';

/** The active series of a granularity with `first <= id <= last`; `count` as planned. */
export interface SeriesRange {
  readonly granularity: Granularity;
  readonly first: SeriesId;
  readonly last: SeriesId;
  readonly count: number;
}

export interface RangePlan {
  /** Active series of the granularity when planned. */
  readonly total: number;
  /** Series per range; larger than asked when `maxRanges` would otherwise be exceeded. */
  readonly size: number;
  readonly ranges: SeriesRange[];
}

/** The series per range: `size`, or more when `total` would need more than `maxRanges` ranges. */
export function rangeSize(total: number, size: number, maxRanges: number): number {
  return Math.max(size, Math.ceil(total / maxRanges));
}

/**
 * Ranges from the first id of every range and the last id overall (pure, so the workflow tests can
 * plan a million series without a million rows). The last range ends at the newest id when
 * planned: a series created later waits for the next cycle, as it did when ids were listed.
 */
export function rangesFromBoundaries(
  granularity: Granularity,
  starts: readonly SeriesId[],
  lastId: SeriesId,
  plan: { readonly total: number; readonly size: number },
): SeriesRange[] {
  return starts.map((first, k) => {
    const next = starts[k + 1];
    return {
      granularity,
      first,
      last: next === undefined ? lastId : asSeriesId(next - 1),
      count: next === undefined ? plan.total - k * plan.size : plan.size,
    };
  });
}

/** Plans the active series of `granularity` as ranges of `size` (at most `maxRanges` of them). */
export async function planSeriesRanges(
  db: Db,
  granularity: Granularity,
  options: { readonly size: number; readonly maxRanges: number },
): Promise<RangePlan> {
  const [stats] = await db.pool.query<Array<{ n: bigint | number; last: number | null }>>(
    'SELECT COUNT(*) AS n, MAX(id) AS last FROM series WHERE granularity = ? AND active = 1',
    [granularity],
  );
  const total = Number(stats?.n ?? 0);
  const size = rangeSize(total, options.size, options.maxRanges);
  if (total === 0 || stats?.last == null) return { total: 0, size, ranges: [] };
  // Every size-th id in id order: one id per range crosses the connection, not one per series.
  const starts = await db.pool.query<Array<{ id: number }>>(
    `SELECT id FROM (
       SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM series WHERE granularity = ? AND active = 1
     ) numbered WHERE MOD(n - 1, ?) = 0 ORDER BY id`,
    [granularity, size],
  );
  const ids = starts.map((r) => asSeriesId(r.id));
  return {
    total,
    size,
    ranges: rangesFromBoundaries(granularity, ids, asSeriesId(stats.last), { total, size }),
  };
}

/** The ids of the active series in a range, ordered: what a shard's activity works through. */
export async function resolveSeriesRange(db: Db, range: SeriesRange): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ id: number }>>(
    'SELECT id FROM series WHERE granularity = ? AND active = 1 AND id BETWEEN ? AND ? ORDER BY id',
    [range.granularity, range.first, range.last],
  );
  return rows.map((r) => asSeriesId(r.id));
}
