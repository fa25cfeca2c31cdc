/**
 * Cold start's reads: the young series that need a first champion from the global model, and the
 * series that model learns from (the newest active series of the granularity).
 */
import { asSeriesId, type Granularity, type SeriesId, type TimeRange } from '../shared';
import type { Db } from './pool';

/** What {@link peerSeriesIds} reads. */
export interface PeerSeriesInput {
  readonly granularity: Granularity;
  /** The series being started, left out; none when absent (the global model's own training). */
  readonly exclude?: SeriesId;
  readonly limit: number;
}

/** Ids of up to `limit` active series of the granularity, newest first. */
export async function peerSeriesIds(db: Db, input: PeerSeriesInput): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ id: number }>>(
    'SELECT id FROM series WHERE granularity = ? AND active = 1 AND id <> ? ORDER BY id DESC LIMIT ?',
    [input.granularity, input.exclude ?? 0, input.limit],
  );
  return rows.map((r) => asSeriesId(Number(r.id)));
}

export interface ColdSeriesFilter {
  readonly granularity: Granularity;
  readonly horizon: number;
  /** Observations counted in this window (it ends at the cycle's hour). */
  readonly window: TimeRange;
  /** At least this many points (a day gives the global model its full context)… */
  readonly minPoints: number;
  /** …and fewer than this (from here per-series training takes over). */
  readonly maxPoints: number;
  /** Leave out series with a global-model run for data up to this time or later (a recent attempt). */
  readonly notTriedSince: number;
  readonly limit: number;
}

/** Active series without a champion that have a little history but too little to train per series. */
export async function listColdSeries(db: Db, filter: ColdSeriesFilter): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ id: number }>>(
    `SELECT s.id FROM series s
     JOIN observations o ON o.series_id = s.id AND o.ts >= ? AND o.ts < ?
     LEFT JOIN model_aliases a ON a.series_id = s.id AND a.granularity = s.granularity
       AND a.horizon = ? AND a.alias = 'champion'
     WHERE s.active = 1 AND s.granularity = ? AND a.series_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM training_runs r
         WHERE r.series_id = s.id AND r.kind = 'global' AND r.data_to >= ?)
     GROUP BY s.id HAVING COUNT(*) >= ? AND COUNT(*) < ? ORDER BY s.id LIMIT ?`,
    [
      new Date(filter.window.from),
      new Date(filter.window.to),
      filter.horizon,
      filter.granularity,
      new Date(filter.notTriedSince),
      filter.minPoints,
      filter.maxPoints,
      filter.limit,
    ],
  );
  return rows.map((r) => asSeriesId(Number(r.id)));
}
