import {
  ApplicationFailure,
  defineQuery,
  executeChild,
  isCancellation,
  log,
  patched,
  rootCause,
  setHandler,
} from '@temporalio/workflow';
import type { ForecastShardResult, ReconcileCycleResult } from '../activities';
import type { Granularity } from '../shared';
import { ALERTS_PATCH, alertStep, type CycleAlertsSummary } from './cycle-alerts';
import {
  ANOMALIES_PATCH,
  DEFAULT_ANOMALY_LOOKBACK_HOURS,
  INCREMENTAL_ANOMALIES_PATCH,
  anomalyStep,
  incrementalAnomalyStep,
  type CycleAnomaliesSummary,
} from './cycle-anomalies';
import { cycleLogLine } from './cycle-log';
import { anomalyPages, planCycleShards, shardWorkflowId, type PlannedShard } from './cycle-plan';
import {
  followHourRecords,
  monitorAndRetrain,
  type MonitoringOptions,
  type MonitoringSummary,
} from './cycle-monitoring';
import {
  FIRST_CHAMPIONS_PATCH,
  startFirstChampions,
  type FirstChampionsSummary,
} from './cycle-first-champions';
import { forecastShardWorkflow } from './forecast-shard';
import { globalModelStep, type GlobalModelSummary } from './cycle-global-model';
import { isoHour, nominalHour } from './nominal-time';
import { proxyActivity } from './activity-proxy';

export interface ForecastCycleInput {
  /** Epoch ms; used only when no Schedule started the run (backfills, tests). Truncated to the hour. */
  readonly nominalTime?: number;
  /** Default `1h`. */
  readonly granularity?: Granularity;
  /**
   * Forecast every active series of each of these granularities (the Schedule passes `1h` and `5m`,
   * so a series stored at both gets both forecasts); default `[granularity]`. Reconciliation,
   * accuracy, anomalies, alerts and monitoring run once for all of them.
   */
  readonly granularities?: readonly Granularity[];
  /** Steps ahead; each granularity's default (6 hourly, 12 at 5 minutes) when absent or when several are forecast. */
  readonly horizon?: number;
  /**
   * Series per shard, default 500: the 10,000-series target is 20 shards. Larger when a granularity
   * would otherwise need more than 1,000 shards (see `cycle-plan.ts`).
   */
  readonly shardSize?: number;
  /** Task queue of the ML workers (workflows cannot read configuration). */
  readonly mlTaskQueue: string;
  /** How long a matured record waits for its actual before it is marked missing; default 2 h. */
  readonly reconcileDeadlineMs?: number;
  /** Retrain thresholds and limits; defaults in `cycle-monitoring.ts`. */
  readonly monitoring?: MonitoringOptions;
  /**
   * Start the workflow that follows this hour's records on a timer (default true). Backfills pass
   * false: their later hours reconcile earlier ones, and a real-time follower of a past hour is noise.
   */
  readonly followRecords?: boolean;
  /**
   * 0 turns the anomaly step off. Otherwise the hours a series new to the incremental detector
   * reports on its first cycle (default 24); every later cycle scores only observations not yet scored.
   */
  readonly anomalyLookbackHours?: number;
  /**
   * Start a first training for series without a champion that now have enough history (live
   * sources' new hosts). The Schedule sets it; backfills bootstrap on their own. Default false.
   */
  readonly firstChampions?: boolean;
  /**
   * Keep each granularity's global model fresh (a warm-started update a day, full refits weekly or
   * on breach) before the first champions' cold starts use it. The Schedule sets it. Default false.
   */
  readonly globalModel?: boolean;
}

/** What a cycle did, step by step: counts only. */
export interface ForecastCycleSummary {
  readonly nominalTime: number;
  readonly nominalHour: string;
  /** The newest CloudWatch window; all zeros when CloudWatch is not configured, `error` if it failed. */
  readonly ingest: { readonly series: number; readonly pointsHourly: number; readonly error?: string };
  readonly shards: number;
  readonly forecast: ForecastShardResult;
  readonly reconcile: ReconcileCycleResult;
  readonly accuracyRows: number;
  readonly monitoring: MonitoringSummary;
  /** Alert evaluation and mail delivery; absent in cycles from before the alert steps existed. */
  readonly alerts?: CycleAlertsSummary;
  readonly anomalies?: CycleAnomaliesSummary;
  /** First trainings started for series that have none; absent unless `firstChampions` was set. */
  readonly firstChampions?: FirstChampionsSummary;
  /** The global model's update per granularity; absent unless `globalModel` was set. */
  readonly globalModel?: GlobalModelSummary;
  /** Champions whose adaptive intervals moved, and the reconciled errors applied; absent before the step. */
  readonly intervals?: { readonly versions: number; readonly errors: number };
}

export type ForecastCycleStage =
  | 'ingest'
  | 'list'
  | 'forecast'
  | 'reconcile'
  | 'accuracy'
  | 'dashboard'
  | 'anomalies'
  | 'alerts'
  | 'monitor'
  | 'done';

export interface ForecastCycleProgress {
  readonly nominalHour: string;
  readonly stage: ForecastCycleStage;
  readonly shardsDone: number;
  readonly shardsTotal: number;
}

export const getForecastCycleProgressQuery = defineQuery<ForecastCycleProgress>('getForecastCycleProgress');

const HOUR_MS = 3_600_000;
/** The ingestion step re-reads two hours, so a record still without its actual after that stays missing. */
const DEFAULT_DEADLINE_MS = 2 * HOUR_MS;
/**
 * Shards started at once. Each costs the cycle about three history events, and Temporal caps pending
 * children per workflow (2,000 by default); waves keep both far off even at 100,000+ series.
 */
const SHARDS_PER_WAVE = 200;
/** Cycles recorded before the adaptive intervals step replay without it. */
export const INTERVALS_PATCH = 'metricast-adaptive-intervals-v1';

const ingestLatest = proxyActivity('ingestLatest');
// One transaction each; deadlocks and lost connections are transient and retried.
const reconcileCycle = proxyActivity('reconcileCycle');
const refreshAccuracy = proxyActivity('refreshAccuracy');
const refreshDashboard = proxyActivity('refreshDashboard');
const updateIntervals = proxyActivity('updateIntervals');

/** Sums shard results; keeps the first few failures and stale series. */
function addShard(a: ForecastShardResult, b: ForecastShardResult): ForecastShardResult {
  return {
    series: a.series + b.series,
    forecast: a.forecast + b.forecast,
    rows: a.rows + b.rows,
    noChampion: a.noChampion + b.noChampion,
    // Shards recorded before the stale count existed carry none.
    ...(b.stale !== undefined && {
      stale: (a.stale ?? 0) + b.stale,
      staleSeries: [...(a.staleSeries ?? []), ...(b.staleSeries ?? [])].slice(0, 5),
    }),
    failed: a.failed + b.failed,
    failures: [...a.failures, ...b.failures].slice(0, 5),
    ...sumOccasional(a, b, 'covariateFallbacks'),
    ...sumOccasional(a, b, 'bridged'),
  };
}

/** A count shards carry only once one happened (covariate fallbacks, bridged gaps), summed; absent at 0. */
function sumOccasional(
  a: ForecastShardResult,
  b: ForecastShardResult,
  key: 'covariateFallbacks' | 'bridged',
): Partial<ForecastShardResult> {
  const sum = (a[key] ?? 0) + (b[key] ?? 0);
  return sum > 0 ? { [key]: sum } : {};
}

const NO_SHARDS: ForecastShardResult = {
  series: 0,
  forecast: 0,
  rows: 0,
  noChampion: 0,
  failed: 0,
  failures: [],
};

/** The newest window, or why it could not be read: stale inputs still deserve a forecast. */
async function ingestStep(asOf: number): Promise<ForecastCycleSummary['ingest']> {
  try {
    const s = await ingestLatest({ asOf });
    return { series: s.series, pointsHourly: s.pointsHourly };
  } catch (error) {
    if (isCancellation(error)) throw error;
    return { series: 0, pointsHourly: 0, error: (error as Error).message };
  }
}

interface ShardJob {
  readonly hour: number;
  readonly input: ForecastCycleInput;
  readonly onDone: () => void;
}

/** Runs every shard as a child workflow, in waves; a failed shard does not stop the others. */
async function runShards(
  shards: readonly PlannedShard[],
  job: ShardJob,
): Promise<PromiseSettledResult<ForecastShardResult>[]> {
  const { hour, input } = job;
  const settled: PromiseSettledResult<ForecastShardResult>[] = [];
  for (let first = 0; first < shards.length; first += SHARDS_PER_WAVE) {
    const wave = shards
      .slice(first, first + SHARDS_PER_WAVE)
      .map(async ({ granularity, index, seriesIds, range }) => {
        // One horizon cannot suit several granularities: each then takes its default (6 h, 12 × 5 min).
        const horizon = (input.granularities?.length ?? 1) === 1 ? input.horizon : undefined;
        const result = await executeChild(forecastShardWorkflow, {
          workflowId: shardWorkflowId(hour, granularity, index),
          args: [
            {
              ...(range ? { range } : { seriesIds }),
              granularity,
              horizon,
              issuedAt: hour,
              mlTaskQueue: input.mlTaskQueue,
            },
          ],
        });
        job.onDone();
        return result;
      });
    settled.push(...(await Promise.allSettled(wave)));
  }
  return settled;
}

/** Fails the cycle, after its other steps ran, when shards failed: the schedule's history shows it. */
function failIfShardsFailed(settled: readonly PromiseSettledResult<ForecastShardResult>[]): void {
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length === 0) return;
  throw ApplicationFailure.create({
    type: 'ForecastShardsFailed',
    message: `${failed.length} of ${settled.length} forecast shards failed; first: ${rootCause(failed[0]?.reason)}`,
    nonRetryable: true,
  });
}

/**
 * The hourly cycle: ingest the newest CloudWatch window, forecast every active series with its
 * champion (shards of `shardSize` as child workflows on the ML queue), reconcile matured records,
 * refresh accuracy and the dashboard, detect anomalies, evaluate alert limits and mail what is due. Its nominal hour is the schedule's time, never the wall
 * clock, so running the same hour again rewrites the same rows.
 */
export async function forecastCycleWorkflow(input: ForecastCycleInput): Promise<ForecastCycleSummary> {
  const hour = nominalHour(input.nominalTime);
  let progress: ForecastCycleProgress = {
    nominalHour: isoHour(hour),
    stage: 'ingest',
    shardsDone: 0,
    shardsTotal: 0,
  };
  const at = (stage: ForecastCycleStage) => (progress = { ...progress, stage });
  setHandler(getForecastCycleProgressQuery, () => progress);

  const ingest = await ingestStep(hour);
  at('list');
  const granularities = input.granularities ?? [input.granularity ?? '1h'];
  const shards = await planCycleShards(granularities, input.shardSize);
  progress = { ...progress, stage: 'forecast', shardsTotal: shards.length };
  const onDone = () => (progress = { ...progress, shardsDone: progress.shardsDone + 1 });
  const settled = await runShards(shards, { hour, input, onDone });
  const forecast = settled.reduce(
    (sum, s) => (s.status === 'fulfilled' ? addShard(sum, s.value) : sum),
    NO_SHARDS,
  );
  at('reconcile');
  const reconcile = await reconcileCycle({
    asOf: hour,
    deadlineMs: input.reconcileDeadlineMs ?? DEFAULT_DEADLINE_MS,
  });
  // The errors just reconciled move each champion's interval half-widths for the next forecasts.
  const intervals = patched(INTERVALS_PATCH) ? await updateIntervals({ asOf: hour }) : undefined;
  at('accuracy');
  const accuracy = await refreshAccuracy({ asOf: hour });
  at('dashboard');
  await refreshDashboard({ asOf: hour });
  // Behind patches: cycles recorded before the anomaly and alert steps replay without them.
  let anomalies: CycleAnomaliesSummary | undefined;
  const anomalyLookbackHours = input.anomalyLookbackHours ?? DEFAULT_ANOMALY_LOOKBACK_HOURS;
  if (anomalyLookbackHours > 0 && patched(ANOMALIES_PATCH)) {
    at('anomalies');
    anomalies = patched(INCREMENTAL_ANOMALIES_PATCH)
      ? await incrementalAnomalyStep(hour, anomalyPages(shards), { reportHours: anomalyLookbackHours })
      : await anomalyStep(
          hour,
          shards.map((s) => s.seriesIds ?? []),
          {
            mlTaskQueue: input.mlTaskQueue,
            lookbackHours: anomalyLookbackHours,
          },
        );
  }
  let alerts: CycleAlertsSummary | undefined;
  if (patched(ALERTS_PATCH)) {
    at('alerts');
    alerts = await alertStep(hour);
  }
  at('monitor');
  const monitoring = await monitorAndRetrain(hour, input.mlTaskQueue, input.monitoring);
  const globalModel = input.globalModel
    ? await globalModelStep(hour, granularities, input.mlTaskQueue)
    : undefined;
  const firstChampions =
    input.firstChampions && patched(FIRST_CHAMPIONS_PATCH)
      ? await startFirstChampions(hour, input.granularity ?? '1h', input.horizon ?? 6, input.mlTaskQueue)
      : undefined;
  const deadlineMs = input.reconcileDeadlineMs ?? DEFAULT_DEADLINE_MS;
  if ((input.followRecords ?? true) && granularities.includes('1h'))
    await followHourRecords(hour, '1h', deadlineMs);
  at('done');
  const summary: ForecastCycleSummary = {
    ...{ nominalTime: hour, nominalHour: isoHour(hour), ingest, shards: shards.length },
    forecast,
    reconcile,
    accuracyRows: accuracy.rows,
    monitoring,
    ...(alerts && { alerts }),
    ...(anomalies && { anomalies }),
    ...(globalModel && { globalModel }),
    ...(firstChampions && { firstChampions }),
    ...(intervals && { intervals }),
  };
  // One line a person can read in worker.log (the workflow logger is silent during replay).
  log.info(cycleLogLine(summary, granularities));
  failIfShardsFailed(settled);
  return summary;
}
