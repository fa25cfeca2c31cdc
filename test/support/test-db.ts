import { randomBytes } from 'node:crypto';
import * as mariadb from 'mariadb';
import { loadConfig } from '../../src/config';
import { createDb, migrate, type Db, type DbSettings } from '../../src/db';

/** A migrated database of its own for one test file, dropped by `drop()`. */
export interface TestDb extends Db {
  readonly settings: DbSettings;
  drop(): Promise<void>;
}

/** Settings of the configured server (infra/test.sh exports the generated password from ~/.config/metricast/dev.env). */
export function baseDbSettings(): DbSettings {
  return loadConfig().db;
}

async function adminQuery(settings: DbSettings, sql: string): Promise<void> {
  const conn = await mariadb.createConnection({ ...settings, database: undefined });
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}

/**
 * Creates `metricast_test_<random>`, applies every migration and opens a pool on it.
 * Each test file gets its own database so files never see each other's rows.
 */
export async function createTestDb(label = 'db'): Promise<TestDb> {
  const base = baseDbSettings();
  const database = `metricast_test_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const settings: DbSettings = { ...base, database };
  await adminQuery(settings, `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  await migrate(settings);
  const db = createDb(settings);
  return {
    ...db,
    settings,
    async drop() {
      await db.pool.end();
      await adminQuery(settings, `DROP DATABASE IF EXISTS \`${database}\``);
    },
  };
}

/** Every row of a table as JSON, ordered, for "nothing changed" assertions. */
export async function snapshotTable(db: Db, table: string, orderBy: string): Promise<string> {
  const rows: unknown = await db.pool.query(`SELECT * FROM \`${table}\` ORDER BY ${orderBy}`);
  return JSON.stringify(rows);
}
