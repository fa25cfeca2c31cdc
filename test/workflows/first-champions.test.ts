import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getAlias, listDecisions } from '../../src/db';
import { forecastCycleWorkflow, retrainWorkflowId, type ForecastCycleInput } from '../../src/workflows';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { HORIZON, NOMINAL, seedCycleDb, startCycleWorkers } from './cycle-fixtures';

const HOUR = 3_600_000;

describe('workflows/forecastCycleWorkflow: first champions for series that came in live', function () {
  this.timeout(600_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stopWorkers: () => Promise<void>;
  const queues = { io: `test-first-io-${process.pid}`, ml: `test-first-ml-${process.pid}` };
  const run = (input: Omit<ForecastCycleInput, 'mlTaskQueue'>, id: string) =>
    env.client.workflow.execute(forecastCycleWorkflow, {
      taskQueue: queues.io,
      workflowId: `test-first-champions/${id}/${Date.now()}`,
      args: [{ ...input, mlTaskQueue: queues.ml, followRecords: false, anomalyLookbackHours: 0 }],
    });

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('firstchamp');
    stopWorkers = await startCycleWorkers(env, db, queues);
  });
  after(async () => {
    await stopWorkers?.();
    await db?.drop();
  });

  it('trains a first champion for each series with enough history, cold-starts a young one, once, and the next hour forecasts them', async () => {
    // Retrain workflow ids are `retrain/<series id>` on the run-wide Temporal server: ids of our own,
    // far from other test databases' 1, 2, 3, so no other file's retrain can stand in for ours.
    await db.pool.query(`ALTER TABLE series AUTO_INCREMENT = ${700_000 + (process.pid % 100_000) * 10}`);
    // Three hourly series with six days of history before the hour, one with a champion already.
    const { hourly, withChampion } = await seedCycleDb(db, 1);
    // The last series came in 30 hours before the hour: too young to train, old enough for the global model.
    const young = hourly[hourly.length - 1]!;
    await db.pool.query('DELETE FROM observations WHERE series_id = ? AND ts < ?', [
      young,
      new Date(NOMINAL - 30 * HOUR),
    ]);
    const without = hourly.filter((id) => !withChampion.includes(id) && id !== young);
    const off = await run({ nominalTime: NOMINAL }, 'off');
    assert.equal(off.firstChampions, undefined, 'off unless asked for');
    const first = await run({ nominalTime: NOMINAL, firstChampions: true }, 'first');
    assert.deepEqual(first.firstChampions, {
      ...{ candidates: 1, started: 1, alreadyRunning: 0 },
      ...{ coldStarted: 1, coldStartFailed: 0 },
    });
    for (const id of without) await env.client.workflow.getHandle(retrainWorkflowId(id)).result();
    const key = (seriesId: (typeof hourly)[number]) => ({
      seriesId,
      granularity: '1h' as const,
      horizon: HORIZON,
    });
    for (const id of without)
      assert.ok(await getAlias(db, key(id), 'champion'), `series ${id} has a champion`);
    const decisions = await listDecisions(db, {});
    assert.deepEqual(
      decisions.map((d) => [d.seriesId, d.reason, d.status]).sort(),
      without.map((id) => [id, 'forced', 'promoted']).sort(),
    );
    const cold = await getAlias(db, key(young), 'champion');
    assert.equal(cold?.metadata.hyperparameters['members'], 'global,naive', 'cold start: the global model');
    const next = await run({ nominalTime: NOMINAL + HOUR, firstChampions: true }, 'next');
    assert.deepEqual(next.firstChampions, {
      ...{ candidates: 0, started: 0, alreadyRunning: 0 },
      ...{ coldStarted: 0, coldStartFailed: 0 },
    });
    assert.equal(next.forecast.forecast, 3);
    assert.equal(next.forecast.noChampion, 0);
  });
});
