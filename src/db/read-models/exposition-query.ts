/**
 * Reads for the Prometheus exposition (`GET /metrics`): the exposed series, their served forecasts
 * and the forecast for the current time. Every read is bounded by the series ids it is given.
 */
import { asSeriesId, type ForecastBands, type Granularity, type SeriesId } from '../../shared';
import type { Db } from '../pool';

/** An exposed series: its identity labels and what it last reported. */
export interface ExposedSeries {
  readonly id: SeriesId;
  readonly namespace: string;
  readonly metric: string;
  readonly host: string;
  readonly granularity: Granularity;
  readonly source: string;
  readonly unit: string;
  readonly stepMs: number;
  readonly lastValue: number | null;
  readonly lastObservationAt: number | null;
  readonly championKind: string | null;
  readonly championVersionId: number | null;
  readonly lastIssuedAt: number | null;
}

/** One horizon step of a forecast with its bands. */
export interface ExposedForecast extends ForecastBands {
  readonly seriesId: SeriesId;
  readonly horizonStep: number;
  readonly issuedAt: number;
  readonly targetAt: number;
}

interface StatusRow {
  id: number;
  namespace: string;
  metric: string;
  host: string;
  granularity: Granularity;
  source: string;
  unit: string;
  step_seconds: number;
  last_value: number | null;
  last_observation_at: Date | null;
  champion_model_kind: string | null;
  champion_model_version_id: number | null;
  last_issued_at: Date | null;
}

/**
 * The first `limit` active series of the dashboard status table (refreshed by every cycle), by id,
 * and how many active series there are in all (the rest are not exposed: cardinality is bounded).
 */
export async function listExposedSeries(
  db: Db,
  limit: number,
): Promise<{ series: ExposedSeries[]; total: number }> {
  const rows = await db.pool.query<StatusRow[]>(
    `SELECT s.id, s.namespace, s.metric, s.host, s.granularity, s.source, s.unit, s.step_seconds,
            d.last_value, d.last_observation_at, d.champion_model_kind, d.champion_model_version_id,
            d.last_issued_at
     FROM dashboard_series_status d JOIN series s ON s.id = d.series_id
     WHERE s.active = 1 ORDER BY s.id LIMIT ?`,
    [limit],
  );
  const [count] = await db.pool.query<Array<{ n: number | bigint }>>(
    `SELECT COUNT(*) AS n FROM dashboard_series_status d JOIN series s ON s.id = d.series_id WHERE s.active = 1`,
  );
  const series = rows.map((r) => ({
    id: asSeriesId(r.id),
    ...{ namespace: r.namespace, metric: r.metric, host: r.host, granularity: r.granularity },
    ...{ source: r.source, unit: r.unit, stepMs: Number(r.step_seconds) * 1000 },
    lastValue: r.last_value,
    lastObservationAt: r.last_observation_at?.getTime() ?? null,
    championKind: r.champion_model_kind,
    championVersionId: r.champion_model_version_id === null ? null : Number(r.champion_model_version_id),
    lastIssuedAt: r.last_issued_at?.getTime() ?? null,
  }));
  return { series, total: Number(count?.n ?? 0) };
}

interface ForecastRow {
  series_id: number;
  horizon_step: number;
  issued_at: Date;
  target_at: Date;
  point: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

const fromForecastRow = (r: ForecastRow): ExposedForecast => ({
  seriesId: asSeriesId(r.series_id),
  horizonStep: Number(r.horizon_step),
  issuedAt: r.issued_at.getTime(),
  targetAt: r.target_at.getTime(),
  ...{ point: r.point, lower80: r.lower80, upper80: r.upper80, lower95: r.lower95, upper95: r.upper95 },
});

/** The served forecast of each series: its newest champion issue, every horizon step (dashboard table). */
export async function listServedForecasts(db: Db, ids: readonly SeriesId[]): Promise<ExposedForecast[]> {
  if (ids.length === 0) return [];
  const rows = await db.pool.query<ForecastRow[]>(
    `SELECT series_id, horizon_step, issued_at, target_at, point, lower80, upper80, lower95, upper95
     FROM dashboard_latest_forecast WHERE series_id IN (?) ORDER BY series_id, horizon_step`,
    [ids],
  );
  return rows.map(fromForecastRow);
}

const HOUR_MS = 3_600_000;

/**
 * The champion forecast for the interval holding `now`, per series: of the records whose target
 * interval [target, target + step) contains `now`, the newest issue. Series without one are absent.
 */
export async function listCurrentForecasts(
  db: Db,
  series: readonly Pick<ExposedSeries, 'id' | 'stepMs'>[],
  now: number,
): Promise<ExposedForecast[]> {
  if (series.length === 0) return [];
  const stepOf = new Map(series.map((s) => [s.id, s.stepMs]));
  // Every step is at most an hour, so targets from (now - 1 h, now] cover them all (and prune partitions).
  const rows = await db.pool.query<ForecastRow[]>(
    `SELECT series_id, horizon_step, issued_at, target_at, point, lower80, upper80, lower95, upper95
     FROM forecasts
     WHERE series_id IN (?) AND role = 'champion' AND target_at > ? AND target_at <= ?
     ORDER BY series_id, issued_at DESC`,
    [series.map((s) => s.id), new Date(now - HOUR_MS), new Date(now)],
  );
  const newest = new Map<SeriesId, ExposedForecast>();
  for (const f of rows.map(fromForecastRow)) {
    const step = stepOf.get(f.seriesId) ?? HOUR_MS;
    if (f.targetAt + step > now && !newest.has(f.seriesId)) newest.set(f.seriesId, f);
  }
  return [...newest.values()];
}
