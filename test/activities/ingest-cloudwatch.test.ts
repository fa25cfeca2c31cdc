import assert from 'node:assert/strict';
import { createIngestActivities } from '../../src/activities/ingest';
import { createCloudWatchSource } from '../../src/ingest';
import { startMoto, type MotoServer } from '../ingest/support/moto-server';
import {
  CREDENTIALS,
  INSTANCES,
  REGION,
  SLOTS,
  STEP,
  T0,
  seedCloudWatch,
  seededSeries,
} from '../ingest/support/seed-cloudwatch';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';

describe('activities/ingestCloudWatchWindow (moto → MariaDB)', function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let db: TestDb;
  let source: ReturnType<typeof createCloudWatchSource>;
  const seeded = seededSeries();

  before(async () => {
    moto = await startMoto();
    await seedCloudWatch(moto.endpoint, seeded);
    db = await createTestDb('cwingest');
    source = createCloudWatchSource(
      {
        region: REGION,
        endpoint: moto.endpoint,
        instanceIds: [],
        ec2Namespace: 'AWS/EC2',
        ec2Metrics: ['CPUUtilization', 'NetworkIn', 'NetworkOut'],
        memoryNamespace: 'CWAgent',
        memoryMetric: 'mem_used_percent',
        periodSeconds: 300,
        // Small limits force several calls and windows, as a large fleet would.
        maxQueriesPerCall: 5,
        maxDatapointsPerCall: 60,
        maxAttempts: 3,
      },
      { credentials: CREDENTIALS },
    );
  });
  after(async () => {
    source.destroy();
    await db.drop();
    await moto.stop();
  });

  const activities = () =>
    createIngestActivities({
      db,
      // maxGapMs 0: no interpolation, so stored rows are exactly the seeded datapoints.
      cleaning: { stepMs: STEP, maxGapMs: 0, minCoverage: 0.5, dropPatterns: ['error', 'packet'] },
      cloudwatch: source,
    });

  it('stores every seeded datapoint of every instance and metric, with hourly aggregates', async () => {
    const range = { from: T0, to: T0 + SLOTS * STEP };
    const summary = await activities().ingestCloudWatchWindow({ range, instanceIds: INSTANCES });
    const expected = seeded.reduce((n, s) => n + s.points.length, 0);
    assert.equal(summary.series, seeded.length);
    assert.equal(summary.points5m, expected);
    const rows = await db.pool.query<Array<{ metric: string; host: string; ts: Date; value: number }>>(
      `SELECT s.metric, s.host, o.ts, o.value FROM observations o JOIN series s ON s.id = o.series_id
       WHERE s.granularity = '5m' ORDER BY s.host, s.metric, o.ts`,
    );
    assert.equal(rows.length, expected);
    for (const s of seeded) {
      const stored = rows
        .filter((r) => r.metric === s.metric && r.host === s.instance)
        .map((r) => [r.ts.getTime(), r.value]);
      assert.deepEqual(
        stored,
        s.points.map((p) => [p.t, p.v]),
        `${s.instance} ${s.metric}`,
      );
    }
    const hourly = await db.pool.query<Array<{ n: number }>>(
      `SELECT COUNT(*) AS n FROM observations o JOIN series s ON s.id = o.series_id WHERE s.granularity = '1h'`,
    );
    assert.equal(Number(hourly[0]!.n), seeded.length * 2);
  });

  it('leaves exactly the same rows when the same range is ingested again', async () => {
    const range = { from: T0, to: T0 + SLOTS * STEP };
    const before = await snapshotTable(db, 'observations', 'series_id, ts');
    const seriesBefore = await snapshotTable(db, 'series', 'id');
    await activities().ingestCloudWatchWindow({ range, instanceIds: INSTANCES });
    assert.equal(await snapshotTable(db, 'observations', 'series_id, ts'), before);
    assert.equal(await snapshotTable(db, 'series', 'id'), seriesBefore);
  });
});
