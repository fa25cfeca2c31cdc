/**
 * The cycle benchmark's harness: a local Temporal dev server, the production I/O and ML workers
 * (`createIoWorker`/`createMlWorker`, configured concurrency) in this process over instrumented
 * activities, and one timed `forecastCycleWorkflow` run at a time.
 */
import { TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { ChampionCache, createActivities } from '../src/activities';
import type { Db } from '../src/db';
import { loadConfig, type Config } from '../src/config';
import { splitActivities } from '../src/workers/activity-split';
import { createIoWorker, createMlWorker } from '../src/workers/create-workers';
import { forecastCycleWorkflow, type ForecastCycleSummary } from '../src/workflows';
import { sharedTemporalEnv, stopSharedTemporalEnv } from '../test/support/temporal-env';
import { Probe, SwitchableDb, type Span } from './cycle-probe';
import { HORIZON } from './cycle-seed';
import { cycleTimeline, type Timeline } from './cycle-timeline';
import { bufferPoolReads, killAll, watchSlowQueries, type BufferPoolReads } from './cycle-watch';

const cleaning = { stepMs: 300_000, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] };
const noCloudWatch = { fetch: () => Promise.reject(new Error('bench:cycle reads no CloudWatch')) };

export interface Harness {
  readonly env: TestWorkflowEnvironment;
  readonly config: Config;
  readonly probe: Probe;
  readonly db: SwitchableDb;
  readonly queues: { readonly io: string; readonly ml: string };
  /** The ML worker's loaded champions; version ids repeat across databases, so clear it when switching. */
  readonly championCache: ChampionCache;
  /** Seconds to start the server and build both workers (bundling the workflows). */
  readonly startSeconds: number;
  stop(): Promise<void>;
}

/** What one timed cycle did and how long it took. */
export interface CycleRun {
  readonly seconds: number;
  /** Absent when the cycle did not finish within the timeout. */
  readonly summary: ForecastCycleSummary | undefined;
  /** Activities still running when the cycle timed out. */
  readonly stuck: readonly string[];
  readonly spans: readonly Span[];
  readonly queries: ReadonlyMap<string, { readonly ms: number; readonly n: number }>;
  /** InnoDB page reads during the cycle, server-wide: a pool too small for the data shows as disk reads. */
  readonly pageReads: BufferPoolReads;
  /** Every second of a finished cycle on Temporal's clock; absent when it timed out. */
  readonly timeline?: Timeline;
}

/** Starts the server and both workers, with a champion cache of the configured size unless given one. */
export async function startHarness(
  options: { readonly championCache?: ChampionCache } = {},
): Promise<Harness> {
  const start = performance.now();
  const env = await sharedTemporalEnv();
  const config = loadConfig();
  const probe = new Probe();
  const db = new SwitchableDb(probe);
  const championCache = options.championCache ?? new ChampionCache(config.worker.championCacheModels);
  const deps = { db, cleaning, cloudwatch: noCloudWatch, championCache };
  const all = probe.wrap(createActivities(deps));
  const { io, ml } = splitActivities(all);
  const queues = { io: `bench-cycle-io-${process.pid}`, ml: `bench-cycle-ml-${process.pid}` };
  const connection = env.nativeConnection;
  const workers: Worker[] = [
    await createIoWorker({ config, connection, activities: io, taskQueue: queues.io }),
    await createMlWorker({ config, connection, activities: ml, taskQueue: queues.ml }),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    ...{ env, config, probe, db, queues, championCache },
    startSeconds: (performance.now() - start) / 1000,
    async stop() {
      for (const w of workers) w.shutdown();
      await running;
      await stopSharedTemporalEnv();
    },
  };
}

/** After a timeout: kills the cycle's statements and waits (up to 2 min) for its activities to return. */
async function abandon(h: Harness, target: Db): Promise<void> {
  const until = performance.now() + 120_000;
  while (h.probe.inFlight().length > 0 && performance.now() < until) {
    await killAll(target, target.database);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * Runs the hourly cycle for `nominalTime` to completion and times it from the client. A cycle still
 * running after `timeoutS` is timed out by Temporal; its statements are killed and it is reported.
 */
export async function runCycle(
  h: Harness,
  nominalTime: number,
  options: { readonly shardSize: number; readonly timeoutS: number; readonly followRecords?: boolean },
): Promise<CycleRun> {
  h.probe.reset();
  const target = h.db.target;
  const stopWatch = watchSlowQueries(target, target.database);
  const readsBefore = await bufferPoolReads(target);
  const start = performance.now();
  const handle = await h.env.client.workflow.start(forecastCycleWorkflow, {
    taskQueue: h.queues.io,
    workflowId: `bench-cycle/${target.database}/${new Date(nominalTime).toISOString()}`,
    workflowExecutionTimeout: `${options.timeoutS} seconds`,
    args: [
      {
        nominalTime,
        granularity: '1h',
        horizon: HORIZON,
        shardSize: options.shardSize,
        mlTaskQueue: h.queues.ml,
        followRecords: options.followRecords,
      },
    ],
  });
  let summary: ForecastCycleSummary | undefined;
  try {
    summary = await handle.result();
  } catch (error) {
    if (!(error instanceof WorkflowFailedError && error.cause instanceof TimeoutFailure)) throw error;
    summary = undefined;
  } finally {
    stopWatch();
  }
  const seconds = (performance.now() - start) / 1000;
  const readsAfter = await bufferPoolReads(target);
  const pageReads = {
    requests: readsAfter.requests - readsBefore.requests,
    disk: readsAfter.disk - readsBefore.disk,
  };
  const run = { seconds, summary, stuck: summary ? [] : h.probe.inFlight(), pageReads };
  const spans = summary ? [...h.probe.spans] : [...h.probe.spans, ...h.probe.openSpans()];
  const measured = { spans, queries: new Map(h.probe.queries) };
  if (!summary) await abandon(h, target);
  const timeline = summary ? await cycleTimeline(h.env.client, handle.workflowId, seconds) : undefined;
  return { ...run, ...measured, ...(timeline && { timeline }) };
}
