/**
 * One deployment layout of bench:cluster: a Temporal server, a database of its own, and worker
 * processes (1 I/O, N ML) on task queues of their own, started and stopped together.
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { Db } from '../src/db';
import { forecastCycleWorkflow } from '../src/workflows';
import { WorkerRig } from '../test/faults/support/fault-rig';
import { createTestDb, type TestDb } from '../test/support/test-db';
import { HORIZON } from './cycle-seed';

export interface LayoutSpec {
  readonly name: string;
  readonly server: 'dev' | 'cluster';
  readonly mlWorkers: number;
}

export interface Layout {
  readonly spec: LayoutSpec;
  readonly client: Client;
  readonly db: TestDb;
  readonly io: WorkerRig;
  readonly ml: readonly WorkerRig[];
  /** Seconds until every worker process polled its queues. */
  readonly startS: number;
  /** Timed cycles, seconds. */
  readonly seconds: number[];
  workerPids(): number[];
  stop(): Promise<void>;
}

export async function startLayout(spec: LayoutSpec, client: Client, address: string): Promise<Layout> {
  const db = await createTestDb(`bench${spec.name}`);
  const env = { METRICAST_TEMPORAL_ADDRESS: address, METRICAST_DB_DATABASE: db.settings.database };
  const label = `bench-${spec.name.replace(/_/g, '-')}`;
  const io = new WorkerRig(client, env, label, 'io');
  const ml = Array.from({ length: spec.mlWorkers }, () => new WorkerRig(client, env, label, 'ml'));
  const start = performance.now();
  await Promise.all([io, ...ml].map((w) => w.start()));
  const rigs = [io, ...ml];
  return {
    ...{ spec, client, db, io, ml },
    startS: (performance.now() - start) / 1000,
    seconds: [],
    workerPids: () => rigs.flatMap((w) => (w.pid === undefined ? [] : [w.pid])),
    async stop() {
      for (const w of rigs) await w.stop().catch(() => undefined);
      await db.drop().catch(() => undefined);
    },
  };
}

/**
 * Runs the cycle of `hour` to completion and returns its wall time. The workflow id names the
 * layout, and no follower is started, because two layouts share the cluster's namespace.
 */
export async function timedCycle(layout: Layout, hour: number, shardSize: number): Promise<number> {
  const start = performance.now();
  const handle = await layout.client.workflow.start(forecastCycleWorkflow, {
    taskQueue: layout.io.queues.io,
    workflowId: `bench-cluster/${layout.spec.name}/${new Date(hour).toISOString()}`,
    args: [
      {
        nominalTime: hour,
        horizon: HORIZON,
        shardSize,
        mlTaskQueue: layout.io.queues.ml,
        followRecords: false,
      },
    ],
  });
  await handle.result();
  return (performance.now() - start) / 1000;
}

/** Resident memory of a live process, from /proc (0 when it is gone). */
export function processRssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Data and index bytes per row of each table, after ANALYZE so InnoDB's estimates are fresh. */
export async function tableBytes(db: Db, tables: readonly string[]): Promise<Map<string, number>> {
  const bytes = new Map<string, number>();
  for (const table of tables) {
    await db.pool.query(`ANALYZE TABLE \`${table}\``);
    const [size] = await db.pool.query<Array<{ b: number }>>(
      `SELECT SUM(data_length + index_length) AS b FROM information_schema.TABLES
       WHERE table_schema = DATABASE() AND table_name = ?`,
      [table],
    );
    const [count] = await db.pool.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM \`${table}\``);
    bytes.set(table, Number(size?.b ?? 0) / Math.max(1, Number(count?.n ?? 0)));
  }
  return bytes;
}
