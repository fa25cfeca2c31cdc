import assert from 'node:assert/strict';
import type { ScheduleExecutionResult, ScheduleHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSchedule, type EnsureScheduleOptions } from '../../src/client/commands/schedule';
import { retrainWorkflowId, type ForecastCycleSummary } from '../../src/workflows';
import type { SeriesId } from '../../src/shared';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { forecastsIssuedAt, HORIZON, NOMINAL, seedCycleDb, startCycleWorkers } from './cycle-fixtures';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

describe('client/ensureSchedule and the scheduled forecast cycle', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stopWorkers: () => Promise<void>;
  let handle: ScheduleHandle;
  let seeded: { hourly: SeriesId[]; withChampion: SeriesId[] };
  const queues = { io: `test-schedule-io-${process.pid}`, ml: `test-schedule-ml-${process.pid}` };
  const options: EnsureScheduleOptions = {
    taskQueue: queues.io,
    mlTaskQueue: queues.ml,
    scheduleId: `test-forecast-cycle-${process.pid}-${Date.now()}`,
    workflowId: `test-forecast-cycle-${process.pid}`,
  };

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('schedule');
    seeded = await seedCycleDb(db, 2);
    stopWorkers = await startCycleWorkers(env, db, queues);
    handle = env.client.schedule.getHandle(options.scheduleId as string);
  });
  after(async () => {
    await handle.delete().catch(() => undefined);
    await stopWorkers();
    await db.drop();
  });

  /** The action the schedule took for `scheduledAt` (or the newest one after `since`), once it shows. */
  async function actionFor(match: (a: ScheduleExecutionResult) => boolean): Promise<ScheduleExecutionResult> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = (await handle.describe()).info.recentActions.find(match);
      if (found) return found;
      assert.ok(Date.now() < deadline, 'the schedule took no matching action within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const resultOf = (action: ScheduleExecutionResult): Promise<ForecastCycleSummary> =>
    env.client.workflow
      .getHandle<() => Promise<ForecastCycleSummary>>(action.action.workflow.workflowId)
      .result();

  it('creates the schedule once and updates it in place when ensured again', async () => {
    const created = await ensureSchedule(env.client, options);
    assert.equal(created.action, 'created');
    const first = await handle.describe();
    assert.equal(first.policies.overlap, 'BUFFER_ONE');
    assert.equal(first.policies.catchupWindow, 24 * HOUR_MS);
    assert.deepEqual(first.spec.intervals, [{ every: HOUR_MS, offset: 5 * MINUTE_MS }]);
    assert.equal(created.nextActionTimes[0]!.getTime() % HOUR_MS, 5 * MINUTE_MS);

    const updated = await ensureSchedule(env.client, { ...options, offsetMinutes: 7 });
    assert.equal(updated.action, 'updated');
    const second = await handle.describe();
    assert.deepEqual(second.spec.intervals, [{ every: HOUR_MS, offset: 7 * MINUTE_MS }]);
    assert.equal(
      second.action.type === 'startWorkflow' && second.action.workflowType,
      'forecastCycleWorkflow',
    );
    // Listing is eventually consistent: wait until the update shows, then count schedules with this id.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const listed: string[] = [];
      for await (const s of env.client.schedule.list())
        if (s.scheduleId === options.scheduleId) listed.push(s.scheduleId);
      if (listed.length === 1) break;
      assert.ok(
        Date.now() < deadline,
        `expected one schedule ${options.scheduleId}, listed ${listed.length}`,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('takes its nominal hour from the scheduled time of a backfilled action, not the wall clock', async () => {
    // The action at 10:07 on 2014-02-20 belongs to the 10:00 cycle; the workflow input names no time.
    await handle.backfill({
      start: new Date(NOMINAL),
      end: new Date(NOMINAL + 30 * MINUTE_MS),
      overlap: 'ALLOW_ALL',
    });
    const action = await actionFor((a) => a.scheduledAt.getTime() === NOMINAL + 7 * MINUTE_MS);
    assert.match(action.action.workflow.workflowId, /^test-forecast-cycle-\d+-2014-02-20T10:07:00Z$/);
    const summary = await resultOf(action);
    assert.equal(summary.nominalTime, NOMINAL);
    assert.deepEqual([summary.forecast.forecast, summary.forecast.rows], [2, 2 * HORIZON]);
    assert.deepEqual(
      (await forecastsIssuedAt(db, NOMINAL)).map((s) => s.rows),
      [HORIZON, HORIZON],
    );
  });

  it('runs a cycle for the current hour when triggered', async () => {
    // The backfilled cycle started first-champion retrains (abandoned) for the series without one:
    // let them finish, so what this cycle finds does not depend on how fast they trained.
    for (const id of seeded.hourly.filter((h) => !seeded.withChampion.includes(h)))
      await env.client.workflow
        .getHandle(retrainWorkflowId(id))
        .result()
        .catch(() => undefined);
    const [row] = await db.pool.query<Array<{ n: bigint }>>(
      "SELECT COUNT(*) AS n FROM model_aliases WHERE alias = 'champion' AND granularity = '1h'",
    );
    const champions = Number(row!.n);
    assert.ok(champions >= 2, `${champions} hourly champions`);
    const since = Date.now() - 1_000;
    await handle.trigger();
    const action = await actionFor((a) => a.takenAt.getTime() >= since && a.scheduledAt.getTime() >= since);
    const summary = await resultOf(action);
    assert.equal(summary.nominalTime, Math.floor(action.scheduledAt.getTime() / HOUR_MS) * HOUR_MS);
    // The seeded data ends in 2014: every champion's series is stale (no forecast about their past,
    // and no failure), the 5-minute series have no champion, and the cycle still completes.
    assert.deepEqual(
      [summary.forecast.forecast, summary.forecast.failed, summary.forecast.stale, summary.forecast.rows],
      [0, 0, champions, 0],
    );
    assert.equal(summary.forecast.noChampion, summary.forecast.series - champions);
    assert.ok(summary.forecast.series > 3, 'both granularities are forecast');
  });
});
