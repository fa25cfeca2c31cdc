/**
 * Puts a cycle in a known middle: a gap lock where the first series' next forecast rows go (up to
 * the second series' first row) blocks that series' shard inside its activity while the other shards
 * finish. A fault injected then lands mid-cycle every time, with work in flight.
 */
import type { Client } from '@temporalio/client';
import type { PoolConnection } from 'mariadb';
import type { Db } from '../../../src/db';
import type { SeriesId } from '../../../src/shared';
import { getForecastCycleProgressQuery, shardWorkflowId } from '../../../src/workflows';
import type { CycleHandle } from './fault-rig';

/** Holds the lock on its own connection until `release` (or until the connection dies). */
export async function lockFirstSeriesGap(db: Db, first: SeriesId): Promise<PoolConnection> {
  const conn = await db.pool.getConnection();
  await conn.beginTransaction();
  await conn.query('SELECT series_id FROM forecasts WHERE series_id = ? FOR UPDATE', [first]);
  return conn;
}

/** Waits until every shard but the first is done and the first one's activity is held by a worker. */
export async function waitForStuckShard(
  client: Client,
  handle: CycleHandle,
  hour: number,
  shards: number,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const p = await handle.query(getForecastCycleProgressQuery).catch(() => undefined);
    const shard = await client.workflow
      .getHandle(shardWorkflowId(hour, '1h', 0))
      .describe()
      .catch(() => undefined);
    // 2 is PENDING_ACTIVITY_STATE_STARTED: a worker holds the activity.
    const started = shard?.raw.pendingActivities?.some((a) => Number(a.state) === 2);
    if (p?.stage === 'forecast' && p.shardsDone === shards - 1 && started) return;
    if (Date.now() > deadline) throw new Error(`cycle never reached a stuck shard: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
