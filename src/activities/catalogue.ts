/**
 * The activity catalogue: per activity, the task queue it runs on, its timeouts, retry policy,
 * heartbeat and the errors that end it for good. Workflows build their proxies from it
 * (`src/workflows/activity-proxy.ts`), the worker splits the task queues by it
 * (`src/workers/activity-split.ts`) and `withKeepAlive` wraps the keep-alive entries. It is typed
 * against the activity functions, so a missing or misspelled name fails to compile. Adding an
 * activity is its function plus one entry here.
 *
 * Plain data with type-only imports: workflows bundle this file, so it must stay deterministic.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/common';
import type { Activities } from './index';

export type ActivityName = keyof Activities;

/** A Temporal duration string, as the proxies take it. */
export type Duration = `${number} ${'second' | 'seconds' | 'minute' | 'minutes' | 'hour' | 'hours'}`;

/**
 * `io` is the worker's I/O queue (the workflow's own); `ml` the CPU-bound queue, whose name the
 * caller passes because workflows cannot read configuration.
 */
export type ActivityQueue = 'io' | 'ml';

export interface ActivityPolicy {
  readonly queue: ActivityQueue;
  readonly startToClose: Duration;
  /**
   * `keep-alive`: one SQL transaction or a short loop with no checkpoint of its own, heartbeating
   * on a timer (`withKeepAlive`) within `KEEP_ALIVE_TIMEOUT`. A duration: the activity heartbeats
   * checkpoint details itself and a dead worker is noticed within it. Absent: no heartbeat.
   */
  readonly heartbeat?: 'keep-alive' | Duration;
  readonly retry: Omit<RetryPolicy, 'nonRetryableErrorTypes'>;
  /** Failure types that end this activity at once, beyond the edge's `NON_RETRYABLE_ERRORS`. */
  readonly nonRetryable?: readonly string[];
}

/**
 * Heartbeat timeout of the keep-alive activities: a dead worker is noticed in this time, not after
 * the whole start-to-close timeout.
 */
export const KEEP_ALIVE_TIMEOUT = '30 seconds';

/** Error names that mean "the input is wrong": every activity's edge fails them for good. */
export const NON_RETRYABLE_ERRORS: readonly string[] = [
  'IngestInputError',
  'ForecastInputError',
  'ConfigError',
  'ValidationError',
  // Refusals of the registry and run tracking (unknown version, no challenger to promote, reused run id).
  'RegistryError',
  'TrainingRunError',
  'NoModelError',
];

/** A few quick retries for one transaction: deadlocks and lost connections are transient. */
const QUICK = { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 } as const;
/** Chunked work that resumes from its heartbeat: a dead worker's chunk moves on within seconds. */
const CHUNK = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 10,
} as const;
/** A short listing. */
const LISTING = { maximumAttempts: 5 } as const;
/** A server that stays down is left to the next cycle, whose delivery sends what is still queued. */
const MAIL = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 } as const;
const FIVE_TRIES = { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 } as const;

export const ACTIVITY_CATALOGUE = {
  // Ingestion (ingestRangeWorkflow): one chunk per call, upserts, so running one again is harmless.
  listIngestFiles: { queue: 'io', startToClose: '1 minute', retry: LISTING },
  ingestFile: { queue: 'io', startToClose: '30 minutes', heartbeat: '20 seconds', retry: CHUNK },
  ingestCloudWatchWindow: { queue: 'io', startToClose: '30 minutes', heartbeat: '20 seconds', retry: CHUNK },
  ingestPrometheusWindow: { queue: 'io', startToClose: '30 minutes', heartbeat: '20 seconds', retry: CHUNK },
  ingestReplayWindow: { queue: 'io', startToClose: '30 minutes', heartbeat: '20 seconds', retry: CHUNK },

  // The hourly cycle.
  ingestLatest: { queue: 'io', startToClose: '15 minutes', heartbeat: '1 minute', retry: FIVE_TRIES },
  listActiveSeriesIds: { queue: 'io', startToClose: '1 minute', heartbeat: 'keep-alive', retry: LISTING },
  planForecastShards: { queue: 'io', startToClose: '1 minute', heartbeat: 'keep-alive', retry: LISTING },
  // Waiting for a free ML worker is not an error: the schedule-to-start time is left unbounded.
  // A dead worker is noticed within 20 s; the retry resumes from the last heartbeat checkpoint.
  forecastShard: { queue: 'ml', startToClose: '30 minutes', heartbeat: '20 seconds', retry: CHUNK },
  reconcileCycle: { queue: 'io', startToClose: '10 minutes', heartbeat: 'keep-alive', retry: QUICK },
  refreshAccuracy: { queue: 'io', startToClose: '10 minutes', heartbeat: 'keep-alive', retry: QUICK },
  refreshDashboard: { queue: 'io', startToClose: '10 minutes', heartbeat: 'keep-alive', retry: QUICK },
  // Adaptive intervals from the records reconcileCycle just scored (patch metricast-adaptive-intervals-v1).
  updateIntervals: { queue: 'io', startToClose: '10 minutes', heartbeat: 'keep-alive', retry: QUICK },
  // Runs every detector (augurs wasm) over each series of a shard: CPU-bound (cycles before the
  // incremental step).
  detectAnomalies: { queue: 'ml', startToClose: '30 minutes', heartbeat: '1 minute', retry: FIVE_TRIES },
  scoreNewAnomalyPoints: {
    queue: 'io',
    startToClose: '10 minutes',
    heartbeat: '1 minute',
    retry: FIVE_TRIES,
  },
  deliverAnomalyMail: { queue: 'io', startToClose: '5 minutes', retry: MAIL },
  evaluateAlerts: { queue: 'io', startToClose: '5 minutes', heartbeat: 'keep-alive', retry: QUICK },
  deliverAlerts: { queue: 'io', startToClose: '10 minutes', heartbeat: 'keep-alive', retry: MAIL },
  findBreaches: { queue: 'io', startToClose: '2 minutes', heartbeat: 'keep-alive', retry: QUICK },
  reconcileWindow: { queue: 'io', startToClose: '10 minutes', heartbeat: 'keep-alive', retry: QUICK },

  // Retraining and first champions.
  listBootstrapSeries: { queue: 'io', startToClose: '1 minute', heartbeat: 'keep-alive', retry: LISTING },
  listColdStartSeries: { queue: 'io', startToClose: '1 minute', heartbeat: 'keep-alive', retry: LISTING },
  // A young series' first champion from the stored global model (patch metricast-cold-start-v1): CPU-bound.
  coldStartSeries: {
    queue: 'ml',
    startToClose: '30 minutes',
    heartbeat: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
  },
  // The granularity's global model updated or refitted once a cycle (patch metricast-global-model-v1):
  // CPU-bound; a full refit across 1,000 series takes minutes, heartbeating every epoch.
  updateGlobalModel: {
    queue: 'ml',
    startToClose: '1 hour',
    heartbeat: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
  },
  resolveRetrainTargets: {
    queue: 'io',
    startToClose: '1 minute',
    retry: LISTING,
    nonRetryable: ['ValidationError'],
  },
  beginRetrain: { queue: 'io', startToClose: '1 minute', heartbeat: 'keep-alive', retry: QUICK },
  // Heartbeats before every fit, so a dead worker is noticed in minutes.
  trainSeries: {
    queue: 'ml',
    startToClose: '2 hours',
    heartbeat: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
  },
  finishRetrain: { queue: 'io', startToClose: '1 minute', heartbeat: 'keep-alive', retry: QUICK },
  // Batched inference outside the shard (no workflow calls it yet): CPU-bound like the shard.
  forecastSeries: { queue: 'ml', startToClose: '30 minutes', heartbeat: '20 seconds', retry: CHUNK },

  // A first run after migration 008 rewrites the rows sitting in `pmax` into partitions; on a large
  // table that ALTER takes a while. A timer heartbeats meanwhile, so a dead worker shows in 30 s.
  applyRetention: {
    queue: 'io',
    startToClose: '1 hour',
    heartbeat: 'keep-alive',
    retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
  },
} as const satisfies Record<ActivityName, ActivityPolicy>;

/** The policy of one activity, widened to the interface. */
export function policyOf(name: ActivityName): ActivityPolicy {
  return ACTIVITY_CATALOGUE[name];
}

/** The names whose policy matches, in catalogue order. */
export function activitiesWhere(test: (policy: ActivityPolicy) => boolean): ActivityName[] {
  return (Object.keys(ACTIVITY_CATALOGUE) as ActivityName[]).filter((name) => test(policyOf(name)));
}

/** Activities on the ML task queue: the worker registers them there, the rest on the I/O queue. */
export const ML_ACTIVITIES: ReadonlySet<string> = new Set(activitiesWhere((p) => p.queue === 'ml'));

/**
 * The `proxyActivities` options of one activity. An `ml` activity needs the ML queue's name;
 * an `io` activity runs on the calling workflow's own queue.
 */
export function activityOptions(name: ActivityName, mlTaskQueue?: string): ActivityOptions {
  const policy = policyOf(name);
  if (policy.queue === 'ml' && mlTaskQueue === undefined)
    throw new TypeError(
      `activity ${name} runs on the ML task queue: mlTaskQueue must be given, got undefined`,
    );
  const { heartbeat, nonRetryable } = policy;
  return {
    ...(policy.queue === 'ml' && { taskQueue: mlTaskQueue }),
    startToCloseTimeout: policy.startToClose,
    ...(heartbeat !== undefined && {
      heartbeatTimeout: heartbeat === 'keep-alive' ? KEEP_ALIVE_TIMEOUT : heartbeat,
    }),
    retry: { ...policy.retry, ...(nonRetryable && { nonRetryableErrorTypes: [...nonRetryable] }) },
  };
}
