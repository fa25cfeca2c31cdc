import assert from 'node:assert/strict';
import type { SeriesId } from '../../src/shared';
import { startPrivateTemporal, type PrivateTemporal } from '../support/private-temporal';
import { createTestDb, type TestDb } from '../support/test-db';
import { FIRST_HOUR, HORIZON, HOUR_MS, seedFaultDb, WorkerRig } from './support/fault-rig';
import { assertTwoCyclesClean } from './support/restart-check';
import { lockFirstSeriesGap, waitForStuckShard } from './support/stuck-shard';

describe('faults/Temporal server killed and restarted mid-cycle (private dev server, state on disk)', function () {
  this.timeout(10 * 60_000);
  let temporal: PrivateTemporal;
  let db: TestDb;
  let worker: WorkerRig;
  let seriesIds: SeriesId[];

  before(async () => {
    temporal = await startPrivateTemporal();
    db = await createTestDb('faultstemporal');
    seriesIds = await seedFaultDb(db);
    const env = { METRICAST_TEMPORAL_ADDRESS: temporal.address, METRICAST_DB_DATABASE: db.settings.database };
    worker = new WorkerRig(temporal.client, env, 'temporal');
    await worker.start();
  });
  after(async () => {
    await worker?.stop();
    await temporal?.dispose();
    await db?.drop();
  });

  it('resumes the cycle where it was after the restart, and loses or doubles no row', async () => {
    await (await worker.startCycle(FIRST_HOUR)).result();
    const hour = FIRST_HOUR + HOUR_MS;
    const lock = await lockFirstSeriesGap(db, seriesIds[0]!);
    try {
      const handle = await worker.startCycle(hour);
      await waitForStuckShard(temporal.client, handle, hour, seriesIds.length);
      await temporal.kill('SIGKILL');
      // The stuck shard writes its rows while the server is down: its completion cannot be reported.
      await lock.rollback();
      await new Promise((r) => setTimeout(r, 5_000));
      await temporal.restart();
      const result = await handle.result();
      assert.equal(result.nominalTime, hour);
      assert.equal(result.shards, seriesIds.length);
      assert.equal(result.forecast.rows, seriesIds.length * HORIZON);
    } finally {
      await lock.release();
    }
    await assertTwoCyclesClean(db, seriesIds, hour);
    // The first cycle, finished before the crash, is still on record: the state survived on disk.
    const first = await temporal.client.workflow.getHandle('forecast-cycle/2014-02-20T10:00Z').describe();
    assert.equal(first.status.name, 'COMPLETED');
  });
});
