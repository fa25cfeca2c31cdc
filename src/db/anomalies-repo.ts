import type { SeriesId } from '../shared';
import type { Db } from './pool';

/** One flagged point, as the detectAnomalies activity writes it. Times are epoch ms, UTC. */
export interface AnomalyRow {
  readonly seriesId: SeriesId;
  readonly ts: number;
  /** `band95 | changepoint | outlier | extreme | vote` (see src/anomaly). */
  readonly detector: string;
  readonly score: number;
  readonly value: number;
  /** Nominal time of the run (asOf), never the wall clock. */
  readonly detectedAt: number;
}

/** A stored anomaly. */
export type StoredAnomaly = AnomalyRow;

/** Rows per statement, as in the other repositories (multi-row VALUES beat the driver's batch()). */
const ROWS_PER_STATEMENT = 2_000;

/**
 * Stores flagged points. Keyed by (series, detector, ts): a point flagged again keeps its first
 * `detected_at` and takes the newest score and value, so a repeated run adds and changes nothing.
 * Returns the rows newly inserted. Callers pass each key once per call.
 */
export async function upsertAnomalies(db: Db, rows: readonly AnomalyRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    // Counted before the write: the driver reports found rather than changed rows, so the upsert's
    // affected-row count cannot tell a new row from an unchanged one.
    const existing = await countStored(db, chunk);
    await db.pool.query(
      `INSERT INTO anomalies (series_id, ts, detector, score, value, detected_at)
       VALUES ${new Array<string>(chunk.length).fill('(?,?,?,?,?,?)').join(',')}
       ON DUPLICATE KEY UPDATE score = VALUES(score), value = VALUES(value)`,
      chunk.flatMap((r) => [
        r.seriesId,
        new Date(r.ts),
        r.detector,
        r.score,
        r.value,
        new Date(r.detectedAt),
      ]),
    );
    inserted += chunk.length - existing;
  }
  return inserted;
}

/**
 * How many of `rows` (distinct keys) are already stored. One read by the primary key's prefix
 * (series ids, detector, the chunk's time span) matched here: the row-constructor form
 * `(series_id, detector, ts) IN ((…), …)` was planned as a scan whose cost grew with the table
 * (1 s per 1,000 keys on 100,000 stored anomalies), the anomaly step's superlinear part.
 */
async function countStored(db: Db, rows: readonly AnomalyRow[]): Promise<number> {
  const wanted = new Set(rows.map((r) => `${r.seriesId}|${r.detector}|${r.ts}`));
  const ts = rows.map((r) => r.ts);
  const stored = await db.pool.query<Array<[number, string, Date]>>(
    {
      sql: `SELECT series_id, detector, ts FROM anomalies
        WHERE series_id IN (?) AND detector IN (?) AND ts >= ? AND ts <= ?`,
      rowsAsArray: true,
    },
    [
      [...new Set(rows.map((r) => r.seriesId))],
      [...new Set(rows.map((r) => r.detector))],
      new Date(Math.min(...ts)),
      new Date(Math.max(...ts)),
    ],
  );
  return stored.filter(([id, detector, t]) => wanted.has(`${id}|${detector}|${t.getTime()}`)).length;
}

/** Which anomalies `listAnomalies` returns; [from, to) on `ts`, epoch ms. Without a series: all series. */
export interface AnomalyFilter {
  readonly seriesId?: SeriesId;
  readonly detector?: string;
  readonly from?: number;
  readonly to?: number;
  /** At most this many rows, newest first (default 1,000). */
  readonly limit?: number;
  /** Rows skipped first, in the same order: the dashboard pages with it (default 0). */
  readonly offset?: number;
}

interface Stored {
  series_id: number;
  ts: Date;
  detector: string;
  score: number;
  value: number;
  detected_at: Date;
}

function fromRow(r: Stored): StoredAnomaly {
  return {
    seriesId: Number(r.series_id) as SeriesId,
    ts: r.ts.getTime(),
    detector: r.detector,
    score: r.score,
    value: r.value,
    detectedAt: r.detected_at.getTime(),
  };
}

/** Flagged points, newest first, then by series and detector. */
export async function listAnomalies(db: Db, filter: AnomalyFilter): Promise<StoredAnomaly[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (filter.seriesId !== undefined) add('series_id = ?', filter.seriesId);
  if (filter.detector !== undefined) add('detector = ?', filter.detector);
  if (filter.from !== undefined) add('ts >= ?', new Date(filter.from));
  if (filter.to !== undefined) add('ts < ?', new Date(filter.to));
  const limit = filter.limit ?? 1_000;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`anomalies.limit must be an integer ≥ 1, got ${limit}`);
  const offset = filter.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new RangeError(`anomalies.offset must be an integer ≥ 0, got ${offset}`);
  const rows = await db.pool.query<Stored[]>(
    `SELECT series_id, ts, detector, score, value, detected_at FROM anomalies
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ts DESC, series_id, detector LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return rows.map(fromRow);
}
