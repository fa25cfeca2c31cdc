import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listAccuracy } from '../../src/db';
import type { SeriesId } from '../../src/shared';
import {
  forecastCycleWorkflow,
  getForecastCycleProgressQuery,
  planShards,
  shardWorkflowId,
  type ForecastCycleInput,
} from '../../src/workflows';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { exited, startWorkerProcess } from '../support/worker-process';
import { forecastsIssuedAt, HORIZON, NOMINAL, seedCycleDb, startCycleWorkers } from './cycle-fixtures';

const HOUR_MS = 3_600_000;
const TABLES: ReadonlyArray<readonly [string, string]> = [
  ['forecasts', 'series_id, model_version_id, issued_at, target_at'],
  ['accuracy_aggregates', 'series_id, model_version_id, horizon_step, window_name'],
  ['dashboard_latest_forecast', 'series_id, horizon_step'],
  ['dashboard_series_status', 'series_id'],
];
const snapshot = (db: TestDb) => Promise.all(TABLES.map(([t, order]) => snapshotTable(db, t, order)));

describe('workflows/forecastCycleWorkflow', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let seeded: { hourly: SeriesId[]; withChampion: SeriesId[] };
  let stopWorkers: () => Promise<void>;
  const queues = { io: `test-cycle-io-${process.pid}`, ml: `test-cycle-ml-${process.pid}` };
  const run = (input: Omit<ForecastCycleInput, 'mlTaskQueue'>, id: string) =>
    env.client.workflow.execute(forecastCycleWorkflow, {
      taskQueue: queues.io,
      workflowId: `test-forecast-cycle/${id}/${Date.now()}`,
      args: [{ ...input, mlTaskQueue: queues.ml }],
    });

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('cycle');
    // Three hourly series, two with a champion: the third is skipped and counted.
    seeded = await seedCycleDb(db, 2);
    stopWorkers = await startCycleWorkers(env, db, queues);
  });
  after(async () => {
    await stopWorkers();
    await db.drop();
  });

  it('plans shards and names them by hour', () => {
    const ids = [1, 2, 3, 4, 5].map((n) => n as SeriesId);
    assert.deepEqual(planShards(ids, 2), [[1, 2], [3, 4], [5]]);
    assert.equal(shardWorkflowId(NOMINAL + 17 * 60_000, '1h', 3), 'forecast-shard/2014-02-20T10:00Z/3');
    assert.equal(shardWorkflowId(NOMINAL, '5m', 0), 'forecast-shard/2014-02-20T10:00Z/5m-0');
  });

  it('forecasts, reconciles and refreshes for a nominal hour, and the same cycle again changes nothing', async () => {
    // Minutes past the hour are truncated: the cycle is keyed by its hour.
    const first = await run({ nominalTime: NOMINAL + 17 * 60_000, shardSize: 1 }, 'first');
    assert.equal(first.nominalTime, NOMINAL);
    assert.equal(first.nominalHour, '2014-02-20T10:00Z');
    assert.equal(first.shards, 3);
    assert.deepEqual(first.forecast, {
      series: 3,
      forecast: 2,
      rows: 2 * HORIZON,
      noChampion: 1,
      stale: 0,
      staleSeries: [],
      failed: 0,
      failures: [],
    });
    assert.deepEqual(first.ingest, { series: 0, pointsHourly: 0 });
    const issued = await forecastsIssuedAt(db, NOMINAL);
    assert.deepEqual(
      issued.map((s) => [s.seriesId, s.rows, s.targets, s.badBands]),
      seeded.withChampion.map((id) => [id, HORIZON, HORIZON, 0]),
    );
    assert.ok(
      issued.every((s) => s.flatBands < HORIZON),
      'intervals have width',
    );

    // Three hours later the first three steps of each forecast have matured and are scored.
    const later = NOMINAL + 3 * HOUR_MS;
    const second = await run({ nominalTime: later, shardSize: 2 }, 'second');
    assert.equal(second.shards, 2);
    assert.equal(second.forecast.rows, 2 * HORIZON);
    assert.deepEqual(second.reconcile, { reconciled: 2 * 3, revised: 0, missing: 0, stillPending: 0 });
    // Per series: steps 1–3 in the 24 h and 7 d windows, step 3 alone closed within the last hour.
    assert.equal(second.accuracyRows, 2 * (3 + 3 + 1));
    assert.equal((await listAccuracy(db)).length, second.accuracyRows);
    const [latest] = await db.pool.query<Array<{ n: bigint; issued: Date }>>(
      'SELECT COUNT(*) AS n, MIN(issued_at) AS issued FROM dashboard_latest_forecast',
    );
    assert.equal(Number(latest!.n), 2 * HORIZON);
    assert.equal(latest!.issued.getTime(), later);
    const [status] = await db.pool.query<Array<{ n: bigint }>>(
      'SELECT COUNT(*) AS n FROM dashboard_series_status',
    );
    assert.ok(Number(status!.n) >= seeded.hourly.length);

    const before = await snapshot(db);
    const again = await run({ nominalTime: later, shardSize: 2 }, 'again');
    assert.deepEqual(again.forecast, second.forecast);
    assert.deepEqual(await snapshot(db), before);
  });

  it('refuses to run without a nominal time rather than read the wall clock', async () => {
    await assert.rejects(run({}, 'no-time'), (e: unknown) => {
      assert.ok(e instanceof WorkflowFailedError);
      assert.match(String(e.cause?.message), /input\.nominalTime must be/);
      return true;
    });
  });

  it('completes after the worker process is killed mid-cycle, with no missing or doubled forecast rows', async () => {
    const killDb = await createTestDb('cyclekill');
    const kill = { io: `test-cycle-kill-io-${process.pid}`, ml: `test-cycle-kill-ml-${process.pid}` };
    const workerEnv = {
      METRICAST_TEMPORAL_ADDRESS: env.address,
      METRICAST_IO_TASK_QUEUE: kill.io,
      METRICAST_ML_TASK_QUEUE: kill.ml,
      METRICAST_DB_DATABASE: killDb.settings.database,
    };
    const start = (nominalTime: number) =>
      env.client.workflow.start(forecastCycleWorkflow, {
        taskQueue: kill.io,
        workflowId: `test-forecast-cycle-kill/${nominalTime}/${Date.now()}`,
        args: [{ nominalTime, shardSize: 1, mlTaskQueue: kill.ml }],
      });
    const { hourly } = await seedCycleDb(killDb, 3);
    const lock = await killDb.pool.getConnection();
    let first: ChildProcess | undefined;
    let second: ChildProcess | undefined;
    try {
      // The real worker process serves both queues; a first cycle through it leaves rows to lock against.
      first = startWorkerProcess(workerEnv);
      assert.equal((await (await start(NOMINAL)).result()).forecast.rows, 3 * HORIZON);
      // Hold a gap lock where the first series' next rows go (the gap up to the second series' first
      // row): its shard is then stuck mid-activity while the others finish, so the kill lands in the
      // middle of the cycle every time. The last series would not do: the lock would also cover the
      // gap before its first row, where the second series' rows go.
      await lock.beginTransaction();
      await lock.query('SELECT series_id FROM forecasts WHERE series_id = ? FOR UPDATE', [hourly[0]]);
      const later = NOMINAL + HOUR_MS;
      const handle = await start(later);
      await waitForStuckShard(handle, shardWorkflowId(later, '1h', 0));
      first.kill('SIGKILL');
      await exited(first);
      await lock.rollback();
      second = startWorkerProcess(workerEnv);
      const result = await handle.result();
      // The stuck shard's activity ran twice: cut off by the kill, then retried on the new worker.
      const history = await env.client.workflow.getHandle(shardWorkflowId(later, '1h', 0)).fetchHistory();
      const attempts = history.events?.flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
      assert.deepEqual(attempts, [2]);
      assert.deepEqual(result.forecast, {
        series: 3,
        forecast: 3,
        rows: 3 * HORIZON,
        noChampion: 0,
        stale: 0,
        staleSeries: [],
        failed: 0,
        failures: [],
      });
      for (const issuedAt of [NOMINAL, later]) {
        const issued = await forecastsIssuedAt(killDb, issuedAt);
        assert.deepEqual(
          issued.map((s) => [s.seriesId, s.rows, s.targets]),
          hourly.map((id) => [id, HORIZON, HORIZON]),
        );
      }
    } finally {
      await lock.release();
      if (first && first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
      second?.kill('SIGTERM');
      if (second) await exited(second);
      await killDb.drop();
    }
  });

  /** Waits until two shards are done and the stuck one's activity has started (and is blocked). */
  async function waitForStuckShard(
    handle: Awaited<ReturnType<typeof env.client.workflow.start<typeof forecastCycleWorkflow>>>,
    stuckShardId: string,
  ): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const p = await handle.query(getForecastCycleProgressQuery).catch(() => undefined);
      const shard = await env.client.workflow
        .getHandle(stuckShardId)
        .describe()
        .catch(() => undefined);
      // 2 is PENDING_ACTIVITY_STATE_STARTED: a worker holds the activity.
      const started = shard?.raw.pendingActivities?.some((a) => Number(a.state) === 2);
      if (p?.stage === 'forecast' && p.shardsDone === 2 && started) return;
      assert.ok(Date.now() < deadline, `cycle never reached a stuck shard: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
