import type { SeriesId } from '../shared';
import type { Db } from './pool';

/** One anomaly waiting to be mailed, with what the mail shows. */
export interface UnmailedAnomaly {
  readonly seriesId: SeriesId;
  readonly seriesName: string;
  readonly unit: string;
  readonly detector: string;
  readonly ts: number;
  readonly score: number;
  readonly value: number;
}

/**
 * Anomalies of `detector` detected at or before `asOf` and not yet mailed, of series that opted
 * in (`series.anomaly_mail = 1`), oldest first, at most `limit`.
 */
export async function unmailedAnomalies(
  db: Db,
  input: { readonly asOf: number; readonly detector: string; readonly limit: number },
): Promise<UnmailedAnomaly[]> {
  const rows = await db.pool.query<
    Array<{
      series_id: number;
      name: string;
      unit: string;
      detector: string;
      ts: Date;
      score: number;
      value: number;
    }>
  >(
    `SELECT a.series_id, s.name, s.unit, a.detector, a.ts, a.score, a.value
     FROM anomalies a JOIN series s ON s.id = a.series_id
     WHERE a.mailed_at IS NULL AND a.detector = ? AND a.detected_at <= ? AND s.anomaly_mail = 1
     ORDER BY a.ts, a.series_id LIMIT ?`,
    [input.detector, new Date(input.asOf), input.limit],
  );
  return rows.map((r) => ({
    seriesId: Number(r.series_id) as SeriesId,
    seriesName: r.name,
    unit: r.unit,
    detector: r.detector,
    ts: r.ts.getTime(),
    score: r.score,
    value: r.value,
  }));
}

/** Marks anomalies mailed by the delivery of nominal time `asOf` (already marked ones keep theirs). */
export async function markAnomaliesMailed(
  db: Db,
  keys: readonly Pick<UnmailedAnomaly, 'seriesId' | 'detector' | 'ts'>[],
  asOf: number,
): Promise<void> {
  if (keys.length === 0) return;
  await db.pool.query(
    `UPDATE anomalies SET mailed_at = ?
     WHERE mailed_at IS NULL AND (series_id, detector, ts) IN (${new Array<string>(keys.length).fill('(?,?,?)').join(',')})`,
    [new Date(asOf), ...keys.flatMap((k) => [k.seriesId, k.detector, new Date(k.ts)])],
  );
}

/** Turns anomaly mail on or off for one series; false when the series does not exist. */
export async function setAnomalyMail(db: Db, seriesId: SeriesId, enabled: boolean): Promise<boolean> {
  const result = await db.pool.query<{ affectedRows: number }>(
    'UPDATE series SET anomaly_mail = ? WHERE id = ?',
    [enabled ? 1 : 0, seriesId],
  );
  if (result.affectedRows > 0) return true;
  const [found] = await db.pool.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM series WHERE id = ?', [
    seriesId,
  ]);
  return Number(found?.n ?? 0) > 0;
}

/** Whether a series mails its anomalies. */
export async function anomalyMailOf(db: Db, seriesId: SeriesId): Promise<boolean | undefined> {
  const [row] = await db.pool.query<Array<{ anomaly_mail: number }>>(
    'SELECT anomaly_mail FROM series WHERE id = ?',
    [seriesId],
  );
  return row === undefined ? undefined : Number(row.anomaly_mail) === 1;
}
