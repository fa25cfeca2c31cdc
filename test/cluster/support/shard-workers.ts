/**
 * Which worker process ran each forecast shard of a cycle, read from the shard workflows'
 * histories: the ActivityTaskStarted event of the attempt that completed names its worker
 * (`<pid>@<host>`) and its attempt number.
 */
import type { Client } from '@temporalio/client';
import { shardWorkflowId } from '../../../src/workflows';

export interface ShardRun {
  readonly shard: number;
  readonly pid: number;
  readonly attempt: number;
}

export async function shardRuns(client: Client, hour: number, shards: number): Promise<ShardRun[]> {
  const runs: ShardRun[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const history = await client.workflow.getHandle(shardWorkflowId(hour, '1h', shard)).fetchHistory();
    const started = history.events?.find(
      (e) => e.activityTaskStartedEventAttributes,
    )?.activityTaskStartedEventAttributes;
    if (!started)
      throw new Error(`shard ${shard} of ${new Date(hour).toISOString()} has no started activity`);
    runs.push({ shard, pid: Number(started.identity?.split('@')[0]), attempt: started.attempt ?? 0 });
  }
  return runs;
}

/** Shards per worker pid. */
export function shardsByPid(runs: readonly ShardRun[]): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const r of runs) byPid.set(r.pid, (byPid.get(r.pid) ?? 0) + 1);
  return byPid;
}

/** The identity of the worker holding the shard's activity right now, as a pid (undefined if none). */
export async function shardHolder(client: Client, hour: number, shard: number): Promise<number | undefined> {
  const described = await client.workflow.getHandle(shardWorkflowId(hour, '1h', shard)).describe();
  const identity = described.raw.pendingActivities?.[0]?.lastWorkerIdentity;
  return identity ? Number(identity.split('@')[0]) : undefined;
}
