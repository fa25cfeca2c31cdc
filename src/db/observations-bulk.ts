/**
 * The bulk path of observation upserts: rows stream to the server with `LOAD DATA LOCAL INFILE`
 * into a session-private staging table, then one `INSERT … SELECT … ON DUPLICATE KEY UPDATE` per
 * chunk applies them with exactly the semantics of the multi-row path (a changed value bumps
 * `revision`, an unchanged one leaves the row untouched). The driver only sends the stream named by
 * the statement itself (it checks the file name the server asks for against the query), and no
 * file is read from disk. A server with `local_infile` off makes the caller fall back.
 */
import { Readable } from 'node:stream';
import type { PoolConnection } from 'mariadb';
import type { ObservationRow } from './observations-repo';
import type { Db } from './pool';

/** Rows per staged load: 50,000 rows are about 2 MB of text, far below max_allowed_packet limits. */
const ROWS_PER_LOAD = 50_000;
/** The name the LOAD statement and the stream factory agree on; never a path on disk. */
const STREAM_NAME = 'metricast-observations.tsv';

/** Errors meaning the server or driver does not allow LOCAL INFILE: the multi-row path is used. */
const LOCAL_INFILE_REFUSED = new Set([1148, 3948, 4166, 45033, 45034]);

export function localInfileRefused(error: unknown): boolean {
  return LOCAL_INFILE_REFUSED.has((error as { errno?: number }).errno ?? -1);
}

/** `YYYY-MM-DD HH:MM:SS` in UTC: the DATETIME text of an epoch-ms time (whole seconds). */
function dbTime(t: number): string {
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/** Tab-separated lines as bytes (the driver writes Buffers), `\N` for NULL (LOAD DATA's default escapes). */
function* lines(rows: readonly ObservationRow[]): Generator<Buffer> {
  for (let i = 0; i < rows.length; i += 1_000) {
    let text = '';
    for (const r of rows.slice(i, i + 1_000))
      text += `${r.seriesId}\t${dbTime(r.t)}\t${r.value}\t${r.max ?? '\\N'}\t${r.count ?? '\\N'}\n`;
    yield Buffer.from(text);
  }
}

async function loadChunk(conn: PoolConnection, rows: readonly ObservationRow[], upsertTail: string) {
  await conn.query('TRUNCATE TABLE observations_stage');
  await conn.query({
    sql: `LOAD DATA LOCAL INFILE '${STREAM_NAME}' INTO TABLE observations_stage
          (s_series_id, s_ts, s_value, s_max, s_count)`,
    infileStreamFactory: () => Readable.from(lines(rows)),
  });
  await conn.query(
    `INSERT INTO observations (series_id, ts, value, value_max, sample_count)
     SELECT s_series_id, s_ts, s_value, s_max, s_count FROM observations_stage ${upsertTail}`,
  );
}

/**
 * Upserts `rows` through a staging table on one connection, chunk by chunk (each chunk its own
 * statement, like the multi-row path). Throws what the server says; see `localInfileRefused`.
 */
export async function loadObservations(
  db: Db,
  rows: readonly ObservationRow[],
  upsertTail: string,
  onBatch?: (written: number) => Promise<void> | void,
): Promise<void> {
  const conn = await db.pool.getConnection();
  try {
    // Session-private, so concurrent loads never see each other's rows; MEMORY keeps it off disk.
    // Its own column names, so the upsert's unqualified names can only mean `observations`.
    await conn.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS observations_stage (
         s_series_id BIGINT UNSIGNED NOT NULL, s_ts DATETIME NOT NULL, s_value DOUBLE NOT NULL,
         s_max DOUBLE NULL, s_count SMALLINT UNSIGNED NULL
       ) ENGINE=MEMORY`,
    );
    for (let i = 0; i < rows.length; i += ROWS_PER_LOAD) {
      await loadChunk(conn, rows.slice(i, i + ROWS_PER_LOAD), upsertTail);
      await onBatch?.(Math.min(rows.length, i + ROWS_PER_LOAD));
    }
  } finally {
    await conn.query('DROP TEMPORARY TABLE IF EXISTS observations_stage').catch(() => undefined);
    await conn.release();
  }
}
