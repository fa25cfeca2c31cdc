import { bundleWorkflowCode, Runtime, Worker, type NativeConnection } from '@temporalio/worker';
import { infoAsDebug } from './log-format';
import type { Config } from '../config';

/** What both workers are built from. */
export interface WorkerOptions {
  readonly config: Config;
  readonly connection: NativeConnection;
  readonly activities: Record<string, (...args: never[]) => unknown>;
  /** Overrides the configured task queue (tests use one queue each). */
  readonly taskQueue?: string;
}

/**
 * The I/O worker: every workflow, plus the activities that read sources and write MariaDB.
 * Workflows are bundled from `src/workflows` by path, so only deterministic code runs in the sandbox.
 */
export async function createIoWorker(options: WorkerOptions): Promise<Worker> {
  const { config } = options;
  // Bundled here rather than by Worker.create so webpack's multi-line report goes to debug level.
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: infoAsDebug(Runtime.instance().logger),
  });
  return Worker.create({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.ioTaskQueue,
    workflowBundle,
    activities: options.activities,
    maxConcurrentActivityTaskExecutions: config.worker.ioConcurrency,
    shutdownGraceTime: `${config.worker.shutdownGraceSeconds} seconds`,
  });
}

/**
 * The ML worker: training and batched inference only, no workflows. Its concurrency stays near
 * the core count, so CPU-bound activities never starve each other's heartbeats.
 */
export function createMlWorker(options: WorkerOptions): Promise<Worker> {
  const { config } = options;
  return Worker.create({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.mlTaskQueue,
    activities: options.activities,
    maxConcurrentActivityTaskExecutions: config.worker.mlConcurrency,
    shutdownGraceTime: `${config.worker.shutdownGraceSeconds} seconds`,
  });
}
