import { asSeriesId, type SeriesId } from '../../shared';
import type { Db } from '../pool';

/** MariaDB's ER_NO_SUCH_TABLE. */
const NO_SUCH_TABLE = 1146;

/**
 * `read()`, or `empty` when the table it reads does not exist. Tables of later migrations (alerts,
 * anomalies) may be absent from a database migrated by an older release; the dashboard then shows
 * "none" rather than failing the whole page. Any other error is thrown as it is.
 */
export async function unlessTableMissing<T>(read: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as { errno?: unknown }).errno === NO_SUCH_TABLE) return empty;
    throw error;
  }
}

/** Open alerts per series; empty when the alerts table does not exist yet. */
export async function countOpenAlerts(db: Db): Promise<Map<SeriesId, number>> {
  const rows = await unlessTableMissing(
    () =>
      db.pool.query<Array<{ seriesId: number; n: number }>>(
        `SELECT series_id AS seriesId, COUNT(*) AS n FROM alerts WHERE state = 'open' GROUP BY series_id`,
      ),
    [],
  );
  return new Map(rows.map((r) => [asSeriesId(r.seriesId), Number(r.n)]));
}

/**
 * The actuals champion forecasts were scored against, one per target time from `from` on: which
 * targets were predicted and reconciled, and the value each was reconciled with.
 */
export async function listReconciledActuals(
  db: Db,
  seriesId: SeriesId,
  from: number,
): Promise<Array<{ t: number; v: number }>> {
  const rows = await db.pool.query<Array<{ t: Date; v: number }>>(
    `SELECT target_at AS t, MAX(actual) AS v FROM forecasts
     WHERE series_id = ? AND target_at >= ? AND role = 'champion' AND reconcile_status = 'reconciled'
     GROUP BY target_at ORDER BY target_at`,
    [seriesId, new Date(from)],
  );
  return rows.map((r) => ({ t: r.t.getTime(), v: r.v }));
}

/** The newest observation time of a series, or null when it has none. */
export async function newestObservationAt(db: Db, seriesId: SeriesId): Promise<number | null> {
  const [row] = await db.pool.query<Array<{ ts: Date | null }>>(
    'SELECT MAX(ts) AS ts FROM observations WHERE series_id = ?',
    [seriesId],
  );
  return row?.ts?.getTime() ?? null;
}

/** How many anomalies a series has; 0 when the anomalies table does not exist (before 007). */
export async function countSeriesAnomalies(db: Db, seriesId: SeriesId): Promise<number> {
  const [row] = await unlessTableMissing(
    () =>
      db.pool.query<Array<{ n: bigint | number }>>(
        'SELECT COUNT(*) AS n FROM anomalies WHERE series_id = ?',
        [seriesId],
      ),
    [],
  );
  return Number(row?.n ?? 0);
}
