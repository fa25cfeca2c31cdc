import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import type { Config } from '../../config';
import type { Granularity } from '../../shared';
import { forecastCycleWorkflow } from '../../workflows';
import { CliArgumentError } from '../args';
import { connectClient } from '../temporal-client';

/** The one schedule of the hourly cycle. */
export const FORECAST_SCHEDULE_ID = 'metricast-forecast-cycle';
/** Temporal appends the scheduled time: `forecast-cycle-2026-11-23T10:05:00Z`. */
export const FORECAST_WORKFLOW_ID = 'forecast-cycle';

export interface EnsureScheduleOptions {
  /** Task queue of the I/O workers, where the cycle workflow runs. */
  readonly taskQueue: string;
  readonly mlTaskQueue: string;
  readonly granularity?: Granularity;
  /** Minutes past the hour the cycle starts, so the finished hour's data is in; default 5. */
  readonly offsetMinutes?: number;
  /** Tests use their own ids; operators keep the defaults. */
  readonly scheduleId?: string;
  readonly workflowId?: string;
}

export interface EnsureScheduleResult {
  readonly action: 'created' | 'updated';
  readonly scheduleId: string;
  readonly nextActionTimes: readonly Date[];
}

type CycleAction = ScheduleOptionsStartWorkflowAction<typeof forecastCycleWorkflow>;
type Settings = Omit<ScheduleUpdateOptions<CycleAction>, 'state'>;

/**
 * Every hour at `:offset`. Overlap BUFFER_ONE: a cycle that overruns its hour delays the next one
 * instead of dropping it, and at most one waits, so a slow hour never grows a backlog. Catch-up of
 * a day: after a Temporal outage the first missed hour runs and one more is buffered; older missed
 * hours are skipped (`metricast backfill` replays them). A cycle still running after two hours is
 * obsolete (two newer ones are due) and is ended so the next one runs.
 */
function settings(options: EnsureScheduleOptions): Settings {
  const offsetMinutes = options.offsetMinutes ?? 5;
  if (!(Number.isInteger(offsetMinutes) && offsetMinutes >= 0 && offsetMinutes < 60))
    throw new CliArgumentError('--offset-minutes', offsetMinutes, 'an integer from 0 to 59');
  const input = { mlTaskQueue: options.mlTaskQueue, granularity: options.granularity ?? '1h' };
  return {
    spec: { intervals: [{ every: '1 hour', offset: `${offsetMinutes} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: forecastCycleWorkflow,
      workflowId: options.workflowId ?? FORECAST_WORKFLOW_ID,
      taskQueue: options.taskQueue,
      args: [input],
      workflowExecutionTimeout: '2 hours',
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 day', pauseOnFailure: false },
  };
}

/**
 * Creates the forecast-cycle schedule, or updates it in place when it exists (a paused schedule
 * stays paused). Idempotent: running it again never makes a second schedule.
 */
export async function ensureSchedule(
  client: Client,
  options: EnsureScheduleOptions,
): Promise<EnsureScheduleResult> {
  const scheduleId = options.scheduleId ?? FORECAST_SCHEDULE_ID;
  const wanted = settings(options);
  let action: EnsureScheduleResult['action'] = 'created';
  try {
    await client.schedule.create({ scheduleId, ...wanted, state: { note: 'metricast schedule ensure' } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    action = 'updated';
    await client.schedule.getHandle(scheduleId).update<typeof forecastCycleWorkflow>((previous) => ({
      ...wanted,
      state: { paused: previous.state.paused, note: previous.state.note },
    }));
  }
  const described = await client.schedule.getHandle(scheduleId).describe();
  return { action, scheduleId, nextActionTimes: described.info.nextActionTimes };
}

/** Link to a schedule in the Temporal Web UI. */
export function scheduleUiUrl(config: Config, scheduleId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/schedules/${encodeURIComponent(scheduleId)}`;
}

/** `metricast schedule ensure`: the hourly cycle's schedule, created or updated from the configuration. */
export async function scheduleEnsureCommand(
  options: { readonly offsetMinutes?: string },
  config: Config,
): Promise<string> {
  const raw = options.offsetMinutes;
  if (raw !== undefined && !/^\d{1,2}$/.test(raw))
    throw new CliArgumentError('--offset-minutes', raw, 'an integer from 0 to 59');
  const offsetMinutes = raw === undefined ? undefined : Number(raw);
  const client = await connectClient(config);
  try {
    const { temporal } = config;
    const result = await ensureSchedule(client, {
      taskQueue: temporal.ioTaskQueue,
      mlTaskQueue: temporal.mlTaskQueue,
      offsetMinutes,
    });
    const next = result.nextActionTimes[0]?.toISOString() ?? 'none (paused)';
    return [
      `schedule: ${result.action} ${result.scheduleId}: forecastCycleWorkflow every hour at :${String(offsetMinutes ?? 5).padStart(2, '0')}`,
      `  on ${temporal.ioTaskQueue} (ML on ${temporal.mlTaskQueue}), overlap BUFFER_ONE, catch-up 1 day; next run ${next}`,
      `  ${scheduleUiUrl(config, result.scheduleId)}`,
    ].join('\n');
  } finally {
    await client.connection.close();
  }
}
