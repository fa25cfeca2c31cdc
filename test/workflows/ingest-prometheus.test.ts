import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createPrometheusSource } from '../../src/ingest';
import { getIngestProgressQuery, ingestRangeWorkflow } from '../../src/workflows';
import { csvPoints, HISTORY, HISTORY_QUERIES, openMetricsOf } from '../ingest/support/prometheus-history';
import { startPrivatePrometheus, type PrivatePrometheus } from '../support/private-prometheus';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';

const STEP = 300_000;
const DAY = 86_400_000;
const DISK = HISTORY.find((s) => s.file === 'ec2_disk_write_bytes_c0d644.csv')!;

describe('workflows/ingestRangeWorkflow from Prometheus', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let prom: PrivatePrometheus;
  const taskQueue = `test-ingest-prom-${process.pid}`;
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('ingestprom');
    prom = await startPrivatePrometheus({ history: openMetricsOf([DISK]) });
    const prometheus = createPrometheusSource({
      url: prom.url,
      queries: HISTORY_QUERIES,
      labels: { keepLabels: ['job'], hostSuffixes: [] },
      stepMs: STEP,
      maxPointsPerQuery: 10_000,
      maxAttempts: 3,
      timeoutMs: 10_000,
    });
    const cleaning = { stepMs: STEP, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] };
    const cloudwatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../../src/workflows'),
      activities: createActivities({ db, cleaning, cloudwatch, prometheus }),
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await prom?.dispose();
    await db?.drop();
  });

  it('reads a three-day range in daily chunks and stores every point Prometheus holds', async () => {
    const points = csvPoints(DISK.file);
    const from = Math.ceil(points[0]!.t / DAY) * DAY;
    const range = { from, to: from + 3 * DAY };
    const handle = await env.client.workflow.start(ingestRangeWorkflow, {
      taskQueue,
      workflowId: `ingest/prometheus/test-${process.pid}`,
      args: [{ source: 'prometheus', range, chunkMs: DAY }],
    });
    const result = await handle.result();
    const expected = points.filter((p) => p.t >= range.from && p.t < range.to);
    assert.deepEqual([result.chunksDone, result.chunksTotal], [3, 3]);
    assert.equal(result.summary.series, 3, 'one series per daily chunk');
    assert.equal(result.summary.points5m, expected.length);
    assert.equal((await handle.query(getIngestProgressQuery)).chunksDone, 3);
    const rows = await db.pool.query<Array<{ ts: Date; value: number }>>(
      `SELECT o.ts, o.value FROM observations o JOIN series s ON s.id = o.series_id
       WHERE s.source = 'prometheus' AND s.granularity = '5m' ORDER BY o.ts`,
    );
    assert.deepEqual(
      rows.map((r) => ({ t: r.ts.getTime(), v: r.value })),
      expected,
    );
  });
});
