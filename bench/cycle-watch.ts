/**
 * A watchdog over the scratch database while a cycle runs: a statement running longer than
 * `SLOW_S` is reported once with its plan (`SHOW EXPLAIN`), so a pathological plan is visible in
 * the output; `killAll` stops every statement of the database after a cycle timed out.
 */
import type { Db } from '../src/db';

const SLOW_S = 30;
const POLL_MS = 10_000;

interface Running {
  readonly id: number;
  readonly time: number;
  readonly info: string;
}

/** The columns of `SHOW EXPLAIN` printed. */
interface PlanRow {
  readonly id: number;
  readonly select_type: string;
  readonly table: string;
  readonly type: string;
  readonly key: string | null;
  readonly rows: number;
  readonly Extra: string;
}

async function running(admin: Db, database: string, minSeconds: number): Promise<Running[]> {
  return admin.pool.query<Running[]>(
    `SELECT id, time, LEFT(info, 160) AS info FROM information_schema.processlist
     WHERE db = ? AND command = 'Query' AND time >= ? AND id <> CONNECTION_ID()`,
    [database, minSeconds],
  );
}

/** Starts watching `database` through `admin` (a pool of the same server); returns the stop function. */
export function watchSlowQueries(admin: Db, database: string): () => void {
  const reported = new Set<number>();
  const check = async (): Promise<void> => {
    for (const q of await running(admin, database, SLOW_S)) {
      if (reported.has(q.id)) continue;
      reported.add(q.id);
      console.log(
        `  slow statement (connection ${q.id}, ${q.time} s so far): ${q.info.replace(/\s+/g, ' ')}`,
      );
      const plan = await admin.pool.query<PlanRow[]>(`SHOW EXPLAIN FOR ${q.id}`).catch((): PlanRow[] => []);
      for (const r of plan)
        console.log(
          `    plan: ${r.id} ${r.select_type} ${r.table} ${r.type} key=${r.key} rows=${r.rows} ${r.Extra}`,
        );
    }
  };
  const timer = setInterval(() => void check().catch(() => undefined), POLL_MS);
  return () => clearInterval(timer);
}

/** Kills every statement running in `database` (the benchmark's own scratch database). */
export async function killAll(admin: Db, database: string): Promise<number> {
  const queries = await running(admin, database, 0);
  for (const q of queries) await admin.pool.query(`KILL QUERY ${q.id}`).catch(() => undefined);
  return queries.length;
}

/** Server-wide InnoDB page reads so far: logical (`requests`) and those that went to disk (`disk`). */
export interface BufferPoolReads {
  readonly requests: number;
  readonly disk: number;
}

/** The server's buffer pool read counters (every client's, so a shared server adds noise). */
export async function bufferPoolReads(admin: Db): Promise<BufferPoolReads> {
  const rows = await admin.pool.query<Array<{ Variable_name: string; Value: string }>>(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_read_requests', 'Innodb_buffer_pool_reads')",
  );
  const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? NaN);
  return { requests: value('Innodb_buffer_pool_read_requests'), disk: value('Innodb_buffer_pool_reads') };
}
