import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { backfillCycleId, backfillWorkflow, getBackfillProgressQuery } from '../../src/workflows';
import { recordHistory } from '../support/histories';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import {
  firstTargets,
  forecastsNotAhead,
  NOMINAL,
  HORIZON,
  seedCycleDb,
  startCycleWorkers,
} from './cycle-fixtures';

const HOUR_MS = 3_600_000;

describe('workflows/backfillWorkflow', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stop: () => Promise<void>;
  const queues = { io: `test-backfill-io-${process.pid}`, ml: `test-backfill-ml-${process.pid}` };
  let champions: number[];

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('backfill');
    champions = (await seedCycleDb(db, 2)).withChampion;
    stop = await startCycleWorkers(env, db, queues);
  });
  after(async () => {
    await stop?.();
    await db?.drop();
  });

  const forecastHours = async () =>
    db.pool.query<Array<{ issued_at: Date; n: number }>>(
      'SELECT issued_at, COUNT(*) AS n FROM forecasts GROUP BY issued_at ORDER BY issued_at',
    );

  it('replays each hour once, in order, with the hour as nominal time, and reconciles as truth arrives', async () => {
    const from = NOMINAL;
    const to = NOMINAL + 8 * HOUR_MS;
    const workflowId = `backfill-test-${Date.now()}`;
    const handle = await env.client.workflow.start(backfillWorkflow, {
      taskQueue: queues.io,
      workflowId,
      args: [{ from, to, mlTaskQueue: queues.ml, bootstrap: false }],
    });
    const result = await handle.result();
    recordHistory('backfill-8-hours', handle, env.address);
    recordHistory(
      'forecast-cycle-hour',
      env.client.workflow.getHandle(backfillCycleId(workflowId, from)),
      env.address,
    );
    recordHistory(
      'forecast-shard',
      env.client.workflow.getHandle('forecast-shard/2014-02-20T17:00Z/0'),
      env.address,
    );
    assert.equal(result.hoursDone, 8);
    assert.equal(result.hoursSkipped, 0);
    assert.equal(result.forecastRows, 8 * champions.length * HORIZON);
    assert.ok(result.reconciled > 0, 'later hours reconcile what earlier hours forecast');
    const hours = await forecastHours();
    assert.deepEqual(
      hours.map((h) => [h.issued_at.getTime(), Number(h.n)]),
      Array.from({ length: 8 }, (_, i) => [from + i * HOUR_MS, champions.length * HORIZON]),
    );
    const progress = await handle.query(getBackfillProgressQuery);
    assert.equal(progress.hoursDone, 8);
    // Every replayed hour's forecast starts at the hour after it: none targets its issue hour.
    assert.equal(await forecastsNotAhead(db), 0);
    for (let i = 0; i < 8; i++)
      assert.deepEqual(await firstTargets(db, from + i * HOUR_MS), [from + (i + 1) * HOUR_MS]);
  });

  it('started again under the same id, skips the hours already done and changes nothing', async () => {
    const from = NOMINAL + 20 * HOUR_MS;
    const to = from + 3 * HOUR_MS;
    const workflowId = `backfill-rerun-${Date.now()}`;
    const args = [{ from, to, mlTaskQueue: queues.ml, bootstrap: false }] as const;
    await env.client.workflow.execute(backfillWorkflow, {
      taskQueue: queues.io,
      workflowId,
      args: [...args],
    });
    const before = await snapshotTable(db, 'forecasts', 'series_id, model_version_id, issued_at, target_at');
    const again = await env.client.workflow.execute(backfillWorkflow, {
      taskQueue: queues.io,
      workflowId,
      args: [...args],
    });
    assert.equal(again.hoursDone, 3);
    assert.equal(again.hoursSkipped, 3);
    assert.equal(again.forecastRows, 0);
    assert.equal(
      await snapshotTable(db, 'forecasts', 'series_id, model_version_id, issued_at, target_at'),
      before,
    );
    const child = await env.client.workflow.getHandle(backfillCycleId(workflowId, from)).describe();
    assert.equal(child.status.name, 'COMPLETED');
  });

  it('bootstraps a first champion, trained only on data before its first hour, for a series without one', async () => {
    const from = NOMINAL + 40 * HOUR_MS;
    const result = await env.client.workflow.execute(backfillWorkflow, {
      taskQueue: queues.io,
      workflowId: `backfill-bootstrap-${Date.now()}`,
      args: [{ from, to: from + HOUR_MS, mlTaskQueue: queues.ml }],
    });
    assert.deepEqual(result.bootstrap, { candidates: 1, trained: 1, failed: 0 });
    const runs = await db.pool.query<Array<{ series_id: number; data_to: Date }>>(
      `SELECT series_id, data_to FROM training_runs WHERE run_id LIKE 'retrain/%' AND status = 'succeeded'`,
    );
    assert.ok(runs.length > 0);
    for (const r of runs)
      assert.ok(r.data_to.getTime() <= from, `run trained on data up to ${r.data_to.toISOString()}`);
    const decisions = await db.pool.query<Array<{ reason: string }>>('SELECT reason FROM retrain_decisions');
    assert.deepEqual(
      decisions.map((d) => d.reason),
      ['forced'],
    );
    assert.equal(result.forecastRows, 3 * HORIZON, 'all three series forecast once they have champions');
    // The bootstrapped champions, trained by the real training activity, issue ahead too.
    assert.equal(await forecastsNotAhead(db), 0);
    assert.deepEqual(await firstTargets(db, from), [from + HOUR_MS]);
  });
});
