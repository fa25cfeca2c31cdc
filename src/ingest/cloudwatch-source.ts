import {
  createCloudWatchApi,
  discoverInstanceIds,
  type CloudWatchApi,
  type CloudWatchApiOptions,
} from './cloudwatch-client';
import {
  fetchCall,
  type FetchRun,
  type FetchStats,
  type PartialReport,
  type WindowMessage,
} from './cloudwatch-pages';
import { planQueries, type CloudWatchSourceInput } from './plan-queries';
import { sortUnique } from './points';
import type { RetryOptions } from './retry';
import type { RawSeries } from './types';

/** Progress after each page, for activity heartbeats. Throwing from the callback aborts the fetch. */
export interface CloudWatchProgress {
  points: number;
  calls: number;
  totalCalls: number;
  pages: number;
}

/** Collaborators and knobs of `fetchCloudWatch`; all optional. */
export interface FetchCloudWatchOptions {
  /** Default: a real client from `input.region` / `input.endpoint` and `credentials`. */
  readonly api?: CloudWatchApi;
  readonly credentials?: CloudWatchApiOptions['credentials'];
  /** Called after every page with the points fetched so far (and details), so an activity can heartbeat. */
  readonly onProgress?: (points: number, progress: CloudWatchProgress) => void;
  /** Backoff tuning (tests shorten it); `maxAttempts` comes from the input. */
  readonly retry?: Omit<RetryOptions, 'maxAttempts'>;
}

/** The series fetched (one per query, possibly empty) and what CloudWatch said about them. */
export interface CloudWatchFetchResult {
  series: RawSeries[];
  partial: PartialReport[];
  messages: WindowMessage[];
  stats: FetchStats;
}

/**
 * Fetches `input` from CloudWatch with GetMetricData as `planQueries` lays out: calls batched and
 * windowed, every NextToken page followed, throttling, 5xx and network faults retried with exponential
 * backoff and full jitter up to `input.maxAttempts` attempts per request. With no instance ids they are
 * discovered with ListMetrics. Responses are validated (an id not asked for, Timestamps/Values lengths
 * that differ, non-finite values throw `IngestInputError`). Points come back sorted, a repeated
 * timestamp keeping its last value. Other errors (auth, validation by AWS) are thrown as the SDK raised them.
 */
export async function fetchCloudWatch(
  input: CloudWatchSourceInput,
  options: FetchCloudWatchOptions = {},
): Promise<CloudWatchFetchResult> {
  const { api, destroy } = apiFor(options, input);
  const stats: FetchStats = { instances: 0, calls: 0, pages: 0, retries: 0, points: 0 };
  const result: CloudWatchFetchResult = { series: [], partial: [], messages: [], stats };
  const retry: RetryOptions = {
    ...options.retry,
    maxAttempts: input.maxAttempts,
    onRetry: (info) => {
      stats.retries++;
      options.retry?.onRetry?.(info);
    },
  };
  try {
    const instanceIds =
      input.instanceIds.length > 0
        ? input.instanceIds
        : await discoverInstanceIds(api, input.ec2Namespace, retry);
    stats.instances = new Set(instanceIds).size;
    if (instanceIds.length > 0) {
      result.series = await fetchPlanned({ ...input, instanceIds }, api, retry, result, options.onProgress);
    }
    return result;
  } finally {
    destroy();
  }
}

/** Runs every planned call in order; partial reports, messages and stats go into `result`. */
async function fetchPlanned(
  input: CloudWatchSourceInput,
  api: CloudWatchApi,
  retry: RetryOptions,
  result: CloudWatchFetchResult,
  onProgress: FetchCloudWatchOptions['onProgress'],
): Promise<RawSeries[]> {
  const plan = planQueries(input);
  const { stats } = result;
  const run: FetchRun = {
    api,
    retry,
    maxDatapoints: input.maxDatapointsPerCall,
    acc: new Map(plan.queries.map((q) => [q.id, { t: [], v: [] }])),
    partial: result.partial,
    messages: result.messages,
    stats,
    progress: () => {
      const { points, calls, pages } = stats;
      onProgress?.(points, { points, calls, pages, totalCalls: plan.calls.length });
    },
  };
  for (const call of plan.calls) {
    await fetchCall(run, call);
    stats.calls++;
  }
  return plan.queries.map((q) => {
    const { t, v } = run.acc.get(q.id) ?? { t: [], v: [] };
    return { key: q.key, points: sortUnique(t, v) };
  });
}

/** The injected api, or a real client that this call owns and destroys. */
function apiFor(
  options: FetchCloudWatchOptions,
  where: { region: string; endpoint?: string | undefined },
): { api: CloudWatchApi; destroy: () => void } {
  if (options.api) return { api: options.api, destroy: () => undefined };
  const client = createCloudWatchApi({
    region: where.region,
    endpoint: where.endpoint,
    credentials: options.credentials,
  });
  return { api: client, destroy: () => client.destroy() };
}

/** Static settings of a CloudWatch source: everything of `CloudWatchSourceInput` but the time range. */
export type CloudWatchSourceConfig = Omit<CloudWatchSourceInput, 'from' | 'to'>;

/** One fetch: a range, optionally other instances than the configured ones, and a progress callback. */
export interface CloudWatchFetchRequest {
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  /** Overrides the configured instance ids when given (empty: discover). */
  readonly instanceIds?: readonly string[];
  readonly onProgress?: FetchCloudWatchOptions['onProgress'];
}

/** What activities depend on: configured once, fetched per time window. */
export interface CloudWatchSource {
  fetch(request: CloudWatchFetchRequest): Promise<CloudWatchFetchResult>;
}

/**
 * A `CloudWatchSource` over one long-lived client, so connections are reused across fetches; call
 * `destroy()` at shutdown. `options.api` replaces the real client (tests); `options.retry` tunes backoff.
 */
export function createCloudWatchSource(
  config: CloudWatchSourceConfig,
  options: Omit<FetchCloudWatchOptions, 'onProgress'> = {},
): CloudWatchSource & { destroy(): void } {
  const { api, destroy } = apiFor(options, config);
  return {
    fetch: (request) =>
      fetchCloudWatch(
        {
          ...config,
          from: request.from,
          to: request.to,
          instanceIds: request.instanceIds ?? config.instanceIds,
        },
        { ...options, api, onProgress: request.onProgress },
      ),
    destroy,
  };
}
