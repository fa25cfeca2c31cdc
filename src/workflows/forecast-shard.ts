import type { ForecastShardResult, SeriesRange } from '../activities';
import type { Granularity, SeriesId } from '../shared';
import { proxyActivity } from './activity-proxy';

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
  const forecastShard = proxyActivity('forecastShard', input.mlTaskQueue);
  const { seriesIds, range, granularity, horizon, issuedAt } = input;
  return forecastShard({ ...(range ? { range } : { seriesIds }), granularity, horizon, issuedAt });
}
