import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as mariadb from 'mariadb';
import type { DbSettings } from './pool';

/** A numbered SQL file under `migrations/`, e.g. `001_series_observations.sql`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly version?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** Reads the migration files in version order; file names must be `NNN_words.sql` with unique numbers. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{3,})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError(`migration file name must look like 001_words.sql, got ${file}`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { version: Number(match[1]), name: match[2] ?? file, sql, checksum };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]?.version === m.version) {
      throw new MigrationError(`two migrations share version ${m.version}`, m.version);
    }
  });
  return migrations;
}

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in order, each once.
 * An advisory lock serialises concurrent runs (two workers starting at once); a changed
 * checksum of an applied file stops the run, because history must not be rewritten.
 */
export async function migrate(settings: DbSettings, migrations = readMigrations()): Promise<MigrateResult> {
  const conn = await mariadb.createConnection({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    multipleStatements: true,
    timezone: 'Z',
  });
  try {
    await conn.query('SELECT GET_LOCK(?, 60)', [`metricast_migrate_${settings.database}`]);
    await conn.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INT UNSIGNED NOT NULL PRIMARY KEY,
         name VARCHAR(255) NOT NULL,
         checksum CHAR(64) NOT NULL,
         applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
       ) ENGINE=InnoDB`,
    );
    const rows = await conn.query<Array<{ version: number; checksum: string }>>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [Number(r.version), r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const recorded = done.get(m.version);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) {
          throw new MigrationError(
            `migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`,
            m.version,
          );
        }
        continue;
      }
      try {
        await conn.query(m.sql);
      } catch (cause) {
        throw new MigrationError(
          `migration ${m.version}_${m.name} failed: ${(cause as Error).message}`,
          m.version,
          { cause },
        );
      }
      await conn.query('INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      applied.push(`${String(m.version).padStart(3, '0')}_${m.name}`);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await conn
      .query('SELECT RELEASE_LOCK(?)', [`metricast_migrate_${settings.database}`])
      .catch(() => undefined);
    await conn.end();
  }
}
