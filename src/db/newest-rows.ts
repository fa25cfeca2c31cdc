/**
 * SQL pieces that find the newest rows of each series in the time-partitioned tables (008) at a cost
 * that does not grow with the number of partitions. Partitions have their own indexes and MariaDB
 * prunes on constants only, never per joined row: a per-series newest-row lookup dives into every
 * partition, and the dashboard's grouped MAX joined back to `forecasts` lost its plan altogether
 * (100 series × 42 days, one partition → weekly partitions: refresh 8.6k → 2.4M rows read).
 *
 * So the newest rows are first looked for from a *floor*: the start of the partition holding the time
 * `NEWEST_LOOKBACK_MS` back. `observations` is partitioned by `ts`, so `ts >= :obsFloor` prunes
 * directly. `forecasts` is partitioned by `target_at` but searched by `issued_at`, and a condition on
 * `target_at` would cost the loose index scan, so its partitions from the floor on are named
 * explicitly (`PARTITION (…)`). Grouped MAXes then seek each series' range by loose index scan: a
 * descending scan per series would step through every row after `:asOf` first, as in a backfill whose
 * data is already in. A series with nothing since the floor falls back to a lookup over every
 * partition: the same answer, paid for in full only by series that went quiet.
 *
 * Fragments use named placeholders (`namedPlaceholders: true`): `:asOf` (inclusive upper bound, where
 * there is one), `:ids` (when scoped) and the floors `:obsFloor` and `:fcFloor`.
 */
import type * as mariadb from 'mariadb';
import type { Db } from './pool';
import { parseBound } from './retention-plan';

/**
 * How far back the bounded lookups must reach. A day covers every freshness rule of the dashboard
 * (three steps of an hourly series, two hourly cycles for a forecast) with room for late ingestion,
 * so a healthy series never takes the fallback, yet with daily partitions it keeps two of them.
 * Any value is correct; it only moves cost between the bounded lookup and the fallback.
 */
export const NEWEST_LOOKBACK_MS = 24 * 3_600_000;

/** MariaDB's smallest DATETIME: the floor of a table that has one partition. */
const NO_FLOOR = new Date(Date.UTC(1000, 0, 1));

interface PartitionRow {
  readonly table: string;
  readonly name: string | null;
  readonly description: string | null;
}

async function partitionRows(q: Db['pool'] | mariadb.Connection): Promise<PartitionRow[]> {
  return q.query<PartitionRow[]>(
    `SELECT TABLE_NAME AS \`table\`, PARTITION_NAME AS name, PARTITION_DESCRIPTION AS description
       FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('observations', 'forecasts')
      ORDER BY PARTITION_ORDINAL_POSITION`,
  );
}

/**
 * Start of the partition of `table` holding `t`: the highest bound at or before it, or `NO_FLOOR`
 * when `t` lies in the first partition (which takes everything older) or the table has just one.
 */
function floorOf(rows: readonly PartitionRow[], table: string, t: number): Date {
  const below = rows
    .filter((r) => r.table === table && r.description)
    .map((r) => parseBound(r.description ?? '') ?? Infinity)
    .filter((bound) => bound <= t);
  return below.length > 0 ? new Date(Math.max(...below)) : NO_FLOOR;
}

/** Where a refresh looks for the newest rows first (see `newestScope`). */
export interface NewestScope {
  /** Named parameters. */
  readonly params: { readonly obsFloor: Date; readonly fcFloor: Date };
  /** `PARTITION (…)`: the forecasts partitions from the floor on; '' for a table of one partition. */
  readonly fcPartitions: string;
}

/**
 * The floors for a refresh at `asOf`. Call it inside the transaction that runs the statements: it
 * first opens `forecasts`, so the transaction holds the table's metadata lock and no retention run
 * can split or drop a partition under the names it returns until the commit.
 */
export async function newestScope(conn: mariadb.Connection, asOf: number): Promise<NewestScope> {
  await conn.query('SELECT 1 FROM forecasts LIMIT 0');
  const rows = await partitionRows(conn);
  const t = asOf - NEWEST_LOOKBACK_MS;
  const fcFloor = floorOf(rows, 'forecasts', t);
  const params = { obsFloor: floorOf(rows, 'observations', t), fcFloor };
  if (fcFloor === NO_FLOOR) return { params, fcPartitions: '' };
  const names = rows
    .filter(
      (r) =>
        r.table === 'forecasts' && (parseBound(r.description ?? 'MAXVALUE') ?? Infinity) > fcFloor.getTime(),
    )
    .map((r) => {
      if (!/^[A-Za-z0-9_]{1,64}$/.test(r.name ?? ''))
        throw new Error(`forecasts partition name must be a plain name, got ${r.name}`);
      return `\`${r.name}\``;
    });
  return { params, fcPartitions: `PARTITION (${names.join(', ')})` };
}

/** The observations floor for lookups near `t` (partition changes only cost speed here). */
export async function observationsFloor(db: Db, t: number): Promise<Date> {
  return floorOf(await partitionRows(db.pool), 'observations', t - NEWEST_LOOKBACK_MS);
}

/** Champion records by series and issue time; named, so no plan sorts a series' records instead. */
const BY_ISSUE = 'f FORCE INDEX (ix_forecasts_series_issued)';

/** Newest observation of the series in column `series` (of the outer query) from `floor` on. */
const newestFrom = (series: string, upTo: string, floor: string): string =>
  `(SELECT o.ts FROM observations o FORCE INDEX (PRIMARY) WHERE o.series_id = ${series}${upTo}${floor}
    ORDER BY o.ts DESC LIMIT 1)`;

/**
 * One row per series matching `where` (a condition on `series se`): `series_id` and `ts`, its newest
 * observation at or before `:asOf`, NULL when it has none. From the floor, a grouped MAX read by loose
 * index scan, which seeks each series' range; `scoped` limits it to the series `:ids`.
 */
export function newestObservationsSql(where: string, scoped: boolean): string {
  return `SELECT se.id AS series_id, COALESCE(r.ts, ${newestFrom('se.id', ' AND o.ts <= :asOf', '')}) AS ts
    FROM series se LEFT JOIN (
      SELECT o.series_id, MAX(o.ts) AS ts FROM observations o
      WHERE o.ts >= :obsFloor AND o.ts <= :asOf${scoped ? ' AND o.series_id IN (:ids)' : ''} GROUP BY o.series_id
    ) r ON r.series_id = se.id
    WHERE ${where}`;
}

/**
 * Newest observation ever of the series in column `series`. With no upper bound a descending scan
 * stops at its first row, and the floor is a partition bound that every row kept passes, so a
 * per-series lookup costs one read per partition from the floor on (cheaper here than a grouped scan).
 */
export function latestObservationSql(series: string): string {
  return `COALESCE(${newestFrom(series, '', ' AND o.ts >= :obsFloor')}, ${newestFrom(series, '', '')})`;
}

/** The forecasts table as `f`: the partitions from the floor for a `recent` issue, else all of them. */
export function forecastsOf(scope: NewestScope, recent: boolean): string {
  return recent ? `forecasts ${scope.fcPartitions} f` : 'forecasts f';
}

/**
 * One row per series matching `where` (a condition on `series se`) that has a champion forecast at
 * or before `:asOf`: `series_id`, the newest `issued_at` and the version that issued it (the higher
 * id if two did; read from the forecasts, so it is the version that served). `recent`: only the
 * series whose newest issue is at or after `:fcFloor`, found in the partitions from the floor (that
 * issue's records all target later than it, so all lie there; an older issue seen there may not be
 * the newest); else only the others, found over every partition. The two sets are disjoint and
 * together whole: `UNION ALL` them, or join each to `forecastsOf(scope, recent)`.
 */
export function latestChampionSql(
  where: string,
  scope: NewestScope,
  recent: boolean,
  scoped: boolean,
): string {
  const fromFloor = `SELECT f.series_id, MAX(f.issued_at) AS issued_at FROM ${forecastsOf(scope, true)}
    WHERE f.role = 'champion' AND f.issued_at <= :asOf${scoped ? ' AND f.series_id IN (:ids)' : ''}
    GROUP BY f.series_id`;
  const issues = recent
    ? `SELECT r.series_id, r.issued_at FROM (${fromFloor}) r JOIN series se ON se.id = r.series_id
        WHERE ${where} AND r.issued_at >= :fcFloor`
    : `SELECT se.id AS series_id, (SELECT f.issued_at FROM forecasts ${BY_ISSUE} WHERE f.series_id = se.id
          AND f.role = 'champion' AND f.issued_at <= :asOf ORDER BY f.issued_at DESC LIMIT 1) AS issued_at
        FROM series se LEFT JOIN (${fromFloor}) r ON r.series_id = se.id
        WHERE ${where} AND (r.issued_at IS NULL OR r.issued_at < :fcFloor)`;
  return `SELECT c.series_id, c.issued_at,
      (SELECT MAX(f.model_version_id) FROM ${recent ? `forecasts ${scope.fcPartitions}` : 'forecasts'} ${BY_ISSUE}
        WHERE f.series_id = c.series_id AND f.role = 'champion' AND f.issued_at = c.issued_at) AS model_version_id
    FROM (${issues}) c WHERE c.issued_at IS NOT NULL`;
}
