/**
 * The demo's replay state (009): when the demo started and how it holds back, and the reset that
 * clears a database for a fresh demo. Only the start is stored; every shift derives from it.
 */
import type { Db } from './pool';

export interface DemoReplay {
  /** UTC hour the demo started (epoch ms). */
  readonly anchorAt: number;
  readonly holdBackHours: number;
  readonly historyDays: number;
  readonly createdAt: number;
}

const HOUR_MS = 3_600_000;

/** The demo's replay state, or undefined when no demo was started in this database. */
export async function readDemoReplay(db: Db): Promise<DemoReplay | undefined> {
  const rows = await db.pool.query<
    Array<{ anchor_at: Date; hold_back_hours: number; history_days: number; created_at: Date }>
  >('SELECT anchor_at, hold_back_hours, history_days, created_at FROM demo_replay WHERE id = 1');
  const row = rows[0];
  if (!row) return undefined;
  return {
    anchorAt: row.anchor_at.getTime(),
    holdBackHours: Number(row.hold_back_hours),
    historyDays: Number(row.history_days),
    createdAt: row.created_at.getTime(),
  };
}

/**
 * Records the demo's start unless one is recorded (then that one stands and is returned): the
 * shifts must not move under data already ingested with them.
 */
export async function startDemoReplay(
  db: Db,
  input: { readonly anchorAt: number; readonly holdBackHours: number; readonly historyDays: number },
): Promise<DemoReplay> {
  const anchor = Math.floor(input.anchorAt / HOUR_MS) * HOUR_MS;
  await db.pool.query(
    'INSERT IGNORE INTO demo_replay (id, anchor_at, hold_back_hours, history_days) VALUES (1, ?, ?, ?)',
    [new Date(anchor), input.holdBackHours, input.historyDays],
  );
  const stored = await readDemoReplay(db);
  if (!stored) throw new Error('demo_replay row was not stored');
  return stored;
}

/** The natural keys of every stored series: whether a database holds only the demo's own series. */
export async function listSeriesNaturalKeys(db: Db): Promise<Array<{ naturalKey: string; name: string }>> {
  const rows = await db.pool.query<Array<{ natural_key: string; name: string }>>(
    'SELECT natural_key, name FROM series ORDER BY id',
  );
  return rows.map((r) => ({ naturalKey: r.natural_key, name: r.name }));
}

/** Tables a demo reset keeps: the schema's own bookkeeping and the API tokens people were given. */
const KEPT_TABLES = new Set(['schema_migrations', 'api_tokens']);

/**
 * Deletes every row of every table but the migrations and API tokens, for a fresh demo. DELETE,
 * not TRUNCATE: ids keep counting up, so a running worker's model cache (keyed by model version
 * id) can never serve a deleted model under a reused id. Returns the rows deleted per table.
 */
export async function resetDemoData(db: Db): Promise<Record<string, number>> {
  const conn = await db.pool.getConnection();
  try {
    const tables = await conn.query<Array<{ name: string }>>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    );
    const deleted: Record<string, number> = {};
    // Foreign keys between the deleted tables would otherwise dictate an order.
    await conn.query('SET SESSION foreign_key_checks = 0');
    try {
      for (const { name } of tables) {
        if (KEPT_TABLES.has(name)) continue;
        if (!/^[a-z0-9_]{1,64}$/.test(name)) throw new Error(`unexpected table name ${name}`);
        const result = await conn.query<{ affectedRows: number }>(`DELETE FROM \`${name}\``);
        deleted[name] = Number(result.affectedRows);
      }
    } finally {
      await conn.query('SET SESSION foreign_key_checks = 1');
    }
    return deleted;
  } finally {
    await conn.release();
  }
}
