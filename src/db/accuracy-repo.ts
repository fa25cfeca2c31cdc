import type { PoolConnection } from 'mariadb';
import { asModelVersionId, asSeriesId, type ModelVersionId, type SeriesId } from '../shared';
import { inTransaction, type Db } from './pool';

/** Rolling windows accuracy is kept for, with their length. */
export const AccuracyWindow = { oneHour: '1h', oneDay: '24h', sevenDays: '7d' } as const;
export type AccuracyWindow = (typeof AccuracyWindow)[keyof typeof AccuracyWindow];
export const ACCURACY_WINDOW_MS: Readonly<Record<AccuracyWindow, number>> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/** The current accuracy of one model version at one horizon step over one window ending at `asOf`. */
export interface AccuracyRow {
  readonly seriesId: SeriesId;
  readonly modelVersionId: ModelVersionId;
  readonly horizonStep: number;
  readonly window: AccuracyWindow;
  readonly asOf: number;
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  /** Percent, over records whose actual is not 0; null when every actual was 0. */
  readonly mape: number | null;
  /** Share of actuals inside the interval, 0..1. */
  readonly coverage80: number;
  readonly coverage95: number;
}

export interface RefreshAccuracyInput {
  /**
   * Nominal time of the refresh, epoch ms. A record falls in a window when its interval closed
   * (`closesAt`, target time + series step) within (asOf − length, asOf]: windowing on the target
   * time itself would leave the 1 h window of an hourly series always empty, its target not yet closed.
   */
  readonly asOf: number;
  readonly seriesIds?: readonly SeriesId[];
}

const METRICS = ['as_of', 'n', 'mae', 'rmse', 'mape', 'coverage80', 'coverage95'];

/**
 * `ON DUPLICATE KEY UPDATE` replacing `columns` of `table` and moving `updated_at` only when a value
 * changed, so a repeated refresh leaves the row byte-identical. Names are qualified because the
 * SELECT feeding the insert may have columns of the same names. Shared by the derived-table repositories.
 */
export function replaceOnDuplicate(table: string, columns: readonly string[]): string {
  const same = columns.map((c) => `${table}.${c} <=> VALUES(${c})`).join(' AND ');
  const assign = columns.map((c) => `${table}.${c} = VALUES(${c})`).join(', ');
  return `ON DUPLICATE KEY UPDATE ${table}.updated_at = IF(${same}, ${table}.updated_at, CURRENT_TIMESTAMP(3)), ${assign}`;
}

/**
 * Recomputes the rolling accuracy of every (series, model version, horizon step) for each window from
 * the reconciled forecast records, one set-based INSERT … SELECT … ON DUPLICATE KEY UPDATE per window,
 * and deletes rows whose window no longer holds any record. One transaction; the same `asOf` twice
 * gives identical rows. A series already refreshed at a later `asOf` is left alone, so a late retry
 * of an old cycle cannot roll its values back.
 */
export async function refreshAccuracy(db: Db, input: RefreshAccuracyInput): Promise<{ rows: number }> {
  return inTransaction(db, (conn) => refreshAccuracyOn(conn, input));
}

/** `refreshAccuracy` on a connection whose transaction the caller owns (tests roll it back to simulate a crash). */
export async function refreshAccuracyOn(
  conn: PoolConnection,
  input: RefreshAccuracyInput,
): Promise<{ rows: number }> {
  if (input.seriesIds?.length === 0) return { rows: 0 };
  const asOf = new Date(input.asOf);
  const scope = input.seriesIds ? ' AND series_id IN (?)' : '';
  const scopeParams = input.seriesIds ? [input.seriesIds] : [];
  for (const [window, ms] of Object.entries(ACCURACY_WINDOW_MS)) {
    await conn.query(
      `INSERT INTO accuracy_aggregates (series_id, model_version_id, horizon_step, window_name, ${METRICS.join(', ')})
       SELECT * FROM (
         SELECT series_id, model_version_id, horizon_step, ? AS window_name, ? AS as_of, COUNT(*) AS n,
           AVG(abs_error) AS mae, SQRT(AVG(sq_error)) AS rmse, 100 * AVG(ape) AS mape,
           AVG(CAST(in80 AS DOUBLE)) AS coverage80, AVG(CAST(in95 AS DOUBLE)) AS coverage95
         FROM forecasts
         WHERE reconcile_status = 'reconciled' AND closes_at > ? AND closes_at <= ?${scope}
         GROUP BY series_id, model_version_id, horizon_step
       ) x
       WHERE NOT EXISTS (SELECT 1 FROM accuracy_aggregates a WHERE a.series_id = x.series_id AND a.as_of > x.as_of)
       ${replaceOnDuplicate('accuracy_aggregates', METRICS)}`,
      [window, asOf, new Date(input.asOf - ms), asOf, ...scopeParams],
    );
  }
  // Rows this refresh did not write (older as_of) describe windows that have emptied since.
  await conn.query(`DELETE FROM accuracy_aggregates WHERE as_of < ?${scope}`, [asOf, ...scopeParams]);
  const counted = await conn.query<Array<{ n: number }>>(
    `SELECT COUNT(*) AS n FROM accuracy_aggregates WHERE as_of = ?${scope}`,
    [asOf, ...scopeParams],
  );
  return { rows: Number(counted[0]?.n ?? 0) };
}

/** Which aggregates `listAccuracy` returns. */
export interface AccuracyFilter {
  readonly seriesIds?: readonly SeriesId[];
  readonly modelVersionId?: ModelVersionId;
  readonly window?: AccuracyWindow;
}

interface AccuracyDbRow {
  series_id: number;
  model_version_id: number;
  horizon_step: number;
  window_name: AccuracyWindow;
  as_of: Date;
  n: number;
  mae: number;
  rmse: number;
  mape: number | null;
  coverage80: number;
  coverage95: number;
}

function fromRow(r: AccuracyDbRow): AccuracyRow {
  return {
    seriesId: asSeriesId(r.series_id),
    modelVersionId: asModelVersionId(r.model_version_id),
    horizonStep: r.horizon_step,
    window: r.window_name,
    asOf: r.as_of.getTime(),
    n: r.n,
    mae: r.mae,
    rmse: r.rmse,
    mape: r.mape,
    coverage80: r.coverage80,
    coverage95: r.coverage95,
  };
}

/** Current aggregates, ordered by series, model version, window and horizon step. */
export async function listAccuracy(db: Db, filter: AccuracyFilter = {}): Promise<AccuracyRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.seriesIds) {
    if (filter.seriesIds.length === 0) return [];
    where.push('series_id IN (?)');
    params.push(filter.seriesIds);
  }
  if (filter.modelVersionId !== undefined) {
    where.push('model_version_id = ?');
    params.push(filter.modelVersionId);
  }
  if (filter.window !== undefined) {
    where.push('window_name = ?');
    params.push(filter.window);
  }
  const rows = await db.pool.query<AccuracyDbRow[]>(
    `SELECT * FROM accuracy_aggregates ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY series_id, model_version_id, window_name, horizon_step`,
    params,
  );
  return rows.map(fromRow);
}
