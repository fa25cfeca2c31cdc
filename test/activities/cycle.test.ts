import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createCycleActivities } from '../../src/activities/cycle';
import {
  createForecastShardActivities,
  type ForecastShardInput,
  type ForecastShardResult,
} from '../../src/activities/forecast-shard';
import type { CloudWatchFetchRequest, PrometheusFetchRequest } from '../../src/ingest';
import { EMPTY_SUMMARY } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';
import { forecastsIssuedAt, HORIZON, NOMINAL, seedCycleDb } from '../workflows/cycle-fixtures';

const HOUR_MS = 3_600_000;
const cleaning = { stepMs: 300_000, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] };

describe('activities/cycle and forecastShard', function () {
  this.timeout(60_000);
  let db: TestDb;

  before(async () => {
    db = await createTestDb('cycleact');
  });
  after(async () => {
    await db.drop();
  });

  it('ingestLatest reads [asOf − 2 h, asOf) when CloudWatch is configured and nothing when it is not', async () => {
    const requests: CloudWatchFetchRequest[] = [];
    const cloudwatch = {
      fetch: (request: CloudWatchFetchRequest) => {
        requests.push(request);
        const stats = { instances: 0, calls: 0, pages: 0, retries: 0, points: 0 };
        return Promise.resolve({ series: [], partial: [], messages: [], stats });
      },
    };
    const off = createCycleActivities({ db, cleaning, cloudwatch });
    assert.deepEqual(await off.ingestLatest({ asOf: NOMINAL }), EMPTY_SUMMARY);
    assert.equal(requests.length, 0);
    const on = createCycleActivities({ db, cleaning, cloudwatch, cloudwatchEnabled: true });
    assert.equal((await on.ingestLatest({ asOf: NOMINAL })).series, 0);
    assert.deepEqual(
      requests.map((r) => [r.from, r.to, r.instanceIds]),
      [[NOMINAL - 2 * HOUR_MS, NOMINAL, undefined]],
    );
  });

  it('ingestLatest reads every enabled live source in turn: CloudWatch, then Prometheus', async () => {
    const read: string[] = [];
    const stats = { instances: 0, calls: 0, pages: 0, retries: 0, points: 0 };
    const cloudwatch = {
      fetch: (r: CloudWatchFetchRequest) => {
        read.push(`cloudwatch ${r.from}..${r.to}`);
        return Promise.resolve({ series: [], partial: [], messages: [], stats });
      },
    };
    const prometheus = {
      fetch: (r: PrometheusFetchRequest) => {
        read.push(`prometheus ${r.from}..${r.to}`);
        const promStats = { queries: 0, requests: 0, retries: 0, series: 0, points: 0, queryMs: 0 };
        return Promise.resolve({ series: [], warnings: [], stats: promStats });
      },
    };
    const window = `${NOMINAL - 2 * HOUR_MS}..${NOMINAL}`;
    const promOnly = createCycleActivities({ db, cleaning, cloudwatch, prometheus });
    assert.deepEqual(await promOnly.ingestLatest({ asOf: NOMINAL }), EMPTY_SUMMARY);
    assert.deepEqual(read, [`prometheus ${window}`]);
    read.length = 0;
    const both = createCycleActivities({ db, cleaning, cloudwatch, prometheus, cloudwatchEnabled: true });
    await both.ingestLatest({ asOf: NOMINAL });
    assert.deepEqual(read, [`cloudwatch ${window}`, `prometheus ${window}`]);
  });

  it('forecastShard resumes after the series its last heartbeat says were written', async () => {
    const { hourly } = await seedCycleDb(db, 3);
    const done: ForecastShardResult = {
      series: 2,
      forecast: 2,
      rows: 2 * HORIZON,
      noChampion: 0,
      failed: 0,
      failures: [],
    };
    const env = new MockActivityEnvironment({ heartbeatDetails: { next: 2, done } });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const activities = createForecastShardActivities({ db });
    const result = await env.run((input: ForecastShardInput) => activities.forecastShard(input), {
      seriesIds: hourly,
      granularity: '1h' as const,
      issuedAt: NOMINAL,
    });
    assert.deepEqual(result, { ...done, series: 3, forecast: 3, rows: 3 * HORIZON });
    // Only the third series was forecast in this attempt; the first two were written by the earlier one.
    assert.deepEqual(
      (await forecastsIssuedAt(db, NOMINAL)).map((s) => [s.seriesId, s.rows]),
      [[hourly[2], HORIZON]],
    );
    assert.deepEqual(beats.at(-1), { next: 3, done: result });
  });
});
