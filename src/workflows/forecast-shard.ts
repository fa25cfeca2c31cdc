import { proxyActivities } from '@temporalio/workflow';
import type { ForecastShardActivities, ForecastShardResult, SeriesRange } from '../activities';
import type { Granularity, SeriesId } from '../shared';

export interface ForecastShardWorkflowInput {
  /** The shard's series: ids (cycles recorded before shard ranges), or an id range the activity resolves. */
  readonly seriesIds?: readonly SeriesId[];
  readonly range?: SeriesRange;
  readonly granularity: Granularity;
  readonly horizon?: number;
  /** The cycle's nominal hour, epoch ms. */
  readonly issuedAt: number;
  /** Task queue of the ML workers; workflows cannot read configuration, so the caller passes it. */
  readonly mlTaskQueue: string;
}

/**
 * One shard of a forecast cycle: a single batched-inference activity on the ML task queue. A child
 * workflow of its own, so the shard's retries and heartbeats stay out of the cycle's history and
 * each shard can be found by its id (`forecast-shard/<hour>/<n>`).
 */
export async function forecastShardWorkflow(input: ForecastShardWorkflowInput): Promise<ForecastShardResult> {
  const { forecastShard } = proxyActivities<ForecastShardActivities>({
    taskQueue: input.mlTaskQueue,
    // Waiting for a free ML worker is not an error: the schedule-to-start time is left unbounded.
    startToCloseTimeout: '30 minutes',
    // A dead worker is noticed within 20 s; the retry resumes from the last heartbeat checkpoint.
    heartbeatTimeout: '20 seconds',
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 10,
    },
  });
  const { seriesIds, range, granularity, horizon, issuedAt } = input;
  return forecastShard({ ...(range ? { range } : { seriesIds }), granularity, horizon, issuedAt });
}
