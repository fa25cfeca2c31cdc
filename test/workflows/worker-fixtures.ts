import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { Db } from '../../src/db';

const noCloudWatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };
const cleaning = { stepMs: 300_000, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] };

/**
 * One worker in this process running every workflow and activity over a test database, for
 * workflows that only read and write MariaDB (CloudWatch is not configured). Resolves to the stop.
 */
export async function startDbWorker(
  env: TestWorkflowEnvironment,
  db: Db,
  taskQueue: string,
): Promise<() => Promise<void>> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../src/workflows'),
    activities: createActivities({ db, cleaning, cloudwatch: noCloudWatch }),
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
  };
}
