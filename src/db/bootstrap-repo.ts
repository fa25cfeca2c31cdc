import { asSeriesId, type Granularity, type SeriesId, type TimeRange } from '../shared';
import type { Db } from './pool';

export interface UnchampionedFilter {
  readonly granularity: Granularity;
  /** Only series with at least `minPoints` observations in this window qualify. */
  readonly window: TimeRange;
  readonly minPoints: number;
  readonly horizon: number;
  /** Leave out series with a retrain decision started at or after this time (a recent attempt). */
  readonly notTriedSince?: number;
  /** At most this many ids, lowest first. */
  readonly limit?: number;
}

/**
 * Active series with no champion for (granularity, horizon) but enough data in `window` to train
 * one: what a backfill must bootstrap before its first hour, using only data before that hour. A
 * series served by its cold-start version (global model and naive) counts as without one: once it has the
 * history, its own training competes with that champion.
 */
export async function listUnchampionedSeries(db: Db, filter: UnchampionedFilter): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ id: number }>>(
    `SELECT s.id FROM series s
     JOIN observations o ON o.series_id = s.id AND o.ts >= ? AND o.ts < ?
     LEFT JOIN model_aliases a ON a.series_id = s.id AND a.granularity = s.granularity
       AND a.horizon = ? AND a.alias = 'champion'
     LEFT JOIN model_versions v ON v.id = a.model_version_id
     WHERE s.active = 1 AND s.granularity = ?
       AND (a.series_id IS NULL OR JSON_CONTAINS(v.metadata, 'true', '$.hyperparameters.coldStart') = 1)
       AND NOT EXISTS (SELECT 1 FROM retrain_decisions d WHERE d.series_id = s.id AND d.started_at >= ?)
     GROUP BY s.id HAVING COUNT(*) >= ? ORDER BY s.id LIMIT ?`,
    [
      new Date(filter.window.from),
      new Date(filter.window.to),
      filter.horizon,
      filter.granularity,
      // Without a cooldown, any decision counts as not recent (the year 2100 is never reached).
      new Date(filter.notTriedSince ?? Date.UTC(2100, 0, 1)),
      filter.minPoints,
      filter.limit ?? 1_000_000,
    ],
  );
  return rows.map((r) => asSeriesId(r.id));
}
