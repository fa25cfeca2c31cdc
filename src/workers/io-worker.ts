import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Config } from '../config';

export interface IoWorkerOptions {
  readonly config: Config;
  readonly connection: NativeConnection;
  readonly deps: ActivityDeps;
  /** Overrides the configured task queue (tests use one queue each). */
  readonly taskQueue?: string;
}

/**
 * The I/O worker: every workflow, plus the activities that read sources and write MariaDB.
 * Workflows are bundled from `src/workflows` by path, so only deterministic code runs in the sandbox.
 */
export function createIoWorker(options: IoWorkerOptions): Promise<Worker> {
  const { config } = options;
  return Worker.create({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.ioTaskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(options.deps),
    maxConcurrentActivityTaskExecutions: config.worker.ioConcurrency,
    shutdownGraceTime: `${config.worker.shutdownGraceSeconds} seconds`,
  });
}
