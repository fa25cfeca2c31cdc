/**
 * What every fault test shares: a database seeded with five NAB series that all have a champion,
 * a real worker process (`src/workers/main.ts`) pointed at a given Temporal server and database,
 * and hourly cycles started by their business id, as the Schedule would start them.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { bridgedHistory } from '../../../src/modelling';
import { listSeries, readObservations, registerVersion, setAlias, type Db } from '../../../src/db';
import { createForecaster } from '../../../src/forecast';
import { modelHorizon, type SeriesId } from '../../../src/shared';
import { forecastCycleWorkflow, type ForecastCycleInput } from '../../../src/workflows';
import { exited, startWorkerProcess, workerOutput } from '../../support/worker-process';
import { testActivities } from '../../workflows/cycle-fixtures';

const NAB = path.resolve('data/nab/realAWSCloudwatch');
/** The five bundled series covering 2014-02-14 14:30 to 2014-02-28 14:30. */
const FILES = [
  'ec2_cpu_utilization_24ae8d.csv',
  'ec2_cpu_utilization_53ea38.csv',
  'ec2_cpu_utilization_5f5533.csv',
  'ec2_cpu_utilization_fe7f93.csv',
  'rds_cpu_utilization_cc0c53.csv',
];
export const HOUR_MS = 3_600_000;
/** The first cycle's nominal hour; every later cycle is one hour on, well inside the data. */
export const FIRST_HOUR = Date.UTC(2014, 1, 20, 10);
export const HORIZON = 6;
export const DEADLINE_MS = 2 * HOUR_MS;

/**
 * Every champion breaches at once (any error above 1e-9 on one record) and there is no cooldown, so
 * each cycle asks for retrains while earlier ones may still run: the case "never two at once" is about.
 * Two per cycle keeps the two cores free enough for the cycles themselves.
 */
export const RETRAIN_EVERY_CYCLE: ForecastCycleInput['monitoring'] = {
  thresholds: { rmse: 1e-9, minSamples: 1, cooldownMs: 0 },
  maxRetrains: 2,
};

/** Ingests the five files and registers a seasonal-naive champion per hourly series, fitted before the first hour. */
export async function seedFaultDb(db: Db): Promise<SeriesId[]> {
  const activities = testActivities(db);
  for (const file of FILES) await activities.ingestFile({ path: path.join(NAB, file) });
  const hourly = (await listSeries(db, { granularity: '1h' })).map((s) => s.id);
  for (const seriesId of hourly) {
    const history = bridgedHistory(
      await readObservations(db, seriesId, { from: 0, to: FIRST_HOUR }),
      HOUR_MS,
    );
    if (!history) throw new Error(`series ${seriesId} has no hourly history before ${FIRST_HOUR}`);
    const model = createForecaster('seasonal-naive');
    await model.fit(history, { horizon: modelHorizon(HORIZON), seasonPeriod: 24 });
    const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
    const { id } = await registerVersion(db, { ...key, artifact: await model.serialize() });
    await setAlias(db, key, 'champion', id, 'fault test fixture');
    model.dispose();
  }
  return hourly;
}

/** Which task queues a worker process polls (`METRICAST_WORKER_QUEUES`). */
export type WorkerServes = 'io' | 'ml' | 'io,ml';

/**
 * A real worker process; `restart` replaces a killed one. Rigs made with the same label share
 * their task queues, so several processes can serve one queue (the cluster test runs an I/O worker
 * and two ML workers that way).
 */
export class WorkerRig {
  private child: ChildProcess | undefined;
  readonly queues: { readonly io: string; readonly ml: string };

  constructor(
    private readonly client: Client,
    private readonly env: Record<string, string>,
    label: string,
    private readonly serves: WorkerServes = 'io,ml',
  ) {
    this.queues = { io: `faults-${label}-io-${process.pid}`, ml: `faults-${label}-ml-${process.pid}` };
  }

  /** Pid of the running process (its Temporal identity is `<pid>@<host>`); undefined once killed or stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts a worker process and waits until it polls the queues it serves. */
  async start(): Promise<void> {
    const child = startWorkerProcess({
      ...this.env,
      METRICAST_IO_TASK_QUEUE: this.queues.io,
      METRICAST_ML_TASK_QUEUE: this.queues.ml,
      METRICAST_WORKER_QUEUES: this.serves,
    });
    this.child = child;
    await this.waitForPollers(child);
  }

  /** SIGKILL, as a crash or an OOM kill would: no activity is told, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    // Graceful shutdown waits for in-flight activities (30 s grace); past that, a test must not hang.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    await exited(child);
    clearTimeout(timer);
    this.child = undefined;
  }

  /** The cycle of one nominal hour, with the Schedule's id for it, on this rig's queues. */
  startCycle(hour: number, extra: Partial<ForecastCycleInput> = {}) {
    return this.client.workflow.start(forecastCycleWorkflow, {
      taskQueue: this.queues.io,
      workflowId: `forecast-cycle/${new Date(hour).toISOString().slice(0, 16)}Z`,
      args: [{ nominalTime: hour, shardSize: 1, mlTaskQueue: this.queues.ml, ...extra }],
    });
  }

  /** The worker identity is `<pid>@<host>`: each queue served must list this process among its pollers. */
  private async waitForPollers(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 120_000;
    const service = this.client.workflowService;
    const polled = async (name: string, taskQueueType: 1 | 2) => {
      const d = await service
        .describeTaskQueue({ namespace: 'default', taskQueue: { name }, taskQueueType })
        .catch(() => undefined);
      return d?.pollers?.some((p) => p.identity?.startsWith(`${child.pid}@`)) ?? false;
    };
    // 1: workflow task queue (the I/O worker runs every workflow), 2: activity task queue.
    const ready = async () =>
      (!this.serves.includes('io') || (await polled(this.queues.io, 1))) &&
      (!this.serves.includes('ml') || (await polled(this.queues.ml, 2)));
    for (;;) {
      if (child.exitCode !== null) throw new Error(`worker process exited with ${child.exitCode}`);
      if (await ready()) return;
      if (Date.now() > deadline)
        throw new Error(
          `worker process ${child.pid} did not poll its queues within 120 s; its last output: ${workerOutput(child) || '(none)'}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export type CycleHandle = WorkflowHandle<typeof forecastCycleWorkflow>;
