import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readAnomalyStates } from '../../src/db';
import { forecastCycleWorkflow, type ForecastCycleInput } from '../../src/workflows';
import { recordHistory } from '../support/histories';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { NOMINAL, seedCycleDb, startCycleWorkers } from '../workflows/cycle-fixtures';

const HOUR = 3_600_000;

describe('workflows/forecastCycleWorkflow incremental anomaly step (Temporal, MariaDB)', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stop: () => Promise<void>;
  const queues = { io: `test-anomcycle-io-${process.pid}`, ml: `test-anomcycle-ml-${process.pid}` };

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('anomcycle');
    await seedCycleDb(db, 1);
    stop = await startCycleWorkers(env, db, queues);
  });
  after(async () => {
    await stop?.();
    await db?.drop();
  });

  const run = async (nominalTime: number, id: string) => {
    const handle = await env.client.workflow.start(forecastCycleWorkflow, {
      taskQueue: queues.io,
      workflowId: `test-anomaly-cycle/${id}/${Date.now()}`,
      args: [{ nominalTime, mlTaskQueue: queues.ml, followRecords: false } satisfies ForecastCycleInput],
    });
    return { handle, summary: await handle.result() };
  };

  it('scores every active series once: the first cycle learns their history, the same hour again scores nothing, the next hour only its new points', async () => {
    const first = await run(NOMINAL, 'first');
    recordHistory('forecast-cycle-anomalies', first.handle, env.address);
    const anomalies = first.summary.anomalies;
    assert.ok(anomalies !== undefined);
    assert.equal(anomalies.series, 3, 'the cycle lists the hourly series');
    assert.equal(anomalies.failedShards, 0);
    assert.ok((anomalies.scored ?? 0) > 3 * 24, `scored ${anomalies.scored}`);
    const ids = (
      await db.pool.query<Array<{ id: number }>>('SELECT id FROM series WHERE granularity = ?', ['1h'])
    ).map((r) => Number(r.id));
    const states = await readAnomalyStates(db, ids as never, 'likelihood');
    assert.equal(states.size, 3);
    assert.ok([...states.values()].every((s) => s.scoredUntil === NOMINAL - HOUR));

    const again = await run(NOMINAL, 'again');
    assert.deepEqual(again.summary.anomalies, {
      series: 3,
      flagged: 0,
      inserted: 0,
      failedShards: 0,
      scored: 0,
      mailed: 0,
    });
    const next = await run(NOMINAL + HOUR, 'next');
    assert.equal(next.summary.anomalies?.scored, 3, 'one new hourly point per series');
  });
});
