import type * as mariadb from 'mariadb';
import type { Db } from './pool';
import {
  MAX_PARTITION,
  MAX_PARTITIONS,
  PARTITION_COLUMN,
  PartitionedTable,
  boundLiteral,
  DAY_MS,
  periodsToAdd,
  expiredPartitions,
  parseBound,
  partitionName,
  retentionCutoff,
  type Partition,
} from './retention-plan';

/** Retention refused for a reason a retry cannot fix (table not partitioned, bad input, too many partitions). */
export class RetentionError extends Error {
  override readonly name = 'RetentionError';
  constructor(
    message: string,
    readonly table?: string,
  ) {
    super(message);
  }
}

export interface TableRetentionInput {
  readonly table: PartitionedTable;
  /** Nominal time of the run (epoch ms): the current partition and those ahead count from it. */
  readonly asOf: number;
  /** Rows older than this many days before now (the older of `asOf` and the wall clock) are dropped. */
  readonly keepDays: number;
  /** Partitions kept ready after the one holding `asOf`. */
  readonly partitionsAhead: number;
  /** Days each new partition covers: 7 (weeks from Monday), 1 (days), up to 31. */
  readonly periodDays: number;
}

/** A partition the run dropped: its name, its bound and the rows it held. */
export interface DroppedPartition {
  readonly partition: string;
  readonly lessThan: number;
  readonly rows: number;
}

export interface TableRetentionResult {
  readonly table: PartitionedTable;
  /** Rows before this time were expired; every dropped partition's bound is at or before it. */
  readonly cutoff: number;
  readonly created: readonly string[];
  readonly dropped: readonly DroppedPartition[];
  /** Partitions of the table after the run, `pmax` included. */
  readonly partitions: number;
}

/** Identifiers reach SQL only through this: table and column from the whitelist, names checked. */
function ident(name: string): string {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name))
    throw new RetentionError(`identifier must be a plain name, got ${name}`);
  return `\`${name}\``;
}

/** The table's partitions in bound order, as information_schema lists them. */
export async function listPartitions(
  db: Db | mariadb.Connection,
  table: PartitionedTable,
): Promise<Partition[]> {
  const q = 'pool' in db ? db.pool : db;
  const rows = await q.query<Array<{ name: string | null; description: string | null }>>(
    `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS description FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION`,
    [table],
  );
  const last = rows.at(-1);
  if (last?.name !== MAX_PARTITION || last.description !== 'MAXVALUE')
    throw new RetentionError(
      `table ${table} must be partitioned by time ending in ${MAX_PARTITION} (migration 008), got ${rows.map((r) => r.name).join(',') || 'no partitions'}`,
      table,
    );
  return rows.map((r) => ({ name: r.name ?? '', lessThan: parseBound(r.description ?? '') }));
}

/** Day starts of the rows in `pmax`; empty in steady state, where the partitions ahead catch every write. */
async function daysInMax(conn: mariadb.Connection, table: PartitionedTable): Promise<number[]> {
  const rows = await conn.query<Array<{ d: string }>>(
    `SELECT DISTINCT DATE_FORMAT(${ident(PARTITION_COLUMN[table])}, '%Y-%m-%d') AS d
       FROM ${ident(table)} PARTITION (${ident(MAX_PARTITION)})`,
  );
  return rows.map((r) => Date.parse(`${r.d}T00:00:00Z`));
}

/** Splits `pmax` into one partition per period; rows already in `pmax` move to their period's. */
async function splitMax(
  conn: mariadb.Connection,
  input: TableRetentionInput,
  starts: number[],
): Promise<string[]> {
  const { table, periodDays } = input;
  const defs = starts.map(
    (d) => `PARTITION ${ident(partitionName(d))} VALUES LESS THAN (${boundLiteral(d + periodDays * DAY_MS)})`,
  );
  await conn.query(
    `ALTER TABLE ${ident(table)} REORGANIZE PARTITION ${ident(MAX_PARTITION)} INTO (${defs.join(', ')},
       PARTITION ${ident(MAX_PARTITION)} VALUES LESS THAN (MAXVALUE))`,
  );
  return starts.map(partitionName);
}

/** Counts and drops the expired partitions in one ALTER. */
async function dropExpired(conn: mariadb.Connection, table: PartitionedTable, expired: Partition[]) {
  const dropped: DroppedPartition[] = [];
  for (const p of expired) {
    const rows = await conn.query<Array<{ n: number | bigint }>>(
      `SELECT COUNT(*) AS n FROM ${ident(table)} PARTITION (${ident(p.name)})`,
    );
    dropped.push({ partition: p.name, lessThan: p.lessThan ?? 0, rows: Number(rows[0]?.n ?? 0) });
  }
  if (dropped.length > 0)
    await conn.query(
      `ALTER TABLE ${ident(table)} DROP PARTITION ${expired.map((p) => ident(p.name)).join(', ')}`,
    );
  return dropped;
}

function check(input: TableRetentionInput): void {
  const bad = (field: string, rule: string, value: unknown): never => {
    throw new RetentionError(`input.${field} must ${rule}, got ${String(value)}`, String(input.table));
  };
  if (!Object.values(PartitionedTable).includes(input.table))
    bad('table', 'be observations or forecasts', input.table);
  if (!Number.isFinite(input.asOf)) bad('asOf', 'be an epoch-ms time', input.asOf);
  if (!(Number.isInteger(input.keepDays) && input.keepDays >= 1))
    bad('keepDays', 'be an integer ≥ 1', input.keepDays);
  if (!(
    Number.isInteger(input.partitionsAhead) &&
    input.partitionsAhead >= 0 &&
    input.partitionsAhead <= 366
  ))
    bad('partitionsAhead', 'be an integer from 0 to 366', input.partitionsAhead);
  if (!(Number.isInteger(input.periodDays) && input.periodDays >= 1 && input.periodDays <= 31))
    bad('periodDays', 'be an integer from 1 to 31', input.periodDays);
}

/**
 * One table's retention: splits partitions out of `pmax` for the periods ahead and for any periods
 * whose rows sit in `pmax`, then drops the partitions wholly older than the cutoff and reports
 * them. Idempotent (a second run finds nothing to add or drop) and serialised per database and
 * table by an advisory lock, so an overlapping run waits instead of racing the ALTERs.
 */
export async function applyTableRetention(db: Db, input: TableRetentionInput): Promise<TableRetentionResult> {
  check(input);
  const { table } = input;
  const conn = await db.pool.getConnection();
  const lock = `metricast_retention_${db.database}_${table}`;
  try {
    const [got] = await conn.query<Array<{ ok: number | null }>>('SELECT GET_LOCK(?, 600) AS ok', [lock]);
    if (Number(got?.ok) !== 1) throw new Error(`retention lock ${lock} not acquired within 600 s`);
    const before = await listPartitions(conn, table);
    const cutoff = retentionCutoff(input.asOf, Date.now(), input.keepDays);
    const starts = periodsToAdd({
      ...{ asOf: input.asOf, aheadPeriods: input.partitionsAhead, periodDays: input.periodDays },
      ...{ partitions: before, daysWithRows: await daysInMax(conn, table), cutoff },
    });
    if (before.length + starts.length > MAX_PARTITIONS)
      throw new RetentionError(
        `${table} would need ${before.length + starts.length} partitions, more than ${MAX_PARTITIONS}: raise retention.partitionDays or lower retention.partitionsAhead`,
        table,
      );
    const created = starts.length > 0 ? await splitMax(conn, input, starts) : [];
    const dropped = await dropExpired(
      conn,
      table,
      expiredPartitions(await listPartitions(conn, table), cutoff),
    );
    // New partitions start without index statistics, and the optimizer then scans instead of
    // seeking (measured: reconcileWindow read 30x the rows); fresh statistics restore the plans.
    if (created.length > 0 || dropped.length > 0) await conn.query(`ANALYZE TABLE ${ident(table)}`);
    const partitions = (await listPartitions(conn, table)).length;
    return { table, cutoff, created, dropped, partitions };
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
    await conn.release();
  }
}
