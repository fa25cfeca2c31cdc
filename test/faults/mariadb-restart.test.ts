import assert from 'node:assert/strict';
import { createDb, type Db } from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { startPrivateMariadb, type PrivateMariadb } from '../support/private-mariadb';
import { startPrivateTemporal, type PrivateTemporal } from '../support/private-temporal';
import { FIRST_HOUR, HORIZON, HOUR_MS, seedFaultDb, WorkerRig } from './support/fault-rig';
import { assertTwoCyclesClean } from './support/restart-check';
import { lockFirstSeriesGap, waitForStuckShard } from './support/stuck-shard';

describe('faults/MariaDB killed and restarted mid-cycle (private mariadbd)', function () {
  this.timeout(10 * 60_000);
  let mariadb: PrivateMariadb;
  let temporal: PrivateTemporal;
  let worker: WorkerRig;
  let seriesIds: SeriesId[];

  before(async () => {
    mariadb = await startPrivateMariadb();
    temporal = await startPrivateTemporal();
    const db = createDb(mariadb.settings);
    try {
      seriesIds = await seedFaultDb(db);
    } finally {
      await db.pool.end();
    }
    worker = new WorkerRig(
      temporal.client,
      { METRICAST_TEMPORAL_ADDRESS: temporal.address, ...mariadb.env },
      'mariadb',
    );
    await worker.start();
  });
  after(async () => {
    await worker?.stop();
    await temporal?.dispose();
    await mariadb?.dispose();
  });

  it('retries the steps that lost the database, completes the cycle, and loses or doubles no row', async () => {
    await (await worker.startCycle(FIRST_HOUR)).result();
    const hour = FIRST_HOUR + HOUR_MS;
    const db = createDb(mariadb.settings);
    let check: Db | undefined;
    try {
      await lockFirstSeriesGap(db, seriesIds[0]!);
      const handle = await worker.startCycle(hour);
      await waitForStuckShard(temporal.client, handle, hour, seriesIds.length);
      // A crash, not a shutdown: InnoDB recovers from its redo log on the next start.
      await mariadb.kill('SIGKILL');
      await db.pool.end().catch(() => undefined);
      // Down long enough that the shard's retries and the pool's reconnects meet a refused port.
      await new Promise((r) => setTimeout(r, 5_000));
      await mariadb.restart();
      const result = await handle.result();
      assert.equal(result.forecast.rows, seriesIds.length * HORIZON);
      assert.equal(result.forecast.failed, 0);

      check = createDb(mariadb.settings);
      await assertTwoCyclesClean(check, seriesIds, hour);
      // The stuck shard's activity failed against the dead server and succeeded on a later attempt.
      const shard = await temporal.client.workflow
        .getHandle(`forecast-shard/2014-02-20T11:00Z/0`)
        .fetchHistory();
      const attempts = shard.events?.flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
      assert.ok((attempts?.[0] ?? 0) > 1, `attempts ${JSON.stringify(attempts)}`);
    } finally {
      await check?.pool.end();
    }
  });
});
