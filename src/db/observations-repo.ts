import type { SeriesId, TimeRange } from '../shared';
import type { Db } from './pool';

/** One stored observation; hourly rows also carry the max and the 5-minute sample count. */
export interface ObservationRow {
  readonly seriesId: SeriesId;
  readonly t: number;
  readonly value: number;
  readonly max?: number;
  readonly count?: number;
}

/** Rows per round trip: large enough to amortise latency, small enough for max_allowed_packet. */
const BATCH_ROWS = 5_000;

/**
 * Upserts observations in batches. A changed value bumps `revision` (assignments run left to
 * right in MariaDB, so `revision` is computed before `value` is overwritten); an unchanged value
 * leaves the row exactly as it was, so ingesting the same range twice changes nothing.
 */
export async function upsertObservations(db: Db, rows: readonly ObservationRow[]): Promise<number> {
  const sql = `INSERT INTO observations (series_id, ts, value, value_max, sample_count) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE
       revision = revision + IF(value <=> VALUES(value) AND value_max <=> VALUES(value_max) AND sample_count <=> VALUES(sample_count), 0, 1),
       updated_at = IF(value <=> VALUES(value) AND value_max <=> VALUES(value_max) AND sample_count <=> VALUES(sample_count), updated_at, CURRENT_TIMESTAMP(3)),
       value = VALUES(value), value_max = VALUES(value_max), sample_count = VALUES(sample_count)`;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS).map((r) => [r.seriesId, new Date(r.t), r.value, r.max ?? null, r.count ?? null]);
    await db.pool.batch(sql, batch);
  }
  return rows.length;
}

export interface StoredObservation {
  readonly t: number;
  readonly value: number;
  readonly max: number | null;
  readonly count: number | null;
  readonly revision: number;
}

/** Reads a series' observations in [from, to), oldest first. */
export async function readObservations(db: Db, seriesId: SeriesId, range: TimeRange): Promise<StoredObservation[]> {
  const rows = (await db.pool.query(
    'SELECT ts, value, value_max, sample_count, revision FROM observations WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
    [seriesId, new Date(range.from), new Date(range.to)],
  )) as Array<{ ts: Date; value: number; value_max: number | null; sample_count: number | null; revision: number }>;
  return rows.map((r) => ({ t: r.ts.getTime(), value: r.value, max: r.value_max, count: r.sample_count, revision: r.revision }));
}

export interface GranularityCounts {
  readonly granularity: string;
  readonly series: number;
  readonly points: number;
  readonly first: number | null;
  readonly last: number | null;
}

/** Series and points per granularity, for `metricast status`. */
export async function countByGranularity(db: Db): Promise<GranularityCounts[]> {
  const rows = (await db.pool.query(
    `SELECT s.granularity, COUNT(DISTINCT s.id) AS series, COUNT(o.series_id) AS points, MIN(o.ts) AS first, MAX(o.ts) AS last
     FROM series s LEFT JOIN observations o ON o.series_id = s.id GROUP BY s.granularity ORDER BY s.granularity`,
  )) as Array<{ granularity: string; series: number; points: number; first: Date | null; last: Date | null }>;
  return rows.map((r) => ({
    granularity: r.granularity,
    series: Number(r.series),
    points: Number(r.points),
    first: r.first?.getTime() ?? null,
    last: r.last?.getTime() ?? null,
  }));
}
