import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getAlias, getGlobalRun, latestGlobalVersion, listForecasts } from '../../src/db';
import { globalRunId } from '../../src/modelling';
import { forecastCycleWorkflow, type ForecastCycleInput } from '../../src/workflows';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { HORIZON, NOMINAL, seedCycleDb, startCycleWorkers } from './cycle-fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('workflows/forecastCycleWorkflow: the global model kept once per granularity', function () {
  this.timeout(600_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stopWorkers: () => Promise<void>;
  const queues = { io: `test-global-io-${process.pid}`, ml: `test-global-ml-${process.pid}` };
  const run = (input: Omit<ForecastCycleInput, 'mlTaskQueue'>, id: string) =>
    env.client.workflow.execute(forecastCycleWorkflow, {
      taskQueue: queues.io,
      workflowId: `test-global-model/${id}/${Date.now()}`,
      args: [{ ...input, mlTaskQueue: queues.ml, followRecords: false, anomalyLookbackHours: 0 }],
    });

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('globalcycle');
    stopWorkers = await startCycleWorkers(env, db, queues);
  });
  after(async () => {
    await stopWorkers?.();
    await db?.drop();
  });

  it('stores one global model, cold-starts a day-old series from it, and warm-starts it a day later', async () => {
    // Every series but the last has a champion, so no per-series training starts.
    const seeded = await seedCycleDb(db, 2);
    const young = seeded.hourly[seeded.hourly.length - 1]!;
    assert.ok(!seeded.withChampion.includes(young));
    await db.pool.query('DELETE FROM observations WHERE series_id = ? AND ts < ?', [
      young,
      new Date(NOMINAL - DAY),
    ]);
    const key = { granularity: '1h' as const, horizon: HORIZON };
    const first = await run({ nominalTime: NOMINAL, globalModel: true, firstChampions: true }, 'first');
    assert.deepEqual(first.globalModel?.['1h'], {
      ...{ status: 'trained', reason: 'first global model of the granularity' },
      ...{ version: 1, refit: 'full' },
    });
    assert.deepEqual(first.firstChampions, {
      ...{ candidates: 0, started: 0, alreadyRunning: 0 },
      ...{ coldStarted: 1, coldStartFailed: 0 },
    });
    const v1 = (await latestGlobalVersion(db, key))!;
    const cold = (await getAlias(db, { seriesId: young, ...key }, 'champion'))!;
    assert.equal(cold.metadata.hyperparameters['globalVersionId'], v1.id, 'served from the stored model');

    // The next hour forecasts the young series with it, and leaves the current global model alone.
    const next = await run({ nominalTime: NOMINAL + HOUR, globalModel: true }, 'next');
    const outcome = next.globalModel?.['1h'];
    assert.ok(outcome && 'status' in outcome && outcome.status === 'current', JSON.stringify(outcome));
    const rows = (await listForecasts(db, { seriesId: young })).filter((r) => r.issuedAt === NOMINAL + HOUR);
    assert.equal(rows.length, HORIZON);
    assert.ok(rows.every((r) => r.modelVersionId === cold.id && Number.isFinite(r.point)));

    // A day later the cycle updates it: warm-started from version 1, which its run records.
    const later = await run({ nominalTime: NOMINAL + DAY, globalModel: true }, 'later');
    assert.deepEqual(later.globalModel?.['1h'], {
      ...{ status: 'trained', reason: 'warm start from version 1' },
      ...{ version: 2, refit: 'update' },
    });
    const updateRun = (await getGlobalRun(db, globalRunId('1h', NOMINAL + DAY)))!;
    assert.deepEqual([updateRun.status, updateRun.parentVersionId], ['succeeded', v1.id]);
    assert.equal((await latestGlobalVersion(db, key))?.parentVersionId, v1.id);
  });
});
