import type { PoolConnection } from 'mariadb';
import type { ForecastBands, Granularity, ModelVersionId, SeriesId } from '../../shared';
import { replaceOnDuplicate } from '../accuracy-repo';
import {
  forecastsOf,
  latestChampionSql,
  newestObservationsSql,
  newestScope,
  type NewestScope,
} from '../newest-rows';
import { inTransaction, type Db } from '../pool';

/** A series' health on the dashboard, decided from `asOf` alone. */
export const SeriesStatus = {
  ok: 'ok',
  noData: 'no_data',
  staleData: 'stale_data',
  staleForecast: 'stale_forecast',
} as const;
export type SeriesStatus = (typeof SeriesStatus)[keyof typeof SeriesStatus];

/** Data older than this many steps of the series counts as stale. */
const STALE_DATA_STEPS = 3;
/** The cycle is hourly; a champion forecast older than two cycles counts as stale. */
const STALE_FORECAST_MS = 2 * 3_600_000;

export interface RefreshDashboardInput {
  /** Nominal time of the refresh, epoch ms. */
  readonly asOf: number;
  readonly seriesIds?: readonly SeriesId[];
}

/** Named parameters of the refresh statements (the floors: see `newest-rows.ts`). */
interface Params extends Readonly<NewestScope['params']> {
  readonly asOf: Date;
  readonly staleForecast: Date;
  readonly ids?: readonly SeriesId[];
}

/** A refresh: its parameters and where it looks for the newest rows first. */
interface Refresh {
  readonly p: Params;
  readonly newest: NewestScope;
}

/** ` AND <column> IN (:ids)` when the refresh is scoped to some series, else nothing. */
const scope = (p: Params, column: string): string => (p.ids ? ` AND ${column} IN (:ids)` : '');

/** The series a refresh rebuilds, as a condition on `series se`. */
const IN_SCOPE = (p: Params): string => `se.active = 1${scope(p, 'se.id')}`;

/** Newest champion issue of each series in scope: at or after the floor (`recent`), or older. */
const LATEST_CHAMPION = ({ p, newest }: Refresh, recent: boolean): string =>
  latestChampionSql(IN_SCOPE(p), newest, recent, p.ids !== undefined);

/**
 * Prefix of both refresh statements. Each derived table is materialised once: with the optimizer's
 * default `split_materialized=on`, MariaDB may plan the newest-champion table as a LATERAL DERIVED
 * table re-run once per series (O(series²); bench:soak caught a refresh of 1,000 series running for
 * minutes instead of half a second, depending on the table statistics of the moment), and a merged
 * derived table would re-run its per-series lookups at every reference to their columns.
 */
const MATERIALIZE_ONCE = "SET STATEMENT optimizer_switch='split_materialized=off,derived_merge=off' FOR ";

const FORECAST_COLUMNS =
  'series_name issued_at target_at point lower80 upper80 lower95 upper95 model_version_id model_kind as_of'.split(
    ' ',
  );

const STATUS_COLUMNS = `series_name granularity last_observation_at last_value champion_model_version_id
  champion_model_kind last_issued_at n_24h mae_24h coverage80_24h coverage95_24h status as_of`.split(/\s+/);

/**
 * Rebuilds the dashboard rows of the series in scope: their newest champion forecast, step by step,
 * and their status line. Upserts what applies at `asOf` and deletes the rest of the scope (steps a
 * shorter newer forecast no longer has, series no longer active). One transaction; idempotent; a
 * series already refreshed at a later `asOf` is left alone, so a late retry cannot roll it back.
 * Reads `accuracy_aggregates`, so run it after `refreshAccuracy`. The newest rows are looked for in
 * the partitions of the last `NEWEST_LOOKBACK_MS` first, so the cost stays flat as partitions pile up.
 */
export async function refreshDashboard(db: Db, input: RefreshDashboardInput): Promise<void> {
  if (input.seriesIds?.length === 0) return;
  await inTransaction(db, async (conn) => {
    const newest = await newestScope(conn, input.asOf);
    const p: Params = {
      ...newest.params,
      asOf: new Date(input.asOf),
      staleForecast: new Date(input.asOf - STALE_FORECAST_MS),
      ...(input.seriesIds ? { ids: input.seriesIds } : {}),
    };
    await refreshLatestForecast(conn, { p, newest });
    await refreshSeriesStatus(conn, { p, newest });
    for (const table of ['dashboard_latest_forecast', 'dashboard_series_status']) {
      await named(conn, `DELETE FROM ${table} WHERE as_of < :asOf${scope(p, 'series_id')}`, p);
    }
  });
}

async function named(conn: PoolConnection, sql: string, p: Params): Promise<void> {
  await conn.query({ sql, namedPlaceholders: true }, p);
}

/** The records of the newest champion forecasts, `recent` or older (see `latestChampionSql`). */
const CHAMPION_RECORDS = (r: Refresh, recent: boolean): string => `
  SELECT f.series_id, f.horizon_step, se.name AS series_name, f.issued_at, f.target_at, f.point,
    f.lower80, f.upper80, f.lower95, f.upper95, f.model_version_id, f.model_kind, :asOf AS as_of
  FROM (${LATEST_CHAMPION(r, recent)}) lc
  JOIN ${forecastsOf(r.newest, recent)} ON f.series_id = lc.series_id
    AND f.model_version_id = lc.model_version_id AND f.issued_at = lc.issued_at
  JOIN series se ON se.id = f.series_id`;

async function refreshLatestForecast(conn: PoolConnection, r: Refresh): Promise<void> {
  await named(
    conn,
    `${MATERIALIZE_ONCE}INSERT INTO dashboard_latest_forecast (series_id, horizon_step, ${FORECAST_COLUMNS.join(', ')})
     SELECT * FROM (${CHAMPION_RECORDS(r, true)} UNION ALL ${CHAMPION_RECORDS(r, false)}) x
     WHERE NOT EXISTS (SELECT 1 FROM dashboard_latest_forecast d WHERE d.series_id = x.series_id AND d.as_of > x.as_of)
     ${replaceOnDuplicate('dashboard_latest_forecast', FORECAST_COLUMNS)}`,
    r.p,
  );
}

/** 24 h accuracy of the champion, pooled over horizon steps (weighted by each step's count). */
const CHAMPION_24H = (p: Params): string => `
  SELECT series_id, model_version_id, SUM(n) AS n, SUM(n * mae) / SUM(n) AS mae,
    SUM(n * coverage80) / SUM(n) AS coverage80, SUM(n * coverage95) / SUM(n) AS coverage95
  FROM accuracy_aggregates WHERE window_name = '24h'${scope(p, 'accuracy_aggregates.series_id')}
  GROUP BY series_id, model_version_id`;

/** The model kind of the champion issue `lc`, read from the partitions its records can lie in. */
const CHAMPION_KIND = (newest: NewestScope): string => {
  const kind = (recent: boolean): string => `(SELECT f.model_kind FROM ${forecastsOf(newest, recent)}
    WHERE f.series_id = lc.series_id AND f.model_version_id = lc.model_version_id AND f.issued_at = lc.issued_at LIMIT 1)`;
  return `CASE WHEN lc.issued_at >= :fcFloor THEN ${kind(true)} WHEN lc.issued_at IS NOT NULL THEN ${kind(false)} END`;
};

/**
 * Per active series: its last observation at or before `asOf`, its newest champion forecast and that
 * version's 24 h accuracy, and a status from data and forecast freshness.
 */
const STATUS_SELECT = (r: Refresh): string => `
  SELECT se.id AS series_id, se.name AS series_name, se.granularity, lo.ts AS last_observation_at,
    o.value AS last_value, lc.model_version_id AS champion_model_version_id,
    ${CHAMPION_KIND(r.newest)} AS champion_model_kind,
    lc.issued_at AS last_issued_at, acc.n AS n_24h, acc.mae AS mae_24h,
    acc.coverage80 AS coverage80_24h, acc.coverage95 AS coverage95_24h,
    CASE WHEN lo.ts IS NULL THEN 'no_data'
         WHEN lo.ts < :asOf - INTERVAL ${STALE_DATA_STEPS} * se.step_seconds SECOND THEN 'stale_data'
         WHEN lc.issued_at IS NULL OR lc.issued_at < :staleForecast THEN 'stale_forecast'
         ELSE 'ok' END AS status,
    :asOf AS as_of
  FROM series se
  LEFT JOIN (${newestObservationsSql(IN_SCOPE(r.p), r.p.ids !== undefined)}) lo ON lo.series_id = se.id
  LEFT JOIN observations o ON o.series_id = lo.series_id AND o.ts = lo.ts
  LEFT JOIN (${LATEST_CHAMPION(r, true)} UNION ALL ${LATEST_CHAMPION(r, false)}) lc ON lc.series_id = se.id
  LEFT JOIN (${CHAMPION_24H(r.p)}) acc ON acc.series_id = lc.series_id AND acc.model_version_id = lc.model_version_id
  WHERE ${IN_SCOPE(r.p)}`;

async function refreshSeriesStatus(conn: PoolConnection, r: Refresh): Promise<void> {
  await named(
    conn,
    `${MATERIALIZE_ONCE}INSERT INTO dashboard_series_status (series_id, ${STATUS_COLUMNS.join(', ')})
     SELECT * FROM (${STATUS_SELECT(r)}) x
     WHERE NOT EXISTS (SELECT 1 FROM dashboard_series_status d WHERE d.series_id = x.series_id AND d.as_of > x.as_of)
     ${replaceOnDuplicate('dashboard_series_status', STATUS_COLUMNS)}`,
    r.p,
  );
}

/** One horizon step of a series' newest champion forecast, as the dashboard shows it. */
export interface DashboardForecastRow extends ForecastBands {
  readonly seriesId: SeriesId;
  readonly seriesName: string;
  readonly horizonStep: number;
  readonly issuedAt: number;
  readonly targetAt: number;
  readonly modelVersionId: ModelVersionId;
  readonly modelKind: string;
  readonly asOf: number;
}

/** A series' status line on the dashboard. */
export interface DashboardStatusRow {
  readonly seriesId: SeriesId;
  readonly seriesName: string;
  readonly granularity: Granularity;
  readonly lastObservationAt: number | null;
  readonly lastValue: number | null;
  readonly championModelVersionId: ModelVersionId | null;
  readonly championModelKind: string | null;
  readonly lastIssuedAt: number | null;
  readonly n24h: number | null;
  readonly mae24h: number | null;
  readonly coverage80_24h: number | null;
  readonly coverage95_24h: number | null;
  readonly status: SeriesStatus;
  readonly asOf: number;
}

/** A row as the driver returns it: the same fields, with DATETIMEs still as `Date`s. */
type Stored<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? Date | null : Date };
const ms = (d: Date | null): number | null => d?.getTime() ?? null;
const scopeOf = (ids?: readonly SeriesId[]): [string, unknown[]] =>
  ids ? ['WHERE series_id IN (?)', [ids]] : ['', []];

/** The dashboard's forecast rows, by series and step. */
export async function listDashboardForecasts(
  db: Db,
  seriesIds?: readonly SeriesId[],
): Promise<DashboardForecastRow[]> {
  if (seriesIds?.length === 0) return [];
  const [where, params] = scopeOf(seriesIds);
  const rows = await db.pool.query<Array<Stored<DashboardForecastRow, 'issuedAt' | 'targetAt' | 'asOf'>>>(
    `SELECT series_id AS seriesId, series_name AS seriesName, horizon_step AS horizonStep, issued_at AS issuedAt,
       target_at AS targetAt, point, lower80, upper80, lower95, upper95, model_version_id AS modelVersionId,
       model_kind AS modelKind, as_of AS asOf
     FROM dashboard_latest_forecast ${where} ORDER BY series_id, horizon_step`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    issuedAt: r.issuedAt.getTime(),
    targetAt: r.targetAt.getTime(),
    asOf: r.asOf.getTime(),
  }));
}

/** The dashboard's status lines, by series. */
export async function listDashboardStatus(
  db: Db,
  seriesIds?: readonly SeriesId[],
): Promise<DashboardStatusRow[]> {
  if (seriesIds?.length === 0) return [];
  const [where, params] = scopeOf(seriesIds);
  const rows = await db.pool.query<
    Array<Stored<DashboardStatusRow, 'lastObservationAt' | 'lastIssuedAt' | 'asOf'>>
  >(
    `SELECT series_id AS seriesId, series_name AS seriesName, granularity, last_observation_at AS lastObservationAt,
       last_value AS lastValue, champion_model_version_id AS championModelVersionId,
       champion_model_kind AS championModelKind, last_issued_at AS lastIssuedAt, n_24h AS n24h, mae_24h AS mae24h,
       coverage80_24h, coverage95_24h, status, as_of AS asOf
     FROM dashboard_series_status ${where} ORDER BY series_id`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    lastObservationAt: ms(r.lastObservationAt),
    lastIssuedAt: ms(r.lastIssuedAt),
    asOf: r.asOf.getTime(),
  }));
}
