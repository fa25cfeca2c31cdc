/**
 * The living demo, time-accelerated: the replay source feeds the hourly cycle as a live source would,
 * and consecutive cycles (run back to back with their nominal hours instead of waiting an hour each)
 * forecast every series ahead of its newest observation, reconcile the previous hour's records
 * against the points released since, and refresh accuracy. Real MariaDB, real Temporal, the real
 * bundled files.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createReplayActivities } from '../../src/activities/replay';
import { bridgedHistory } from '../../src/modelling';
import {
  listSeries,
  readObservations,
  registerVersion,
  setAlias,
  startDemoReplay,
  type Db,
} from '../../src/db';
import { createForecaster } from '../../src/forecast';
import { copyEnd, planReplay, spanOf, parseCsvPoints } from '../../src/ingest';
import { DEFAULT_HORIZON, modelHorizon, STEP_MS, type Granularity, type SeriesId } from '../../src/shared';
import { forecastCycleWorkflow, type ForecastCycleSummary } from '../../src/workflows';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo's start in this test: a fixed hour, so nothing depends on when the test runs. */
const ANCHOR = Date.UTC(2026, 10, 23, 10);
/** A two-week recording and one of four days, which starts over every four days. */
const FILES = ['ec2_cpu_utilization_825cc2.csv', 'iio_us-east-1_i-a2eb1cd9_NetworkIn.csv'];
const NAB = path.resolve('data/nab/realAWSCloudwatch');
const cleaning = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};
const noCloudWatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };

/** A seasonal-naive champion per series, fitted on its replayed history before the demo start. */
async function registerChampions(db: Db): Promise<SeriesId[]> {
  const ids: SeriesId[] = [];
  for (const granularity of ['1h', '5m'] as Granularity[]) {
    for (const s of await listSeries(db, { granularity })) {
      const stepMs = STEP_MS[granularity];
      const history = bridgedHistory(await readObservations(db, s.id, { from: 0, to: ANCHOR }), stepMs);
      assert.ok(history, `series ${s.id} has history`);
      const horizon = DEFAULT_HORIZON[granularity];
      const model = createForecaster('seasonal-naive');
      await model.fit(history, { horizon: modelHorizon(horizon), seasonPeriod: DAY / stepMs });
      const key = { seriesId: s.id, granularity, horizon };
      const { id } = await registerVersion(db, { ...key, artifact: await model.serialize() });
      await setAlias(db, key, 'champion', id, 'test fixture');
      model.dispose();
      ids.push(s.id);
    }
  }
  return ids;
}

async function newestObservations(db: Db): Promise<Map<number, number>> {
  const rows = await db.pool.query<Array<{ series_id: number; t: Date }>>(
    'SELECT series_id, MAX(ts) AS t FROM observations GROUP BY series_id',
  );
  return new Map(rows.map((r) => [Number(r.series_id), r.t.getTime()]));
}

describe('demo: the replay source feeds the hourly cycle (time-accelerated)', function () {
  this.timeout(600_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let dir: string;
  let worker: Worker;
  let running: Promise<void>;
  let seriesIds: SeriesId[];
  const queue = `test-demo-replay-${process.pid}`;

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('demo_replay');
    dir = mkdtempSync(path.join(os.tmpdir(), 'metricast-replay-'));
    for (const f of FILES) copyFileSync(path.join(NAB, f), path.join(dir, f));
    await startDemoReplay(db, { anchorAt: ANCHOR, holdBackHours: 72, historyDays: 14 });
    // What `metricast demo start` ingests: the shifted history up to the start, nothing after it.
    const replay = createReplayActivities({ db, cleaning, replayDataDir: dir });
    const history = await replay.ingestReplayWindow({ range: { from: ANCHOR - 14 * DAY, to: ANCHOR } });
    assert.equal(history.started, true);
    seriesIds = await registerChampions(db);
    const activities = createActivities({ db, cleaning, cloudwatch: noCloudWatch, replayDataDir: dir });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: queue,
      workflowsPath: require.resolve('../../src/workflows'),
      activities,
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cycle = (hour: number): Promise<ForecastCycleSummary> =>
    env.client.workflow.execute(forecastCycleWorkflow, {
      taskQueue: queue,
      workflowId: `test-demo-cycle-${process.pid}-${hour}`,
      args: [
        {
          nominalTime: hour,
          granularities: ['1h', '5m'],
          mlTaskQueue: queue,
          anomalyLookbackHours: 0,
          followRecords: false,
        },
      ],
    });

  it('starts with the shifted history up to the demo start and nothing after it', async () => {
    assert.equal(seriesIds.length, 4, 'two recordings at 5 minutes and hourly');
    const newest = await newestObservations(db);
    const fine = await listSeries(db, { granularity: '5m' });
    for (const s of fine) assert.equal(newest.get(s.id), ANCHOR - 300_000, s.name);
  });

  it('forecasts every series ahead of its newest data, reconciles the hours that closed and refreshes accuracy, hour after hour', async () => {
    let previous: number | undefined;
    let twoBack: number | undefined;
    for (let hour = ANCHOR; hour < ANCHOR + 4 * HOUR; hour += HOUR) {
      const summary = await cycle(hour);
      // The replay released the points of the hour that just closed, as a live source would.
      const newest = await newestObservations(db);
      for (const s of await listSeries(db, { granularity: '5m' }))
        assert.equal(newest.get(s.id), hour - 300_000);
      for (const s of await listSeries(db, { granularity: '1h' }))
        assert.equal(newest.get(s.id), hour - HOUR);
      assert.equal(summary.ingest.series, 2);
      assert.deepEqual(
        [summary.forecast.series, summary.forecast.forecast, summary.forecast.stale, summary.forecast.failed],
        [4, 4, 0, 0],
      );
      assert.equal(summary.forecast.rows, 2 * (6 + 12));
      // Every forecast looks ahead: the interval starting at the issue hour is under way, so its
      // first target is the next one, after the newest observation; none targets the issue time.
      const targets = await db.pool.query<
        Array<{ series_id: number; first: Date; early: number; granularity: Granularity }>
      >(
        `SELECT f.series_id, MIN(f.target_at) AS first, SUM(f.target_at <= f.issued_at) AS early, s.granularity
           FROM forecasts f JOIN series s ON s.id = f.series_id WHERE f.issued_at = ? GROUP BY f.series_id`,
        [new Date(hour)],
      );
      assert.equal(targets.length, 4);
      for (const t of targets) {
        assert.equal(t.first.getTime(), hour + STEP_MS[t.granularity]);
        assert.ok(t.first.getTime() > (newest.get(Number(t.series_id)) ?? Infinity));
        assert.equal(Number(t.early), 0);
      }
      if (twoBack !== undefined && previous !== undefined) {
        // The first hourly target of the cycle two hours back (and the last 5-minute one) closed at
        // this hour: reconciled against the point the replay just released, and in this hour's
        // accuracy refresh.
        assert.ok(summary.reconcile.reconciled >= 2 + 2 * 12, `reconciled ${summary.reconcile.reconciled}`);
        const [rec] = await db.pool.query<Array<{ n: number; matched: number }>>(
          `SELECT COUNT(*) AS n, SUM(f.actual = o.value) AS matched
             FROM forecasts f JOIN observations o ON o.series_id = f.series_id AND o.ts = f.target_at
            WHERE f.issued_at = ? AND f.target_at = ? AND f.reconcile_status = 'reconciled'`,
          [new Date(twoBack), new Date(previous)],
        );
        assert.deepEqual([Number(rec?.n), Number(rec?.matched)], [4, 4]);
        assert.ok(summary.accuracyRows > 0);
        const [acc] = await db.pool.query<Array<{ n: number }>>(
          `SELECT COUNT(DISTINCT series_id) AS n FROM accuracy_aggregates WHERE window_name = '1h' AND as_of = ?`,
          [new Date(hour)],
        );
        assert.equal(Number(acc?.n), 4, 'accuracy refreshed as of this hour for every series');
      }
      twoBack = previous;
      previous = hour;
    }
  });

  it('starts a recording over with a fresh shift when its held-back points run out, with no gap', async () => {
    const points = parseCsvPoints(
      (await import('node:fs')).readFileSync(path.join(dir, FILES[1]!), 'utf8'),
      FILES[1]!,
      { duplicates: 'keep-last' },
    );
    const plan = planReplay(spanOf(points)!, ANCHOR, 72 * HOUR);
    const seam = Math.floor(copyEnd(plan, 1) / HOUR) * HOUR;
    const replay = createReplayActivities({ db, cleaning, replayDataDir: dir });
    const window = { from: seam - 2 * HOUR, to: seam + 2 * HOUR };
    const result = await replay.ingestReplayWindow({ range: window });
    assert.equal(result.restarted, 1, 'the short recording started over inside the window');
    const [fine] = (await listSeries(db, { granularity: '5m' })).filter((s) => s.name.includes('i-a2eb1cd9'));
    const rows = await readObservations(db, fine!.id, window);
    assert.equal(rows.length, 48, 'one point every 5 minutes across the seam');
  });
});
