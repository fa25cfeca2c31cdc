import type { Client } from '@temporalio/client';
import type { Config } from '../../config';
import { CliArgumentError } from '../args';
import { ensureSchedule, scheduleUiUrl } from '../forecast-schedule';
import { ensureRetentionSchedule } from '../retention-schedule';
import { connectClient } from '../temporal-client';

export {
  ensureSchedule,
  scheduleUiUrl,
  type EnsureScheduleOptions,
  type EnsureScheduleResult,
} from '../forecast-schedule';
export { FORECAST_SCHEDULE_ID, FORECAST_WORKFLOW_ID } from '../ids';

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
      anomalyLookbackHours: config.anomalies.lookbackHours,
      offsetMinutes,
    });
    const next = result.nextActionTimes[0]?.toISOString() ?? 'none (paused)';
    return [
      `schedule: ${result.action} ${result.scheduleId}: forecastCycleWorkflow every hour at :${String(offsetMinutes ?? 5).padStart(2, '0')} (1h and 5m series)`,
      `  on ${temporal.ioTaskQueue} (ML on ${temporal.mlTaskQueue}), overlap BUFFER_ONE, catch-up 1 day; next run ${next}`,
      `  ${scheduleUiUrl(config, result.scheduleId)}`,
      ...(await retentionLines(client, config)),
    ].join('\n');
  } finally {
    await client.connection.close();
  }
}

/** `schedule ensure` also keeps the daily retention schedule in step with the `retention` config. */
async function retentionLines(client: Client, config: Config): Promise<string[]> {
  const { retention, temporal } = config;
  const result = await ensureRetentionSchedule(client, { taskQueue: temporal.ioTaskQueue, retention });
  const next = result.nextActionTimes[0]?.toISOString() ?? 'none (paused)';
  return [
    `schedule: ${result.action} ${result.scheduleId}: retentionWorkflow daily at 03:17 UTC on ${temporal.ioTaskQueue}`,
    `  keeps ${retention.observationsDays} days of observations, ${retention.forecastsDays} days of forecasts; ${retention.partitionDays}-day partitions, ${retention.partitionsAhead} ahead; next run ${next}`,
    `  ${scheduleUiUrl(config, result.scheduleId)}`,
  ];
}
