import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../config';
import { retentionWorkflow } from '../workflows';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_ID } from './ids';
import { upsertSchedule, type ScheduleSettings, type UpsertScheduleResult } from './upsert-schedule';

export interface EnsureRetentionScheduleOptions {
  /** Task queue of the I/O workers, where the workflow and its activity run. */
  readonly taskQueue: string;
  /** The policy the runs apply (config section `retention`). */
  readonly retention: Config['retention'];
  /** Tests use their own ids; operators keep the defaults. */
  readonly scheduleId?: string;
  readonly workflowId?: string;
}

export type EnsureRetentionScheduleResult = UpsertScheduleResult;

/**
 * Daily at 03:17 UTC: off the hour, so it never starts with a forecast cycle (:05), and at night
 * for most operators. SKIP: a run still going when the next is due makes the next pointless. A day
 * of catch-up: after an outage one run happens; retention is about the present, not each missed day.
 */
function settings(options: EnsureRetentionScheduleOptions): ScheduleSettings<typeof retentionWorkflow> {
  const { observationsDays, forecastsDays, partitionsAhead, partitionDays } = options.retention;
  return {
    spec: { calendars: [{ hour: 3, minute: 17 }] },
    action: {
      type: 'startWorkflow',
      workflowType: retentionWorkflow,
      workflowId: options.workflowId ?? RETENTION_WORKFLOW_ID,
      taskQueue: options.taskQueue,
      args: [{ observationsDays, forecastsDays, partitionsAhead, partitionDays }],
      workflowExecutionTimeout: '6 hours',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day', pauseOnFailure: false },
  };
}

/**
 * Creates the retention schedule and runs it once at once, so a fresh install gets its
 * partitions now rather than at 03:17; when it exists, updates it in place (policy changes take
 * effect at the next run; a paused schedule stays paused). Idempotent.
 */
export async function ensureRetentionSchedule(
  client: Client,
  options: EnsureRetentionScheduleOptions,
): Promise<EnsureRetentionScheduleResult> {
  const scheduleId = options.scheduleId ?? RETENTION_SCHEDULE_ID;
  return upsertSchedule(client, scheduleId, settings(options), { triggerImmediately: true });
}
