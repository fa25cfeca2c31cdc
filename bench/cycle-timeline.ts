/**
 * Every second of a cycle, on Temporal's own clock: the cycle's history and its shards' histories
 * give when each activity attempt ran (ActivityTaskStarted → its close event). Each step's time is
 * the union of its activities' running intervals; the time in the cycle's execution when none of
 * them runs is the time spent waiting for Temporal (workflow tasks, dispatch from task queues, child
 * starts), measured from the same events; the client's own start and result calls are the rest of
 * the wall time. The parts add up to the wall time by construction.
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
type Event = temporal.api.history.v1.IHistoryEvent;

/** The cycle's steps in order, and the activities of each. */
export const STEPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ingest', ['ingestLatest']],
  ['list', ['planForecastShards', 'listActiveSeriesIds']],
  ['forecast', ['forecastShard']],
  ['reconcile', ['reconcileCycle']],
  ['accuracy', ['refreshAccuracy']],
  ['dashboard', ['refreshDashboard']],
  ['anomalies', ['scoreNewAnomalyPoints', 'deliverAnomalyMail', 'detectAnomalies']],
  ['alerts', ['evaluateAlerts', 'deliverAlerts']],
  ['monitoring', ['findBreaches']],
];

interface Interval {
  readonly start: number;
  readonly end: number;
}

export interface Timeline {
  /** Seconds per step key, in `STEPS` order. */
  readonly steps: ReadonlyMap<string, number>;
  /** Seconds of the cycle's execution in which none of its activities ran. */
  readonly temporal: number;
  /** Client wall time outside the execution (start call, result long-poll). */
  readonly client: number;
  /** What the Temporal time is made of, summed (these overlap when shards run side by side). */
  readonly detail: {
    readonly cycleWorkflowTasks: number;
    readonly activityQueueWait: number;
    readonly childStartWait: number;
    readonly workflowTasks: number;
  };
}

const at = (e: Event): number => tsToMs(e.eventTime);

/** Running intervals per activity type, and the summed waits, of one history. */
function activityIntervals(history: History): {
  runs: Map<string, Interval[]>;
  queueWait: number;
  workflowTasks: number;
} {
  const scheduled = new Map<number, { name: string; at: number }>();
  const started = new Map<number, number>();
  const runs = new Map<string, Interval[]>();
  let queueWait = 0;
  let workflowTasks = 0;
  let taskScheduled = 0;
  for (const e of history.events ?? []) {
    const id = Number(e.eventId);
    if (e.activityTaskScheduledEventAttributes)
      scheduled.set(id, {
        name: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        at: at(e),
      });
    else if (e.activityTaskStartedEventAttributes) {
      const of = Number(e.activityTaskStartedEventAttributes.scheduledEventId);
      started.set(of, at(e));
      queueWait += at(e) - (scheduled.get(of)?.at ?? at(e));
    } else if (e.workflowTaskScheduledEventAttributes) taskScheduled = at(e);
    else if (e.workflowTaskCompletedEventAttributes) workflowTasks += at(e) - taskScheduled;
    const closed =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.activityTaskCanceledEventAttributes;
    if (closed?.scheduledEventId != null) {
      const of = Number(closed.scheduledEventId);
      const name = scheduled.get(of)?.name ?? '?';
      const list = runs.get(name) ?? [];
      list.push({ start: started.get(of) ?? at(e), end: at(e) });
      runs.set(name, list);
    }
  }
  return { runs, queueWait, workflowTasks };
}

/** Total length of the union of intervals. */
function unionLength(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let open: Interval | undefined;
  for (const i of sorted) {
    if (open && i.start <= open.end) open = { start: open.start, end: Math.max(open.end, i.end) };
    else {
      if (open) total += open.end - open.start;
      open = i;
    }
  }
  return total + (open ? open.end - open.start : 0);
}

/** The timeline of the finished cycle `workflowId` whose client-side wall time was `wallS`. */
export async function cycleTimeline(client: Client, workflowId: string, wallS: number): Promise<Timeline> {
  const cycle = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = cycle.events ?? [];
  const execution = (at(events[events.length - 1] as Event) - at(events[0] as Event)) / 1000;
  const own = activityIntervals(cycle);
  const runs = own.runs;
  let childStartWait = 0;
  const initiated = new Map<number, number>();
  const shardIds: string[] = [];
  for (const e of events) {
    const start = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (start?.workflowId?.startsWith('forecast-shard/')) {
      initiated.set(Number(e.eventId), at(e));
      shardIds.push(start.workflowId);
    }
    const began = e.childWorkflowExecutionStartedEventAttributes;
    if (began && initiated.has(Number(began.initiatedEventId)))
      childStartWait += at(e) - (initiated.get(Number(began.initiatedEventId)) as number);
  }
  let queueWait = own.queueWait;
  let workflowTasks = own.workflowTasks;
  for (const id of shardIds) {
    const shard = activityIntervals(await client.workflow.getHandle(id).fetchHistory());
    queueWait += shard.queueWait;
    workflowTasks += shard.workflowTasks;
    for (const [name, list] of shard.runs) runs.set(name, [...(runs.get(name) ?? []), ...list]);
  }
  const steps = new Map<string, number>();
  const all: Interval[] = [];
  for (const [key, names] of STEPS) {
    const mine = names.flatMap((n) => runs.get(n) ?? []);
    all.push(...mine);
    steps.set(key, unionLength(mine) / 1000);
  }
  const busy = unionLength(all) / 1000;
  return {
    steps,
    temporal: execution - busy,
    client: wallS - execution,
    detail: {
      cycleWorkflowTasks: own.workflowTasks / 1000,
      activityQueueWait: queueWait / 1000,
      childStartWait: childStartWait / 1000,
      workflowTasks: workflowTasks / 1000,
    },
  };
}
