/**
 * A small worker-thread pool for the accuracy benchmark: models × series are independent, so two
 * cores evaluate two at a time. This file is also the worker's entry point. `workers: 0` runs
 * everything in-process (simplest to debug).
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { runTask, type Task, type TaskOutcome } from './accuracy-tasks';

/** Runs `tasks` on `workers` threads, calling `onDone` as each finishes; results keep task order. */
export async function runPool(
  tasks: readonly Task[],
  workers: number,
  onDone: (index: number, outcome: TaskOutcome) => void = () => undefined,
): Promise<TaskOutcome[]> {
  const results: TaskOutcome[] = new Array<TaskOutcome>(tasks.length);
  let next = 0;
  const take = (): number | undefined => (next < tasks.length ? next++ : undefined);
  const finish = (index: number, outcome: TaskOutcome): void => {
    results[index] = outcome;
    onDone(index, outcome);
  };
  if (workers <= 0) {
    for (let i = take(); i !== undefined; i = take()) finish(i, await runTask(tasks[i] as Task));
    return results;
  }
  const lanes = Array.from({ length: Math.min(workers, tasks.length) }, () => lane(tasks, take, finish));
  await Promise.all(lanes);
  return results;
}

/** One worker thread pulling tasks until none are left. */
async function lane(
  tasks: readonly Task[],
  take: () => number | undefined,
  finish: (index: number, outcome: TaskOutcome) => void,
): Promise<void> {
  // Workers load TypeScript through tsx, exactly as the benchmark itself is started.
  const worker = new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'] });
  try {
    for (let i = take(); i !== undefined; i = take()) {
      finish(i, await ask(worker, tasks[i] as Task));
    }
  } finally {
    await worker.terminate();
  }
}

function ask(worker: Worker, task: Task): Promise<TaskOutcome> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    worker.once('error', onError);
    worker.once('message', (outcome: TaskOutcome) => {
      worker.off('error', onError);
      resolve(outcome);
    });
    worker.postMessage(task);
  });
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  port.on('message', (task: Task) => {
    void runTask(task).then((outcome) => port.postMessage(outcome));
  });
}
