import assert from 'node:assert/strict';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureRetentionSchedule } from '../../src/client/commands/retention-schedule';
import { listPartitions, upsertForecasts, upsertObservations } from '../../src/db';
import { dayStart, DAY_MS, partitionName } from '../../src/db/retention-plan';
import { asModelVersionId, type SeriesId } from '../../src/shared';
import { retentionWorkflow, type RetentionSummary } from '../../src/workflows';
import { seedSeries, testIdentity } from '../db/support/seed';
import { recordHistory } from '../support/histories';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { startDbWorker } from './worker-fixtures';

const HOUR = 3_600_000;
/** The nominal day of the recorded run: 03:17 on 2026-03-10 counts as the 03:00 hour. */
const NOMINAL = Date.UTC(2026, 2, 10, 3, 17);
const TODAY = Date.UTC(2026, 2, 10);
const policy = { observationsDays: 30, forecastsDays: 7, partitionsAhead: 2, partitionDays: 1 };

/** Observations at noon and forecasts targeting noon of each day, `dayOffsets` from TODAY. */
async function seedDays(db: TestDb, seriesId: SeriesId, dayOffsets: number[]): Promise<void> {
  const noon = (d: number) => TODAY + d * DAY_MS + 12 * HOUR;
  await upsertObservations(
    db,
    dayOffsets.map((d) => ({ seriesId, t: noon(d), value: d })),
  );
  await upsertForecasts(
    db,
    dayOffsets.map((d) => ({
      ...{ seriesId, modelVersionId: asModelVersionId(1), modelKind: 'naive', horizonStep: 1 },
      ...{ issuedAt: noon(d) - HOUR, targetAt: noon(d), point: 1, lower80: 0, upper80: 2 },
      ...{ lower95: -1, upper95: 3 },
    })),
  );
}

describe('workflows/retentionWorkflow (dev server, MariaDB)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stopWorker: (() => Promise<void>) | undefined;
  const taskQueue = `test-retention-${process.pid}`;

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('retentionwf');
    await seedDays(db, await seedSeries(db, testIdentity('kept')), [-40, -20, -5, -1, 0]);
    stopWorker = await startDbWorker(env, db, taskQueue);
  });
  after(async () => {
    await stopWorker?.();
    await db?.drop();
  });

  it('drops each table’s expired days, keeps the rest and readies the days ahead', async () => {
    const handle = await env.client.workflow.start(retentionWorkflow, {
      taskQueue,
      workflowId: `retention/test-${process.pid}`,
      args: [{ ...policy, nominalTime: NOMINAL }],
    });
    const summary: RetentionSummary = await handle.result();
    recordHistory('retention-daily', handle, env.address);
    assert.equal(summary.nominalTime, Date.UTC(2026, 2, 10, 3));
    const dropped = summary.tables.map((t) => [t.table, t.dropped.map((d) => [d.partition, d.rows])]);
    assert.deepEqual(dropped, [
      ['observations', [[partitionName(TODAY - 40 * DAY_MS), 1]]],
      // Forecasts keep 7 days: day -20 expires with day -40 (they share the collapsed partition).
      ['forecasts', [[partitionName(TODAY - 20 * DAY_MS), 2]]],
    ]);
    assert.equal(summary.droppedRows, 3);
    const names = (await listPartitions(db, 'forecasts')).map((p) => p.name);
    assert.deepEqual(names, [-5, -1, 0, 1, 2].map((d) => partitionName(TODAY + d * DAY_MS)).concat('pmax'));
  });

  it('fails for good, naming the setting, when the policy is invalid', async () => {
    const failure = await env.client.workflow
      .execute(retentionWorkflow, {
        taskQueue,
        workflowId: `retention/test-bad-${process.pid}`,
        args: [{ ...policy, observationsDays: 0, nominalTime: NOMINAL }],
      })
      .then(
        () => assert.fail('the workflow should fail'),
        (e: unknown) => e,
      );
    assert.ok(failure instanceof WorkflowFailedError && failure.cause instanceof ActivityFailure);
    const cause = failure.cause.cause;
    assert.ok(cause instanceof ApplicationFailure);
    assert.equal(cause.type, 'RetentionError');
    assert.equal(cause.message, 'input.keepDays must be an integer ≥ 1, got 0');
  });

  it('is scheduled daily at 03:17 UTC, runs once on creation and is updated in place', async () => {
    const scheduleId = `test-retention-${process.pid}-${Date.now()}`;
    const options = { taskQueue, retention: policy, scheduleId, workflowId: `test-retention-${process.pid}` };
    const handle = env.client.schedule.getHandle(scheduleId);
    try {
      assert.equal((await ensureRetentionSchedule(env.client, options)).action, 'created');
      const first = await handle.describe();
      assert.equal(first.policies.overlap, 'SKIP');
      assert.equal(first.spec.calendars?.[0]?.hour?.[0]?.start, 3);
      assert.equal(first.spec.calendars?.[0]?.minute?.[0]?.start, 17);
      // The run triggered on creation counts from now: today's partition exists afterwards.
      const deadline = Date.now() + 30_000;
      let described = first;
      while (described.info.recentActions.length === 0) {
        assert.ok(Date.now() < deadline, 'the schedule ran nothing on creation within 30 s');
        await new Promise((r) => setTimeout(r, 200));
        described = await handle.describe();
      }
      const run = described.info.recentActions[0]!.action.workflow.workflowId;
      const summary = await env.client.workflow.getHandle<typeof retentionWorkflow>(run).result();
      assert.equal(summary.tables.length, 2);
      const today = partitionName(dayStart(summary.nominalTime));
      assert.ok(
        (await listPartitions(db, 'observations')).some((p) => p.name === today),
        today,
      );

      const updated = await ensureRetentionSchedule(env.client, {
        ...options,
        retention: { ...policy, forecastsDays: 9 },
      });
      assert.equal(updated.action, 'updated');
      const after = await handle.describe();
      const args = after.action.type === 'startWorkflow' ? after.action.args : [];
      assert.deepEqual(args, [{ ...policy, forecastsDays: 9 }]);
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
