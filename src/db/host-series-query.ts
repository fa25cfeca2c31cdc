/**
 * Covariates' reads: a series' host siblings (the same normalised host, e.g. the CloudWatch
 * `InstanceId` dimension or Prometheus `instance`, at the same granularity) and their history.
 * A series without a host (`''`) has no siblings.
 */
import { asSeriesId, type SeriesId, type TimeRange } from '../shared';
import type { StoredObservation } from './observations-repo';
import type { Db } from './pool';
import { readRecentObservations } from './shard-reads';

/** A sibling series and its observations in the range read, oldest first. */
export interface HostSeries {
  readonly seriesId: SeriesId;
  readonly points: readonly StoredObservation[];
}

/** Ids of up to `limit` other active series of `seriesId`'s host and granularity, oldest first. */
export async function hostSiblingIds(db: Db, seriesId: SeriesId, limit: number): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ id: number }>>(
    `SELECT o.id FROM series s JOIN series o
       ON o.host = s.host AND o.granularity = s.granularity AND o.id <> s.id AND o.active = 1
     WHERE s.id = ? AND s.host <> '' ORDER BY o.id LIMIT ?`,
    [seriesId, limit],
  );
  return rows.map((r) => asSeriesId(Number(r.id)));
}

/** Up to `limit` host siblings of `seriesId` with their observations in `range` (two statements). */
export async function readHostSeries(
  db: Db,
  seriesId: SeriesId,
  range: TimeRange,
  limit: number,
): Promise<HostSeries[]> {
  const ids = await hostSiblingIds(db, seriesId, limit);
  const history = await readRecentObservations(db, ids, range);
  return ids.map((id) => ({ seriesId: id, points: history.get(id) ?? [] }));
}
