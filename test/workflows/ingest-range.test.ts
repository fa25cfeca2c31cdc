import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { getIngestProgressQuery, ingestRangeWorkflow, planWindows } from '../../src/workflows';
import { recordHistory } from '../support/histories';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { exited, startWorkerProcess } from '../support/worker-process';

const NAB = path.resolve('data/nab/realAWSCloudwatch');
const cleaning = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};
const noCloudWatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };

function folderWith(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'metricast-ingest-'));
  for (const f of files) copyFileSync(path.join(NAB, f), path.join(dir, f));
  return dir;
}

async function observationCount(db: TestDb): Promise<{ fine: number; hourly: number }> {
  const rows = await db.pool.query<Array<{ g: string; n: number }>>(
    'SELECT s.granularity AS g, COUNT(*) AS n FROM observations o JOIN series s ON s.id = o.series_id GROUP BY s.granularity',
  );
  return {
    fine: Number(rows.find((r) => r.g === '5m')?.n ?? 0),
    hourly: Number(rows.find((r) => r.g === '1h')?.n ?? 0),
  };
}

describe('workflows/ingestRangeWorkflow', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  const taskQueue = `test-ingest-${process.pid}`;
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('ingestwf');
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../../src/workflows'),
      activities: createActivities({ db, cleaning, cloudwatch: noCloudWatch }),
    });
    running = worker.run();
  });
  after(async () => {
    worker.shutdown();
    await running;
    await db.drop();
  });

  it('plans hour-aligned windows that cover the range', () => {
    const h = 3_600_000;
    assert.deepEqual(planWindows({ from: 0.5 * h, to: 50 * h }, 24 * h), [
      { from: 0, to: 24 * h },
      { from: 24 * h, to: 48 * h },
      { from: 48 * h, to: 50 * h },
    ]);
  });

  it('ingests a folder chunk by chunk, reports progress, and a repeat leaves the same rows', async () => {
    const dir = folderWith([
      'ec2_cpu_utilization_24ae8d.csv',
      'ec2_network_in_257a54.csv',
      'rds_cpu_utilization_cc0c53.csv',
    ]);
    const run = async () => {
      const handle = await env.client.workflow.start(ingestRangeWorkflow, {
        taskQueue,
        workflowId: `ingest-folder-${Date.now()}`,
        args: [{ source: 'file', path: dir }],
      });
      const result = await handle.result();
      recordHistory('ingest-range-folder', handle, env.address);
      return result;
    };
    const first = await run();
    assert.equal(first.chunksDone, 3);
    assert.equal(first.summary.series, 3);
    // Every raw point is kept; short gaps add interpolated ones.
    assert.ok(first.summary.points5m >= 3 * 4032);
    assert.equal(first.summary.points5m, 3 * 4032 + first.summary.filled);
    const counts = await observationCount(db);
    assert.equal(counts.fine, first.summary.points5m);
    assert.equal(counts.hourly, first.summary.pointsHourly);
    const before = await snapshotTable(db, 'observations', 'series_id, ts');
    await run();
    assert.equal(await snapshotTable(db, 'observations', 'series_id, ts'), before);
  });

  it('fails a bad file for good, naming line and value, and changes nothing stored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'metricast-bad-'));
    writeFileSync(
      path.join(dir, 'ec2_cpu_utilization_bad.csv'),
      'timestamp,value\n2014-02-14 14:30:00,1.5\n2014-02-14 14:35:00,abc\n',
    );
    const before = await snapshotTable(db, 'observations', 'series_id, ts');
    const seriesBefore = await snapshotTable(db, 'series', 'id');
    const handle = await env.client.workflow.start(ingestRangeWorkflow, {
      taskQueue,
      workflowId: `ingest-bad-${Date.now()}`,
      args: [{ source: 'file', path: dir }],
    });
    await assert.rejects(handle.result(), (e: unknown) => {
      assert.ok(e instanceof WorkflowFailedError);
      // WorkflowFailedError → ActivityFailure → ApplicationFailure carrying the parser's message.
      const message = String((e.cause?.cause as Error | undefined)?.message);
      assert.match(message, /line 3/);
      assert.match(message, /"abc"/);
      return true;
    });
    assert.equal(await snapshotTable(db, 'observations', 'series_id, ts'), before);
    assert.equal(await snapshotTable(db, 'series', 'id'), seriesBefore);
    recordHistory('ingest-range-bad-file', handle, env.address);
  });

  it('resumes where it stopped when the worker process is killed, with no missing or doubled rows', async () => {
    const killDb = await createTestDb('ingestkill');
    const queue = `test-ingest-kill-${process.pid}`;
    const workerEnv = {
      METRICAST_TEMPORAL_ADDRESS: env.address,
      METRICAST_IO_TASK_QUEUE: queue,
      METRICAST_DB_DATABASE: killDb.settings.database,
      // Ingestion needs only the I/O queue; the ML worker would load tfjs for nothing.
      METRICAST_WORKER_QUEUES: 'io',
    };
    try {
      const files = readdirSync(NAB).filter((f) => f.endsWith('.csv'));
      const first = startWorkerProcess(workerEnv);
      const handle = await env.client.workflow.start(ingestRangeWorkflow, {
        taskQueue: queue,
        workflowId: `ingest-kill-${Date.now()}`,
        args: [{ source: 'file', path: NAB, duplicates: 'keep-last' }],
      });
      // Kill the worker once a few chunks are done and the rest are still to come.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const p = await handle.query(getIngestProgressQuery).catch(() => undefined);
        if (p && p.chunksDone >= 2) break;
        assert.ok(Date.now() < deadline, `no progress within two minutes: ${JSON.stringify(p)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      first.kill('SIGKILL');
      await exited(first);
      const second = startWorkerProcess(workerEnv);
      try {
        const result = await handle.result();
        recordHistory('ingest-range-worker-killed', handle, env.address);
        assert.equal(result.chunksDone, files.length);
        const reference = await observationCount(killDb);
        assert.equal(reference.fine, result.summary.points5m);
        const dupes = await killDb.pool.query<Array<{ n: number }>>(
          'SELECT COUNT(*) AS n FROM (SELECT series_id, ts FROM observations GROUP BY series_id, ts HAVING COUNT(*) > 1) d',
        );
        assert.equal(Number(dupes[0]!.n), 0);
      } finally {
        second.kill('SIGTERM');
        await exited(second);
      }
    } finally {
      await killDb.drop();
    }
  });
});
