import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTrainingActivities } from '../../src/activities/training';
import { getAlias, getVersion, upsertObservations } from '../../src/db';
import type { ModelVersionId } from '../../src/shared';
import { forecastCycleWorkflow, type ForecastCycleInput } from '../../src/workflows';
import { cycleLogLine } from '../../src/workflows/cycle-log';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { HOUR, storeGeneratedHost, type StoredHost } from '../modelling/covariate-fixtures';
import { startCycleWorkers } from './cycle-fixtures';

/** Model versions of the forecasts issued at `issuedAt` for one series. */
async function versionsIssued(db: TestDb, seriesId: number, issuedAt: number): Promise<number[]> {
  const rows = await db.pool.query<Array<{ v: number }>>(
    'SELECT DISTINCT model_version_id AS v FROM forecasts WHERE series_id = ? AND issued_at = ?',
    [seriesId, new Date(issuedAt)],
  );
  return rows.map((r) => Number(r.v));
}

describe('workflows/forecastCycleWorkflow serves covariate twins (MariaDB, Temporal)', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let host: StoredHost;
  let twinId: ModelVersionId;
  let plainId: ModelVersionId;
  let stopWorkers: () => Promise<void>;
  const queues = { io: `test-cycov-io-${process.pid}`, ml: `test-cycov-ml-${process.pid}` };
  const run = async (input: Omit<ForecastCycleInput, 'mlTaskQueue'>, id: string) => {
    const handle = await env.client.workflow.start(forecastCycleWorkflow, {
      taskQueue: queues.io,
      workflowId: `test-cycle-covariates/${id}/${Date.now()}`,
      args: [{ ...input, mlTaskQueue: queues.ml }],
    });
    return handle.result();
  };

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('cycov');
    // A host whose traffic leads its CPU by three hours: the CPU's dense model gets a twin, served.
    host = await storeGeneratedHost(db, { seed: 1, length: 24 * 21, lead: 3, leading: true });
    const summary = await createTrainingActivities({ db }).trainSeries({
      ...{ seriesId: host.cpu, granularity: '1h', window: host.window, kinds: ['dense'] },
      ...{ runIdPrefix: 'retrain/cycov', promote: 'champion-if-better' },
    });
    assert.equal(summary.covariateTwins?.[0]?.served, true, summary.covariateTwins?.[0]?.reason);
    twinId = summary.selected.versionId;
    plainId = summary.versionIds[0] as ModelVersionId;
    assert.equal(
      (await getAlias(db, { seriesId: host.cpu, granularity: '1h', horizon: 6 }, 'champion'))?.id,
      twinId,
    );
    stopWorkers = await startCycleWorkers(env, db, queues);
  });
  after(async () => {
    await stopWorkers?.();
    await db?.drop();
  });

  it('forecasts with the twin while its covariate is current', async () => {
    const issuedAt = host.window.to;
    const summary = await run({ nominalTime: issuedAt, shardSize: 10 }, 'current');
    // The host's three other series have no champion of their own.
    assert.deepEqual([summary.forecast.forecast, summary.forecast.noChampion], [1, 3]);
    assert.equal(summary.forecast.covariateFallbacks, undefined);
    assert.deepEqual(await versionsIssued(db, host.cpu, issuedAt), [twinId]);
    assert.doesNotMatch(cycleLogLine(summary, ['1h']), /covariate fallbacks/);
    const twin = (await getVersion(db, twinId))!;
    assert.equal(twin.metadata.hyperparameters['withoutCovariates'], plainId);
  });

  it('falls back to the plain twin when the covariate is stale, and counts it', async () => {
    // CPU, memory and disk report the next hour; traffic stops: its newest value is an hour old.
    const next = host.window.to;
    const reporting = [host.cpu, host.others['memory']!, host.others['disk']!];
    await upsertObservations(
      db,
      reporting.map((seriesId) => ({ seriesId, t: next, value: 50 })),
    );
    const issuedAt = next + HOUR;
    const summary = await run({ nominalTime: issuedAt, shardSize: 10 }, 'stale');
    assert.deepEqual([summary.forecast.forecast, summary.forecast.noChampion], [1, 3]);
    assert.equal(summary.forecast.covariateFallbacks, 1);
    assert.deepEqual(await versionsIssued(db, host.cpu, issuedAt), [plainId]);
    assert.match(
      cycleLogLine(summary, ['1h']),
      /; covariate fallbacks 1 \(a covariate missing or stale: plain twin served\);/,
    );
  });
});
