import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Granularity } from '../shared';
import { forecastCycleWorkflow } from '../workflows';
import { CliArgumentError } from './args';
import { FORECAST_SCHEDULE_ID, FORECAST_WORKFLOW_ID } from './ids';
import { upsertSchedule, type ScheduleSettings, type UpsertScheduleResult } from './upsert-schedule';

/** Each hourly cycle forecasts the hourly series (6 h ahead) and the 5-minute ones (1 h ahead). */
const DEFAULT_GRANULARITIES: readonly Granularity[] = ['1h', '5m'];

export interface EnsureScheduleOptions {
  /** Task queue of the I/O workers, where the cycle workflow runs. */
  readonly taskQueue: string;
  readonly mlTaskQueue: string;
  /** Granularities each cycle forecasts; default both, so every stored series gets its forecast. */
  readonly granularities?: readonly Granularity[];
  /** Hours a series new to the anomaly detector reports on its first cycle (`anomalies.lookbackHours`); 0: off. */
  readonly anomalyLookbackHours?: number;
  /** Minutes past the hour the cycle starts, so the finished hour's data is in; default 5. */
  readonly offsetMinutes?: number;
  /** Tests use their own ids; operators keep the defaults. */
  readonly scheduleId?: string;
  readonly workflowId?: string;
}

export type EnsureScheduleResult = UpsertScheduleResult;

/**
 * Every hour at `:offset`. Overlap BUFFER_ONE: a cycle that overruns its hour delays the next one
 * instead of dropping it, and at most one waits, so a slow hour never grows a backlog. Catch-up of
 * a day: after a Temporal outage the first missed hour runs and one more is buffered; older missed
 * hours are skipped (`metricast backfill` replays them). A cycle still running after two hours is
 * obsolete (two newer ones are due) and is ended so the next one runs.
 */
function settings(options: EnsureScheduleOptions): ScheduleSettings<typeof forecastCycleWorkflow> {
  const offsetMinutes = options.offsetMinutes ?? 5;
  if (!(Number.isInteger(offsetMinutes) && offsetMinutes >= 0 && offsetMinutes < 60))
    throw new CliArgumentError('--offset-minutes', offsetMinutes, 'an integer from 0 to 59');
  const input = {
    mlTaskQueue: options.mlTaskQueue,
    granularity: '1h' as const,
    granularities: options.granularities ?? DEFAULT_GRANULARITIES,
    // Live hosts (Prometheus, CloudWatch) get a first champion once they have enough history.
    firstChampions: true,
    // One global model per granularity, updated daily: what those young hosts' cold starts serve.
    globalModel: true,
    ...(options.anomalyLookbackHours !== undefined && { anomalyLookbackHours: options.anomalyLookbackHours }),
  };
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
  return upsertSchedule(client, options.scheduleId ?? FORECAST_SCHEDULE_ID, settings(options));
}

/** Link to a schedule in the Temporal Web UI. */
export function scheduleUiUrl(config: Config, scheduleId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/schedules/${encodeURIComponent(scheduleId)}`;
}
