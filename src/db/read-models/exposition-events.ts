/**
 * Reads for the Prometheus exposition: rolling accuracy of each served champion, open alerts and
 * the newest anomaly per detector. Bounded by the series ids given; absent tables read as empty.
 */
import { asSeriesId, type SeriesId } from '../../shared';
import { unlessTableMissing } from './dashboard-query';
import type { Db } from '../pool';

/** A champion's accuracy over one window, all horizon steps pooled (weighted by their records). */
export interface ExposedAccuracy {
  readonly seriesId: SeriesId;
  readonly window: '1h' | '24h' | '7d';
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  readonly coverage80: number;
  readonly coverage95: number;
}

export interface ExposedAlert {
  readonly seriesId: SeriesId;
  readonly limitId: number;
  readonly source: 'forecast' | 'actual';
  readonly leadMinutes: number | null;
}

export interface ExposedAnomaly {
  readonly seriesId: SeriesId;
  readonly detector: string;
  readonly ts: number;
  readonly score: number;
}

/**
 * Rolling accuracy of the champion each series is served by (the dashboard status row's version):
 * MAE and coverage are record-weighted means over horizon steps, RMSE the root of the weighted mean square.
 */
export async function listChampionAccuracy(db: Db, ids: readonly SeriesId[]): Promise<ExposedAccuracy[]> {
  if (ids.length === 0) return [];
  const rows = await db.pool.query<
    Array<
      { series_id: number; window_name: ExposedAccuracy['window']; n: number | string } & Record<
        string,
        number
      >
    >
  >(
    `SELECT a.series_id, a.window_name, SUM(a.n) AS n,
            SUM(a.n * a.mae) / SUM(a.n) AS mae,
            SQRT(SUM(a.n * a.rmse * a.rmse) / SUM(a.n)) AS rmse,
            SUM(a.n * a.coverage80) / SUM(a.n) AS coverage80,
            SUM(a.n * a.coverage95) / SUM(a.n) AS coverage95
     FROM accuracy_aggregates a
     JOIN dashboard_series_status d
       ON d.series_id = a.series_id AND d.champion_model_version_id = a.model_version_id
     WHERE a.series_id IN (?) AND a.n > 0
     GROUP BY a.series_id, a.window_name ORDER BY a.series_id, a.window_name`,
    [ids],
  );
  return rows.map((r) => ({
    seriesId: asSeriesId(r.series_id),
    window: r.window_name,
    n: Number(r.n),
    ...{ mae: Number(r.mae), rmse: Number(r.rmse) },
    ...{ coverage80: Number(r.coverage80), coverage95: Number(r.coverage95) },
  }));
}

/** Open alerts of the series (one per series, limit and source at most). */
export async function listOpenAlertsOf(db: Db, ids: readonly SeriesId[]): Promise<ExposedAlert[]> {
  if (ids.length === 0) return [];
  const rows = await unlessTableMissing(
    () =>
      db.pool.query<
        Array<{
          series_id: number;
          limit_id: number;
          source: ExposedAlert['source'];
          lead_minutes: number | null;
        }>
      >(
        `SELECT series_id, limit_id, source, lead_minutes FROM alerts
         WHERE state = 'open' AND series_id IN (?) ORDER BY series_id, limit_id, source`,
        [ids],
      ),
    [],
  );
  return rows.map((r) => ({
    seriesId: asSeriesId(r.series_id),
    limitId: Number(r.limit_id),
    source: r.source,
    leadMinutes: r.lead_minutes === null ? null : Number(r.lead_minutes),
  }));
}

/** The newest anomaly of each (series, detector): its time and score. */
export async function listNewestAnomalies(db: Db, ids: readonly SeriesId[]): Promise<ExposedAnomaly[]> {
  if (ids.length === 0) return [];
  const rows = await unlessTableMissing(
    () =>
      db.pool.query<Array<{ series_id: number; detector: string; ts: Date; score: number }>>(
        `SELECT x.series_id, x.detector, x.ts, x.score FROM anomalies x
         JOIN (SELECT series_id, detector, MAX(ts) AS ts FROM anomalies
               WHERE series_id IN (?) GROUP BY series_id, detector) m
           ON m.series_id = x.series_id AND m.detector = x.detector AND m.ts = x.ts
         ORDER BY x.series_id, x.detector`,
        [ids],
      ),
    [],
  );
  return rows.map((r) => ({
    seriesId: asSeriesId(r.series_id),
    detector: r.detector,
    ts: r.ts.getTime(),
    score: r.score,
  }));
}
