import * as mariadb from 'mariadb';
import type { Config } from '../config';

/** The part of the configuration the database layer needs. */
export type DbSettings = Config['db'];

/** A pool plus the database name it serves. Repositories take this, never a raw config. */
export interface Db {
  readonly pool: mariadb.Pool;
  readonly database: string;
}

/**
 * Opens a connection pool. Timestamps travel as UTC (`timezone: 'Z'`) and BIGINTs as numbers,
 * because every time in metricast is epoch milliseconds in UTC.
 */
export function createDb(settings: DbSettings, overrides: Partial<mariadb.PoolConfig> = {}): Db {
  const pool = mariadb.createPool({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    connectionLimit: settings.connectionLimit,
    timezone: 'Z',
    bigIntAsNumber: true,
    insertIdAsNumber: true,
    decimalAsNumber: true,
    dateStrings: false,
    acquireTimeout: 10_000,
    connectTimeout: 5_000,
    // Bulk observation loads stream with LOAD DATA LOCAL INFILE; the driver sends only the stream
    // the statement names (it checks the server's request against the query), never a disk file.
    permitLocalInfile: true,
    ...overrides,
  });
  return { pool, database: settings.database };
}

/** Runs `work` in one transaction on one connection, rolling back on any error. */
export async function inTransaction<T>(
  db: Db,
  work: (conn: mariadb.PoolConnection) => Promise<T>,
): Promise<T> {
  const conn = await db.pool.getConnection();
  try {
    await conn.beginTransaction();
    const result = await work(conn);
    await conn.commit();
    return result;
  } catch (error) {
    await conn.rollback().catch(() => undefined);
    throw error;
  } finally {
    await conn.release();
  }
}

/** Epoch ms to a MariaDB DATETIME value in UTC. */
export function toDbTime(epochMs: number): Date {
  return new Date(epochMs);
}

/** A MariaDB DATETIME (read with `timezone: 'Z'`) to epoch ms. */
export function fromDbTime(value: Date): number {
  return value.getTime();
}
