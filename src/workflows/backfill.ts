import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  continueAsNew,
  defineQuery,
  executeChild,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DEFAULT_HORIZON, type Granularity } from '../shared';
import { bootstrapChampions, type BootstrapSummary } from './backfill-bootstrap';
import { forecastCycleWorkflow, type ForecastCycleSummary } from './forecast-cycle';
import { isoHour, truncateToHour } from './nominal-time';

/** Two hours: the one just closed and the one before, whose band records reconcile a cycle late. */
const BACKFILL_ANOMALY_LOOKBACK_HOURS = 2;
/**
 * Behind this patch (backfills recorded before it replay as they ran):
 * - backfill cycles start no `reconcile/<hour>` follower: each later hour's cycle reconciles the
 *   records that matured by then and the live cycles take over the rest, so no follower sits on
 *   real-time timers for hours of replayed past;
 * - the anomaly detectors run once a day of replayed hours and at the last hour, over the hours
 *   since their last run, rather than every hour: a run costs the same for 2 hours as for 24 (its
 *   warm-up reads 8 days), and detections are keyed by time, so the rows are the same.
 */
export const BACKFILL_V2_PATCH = 'metricast-backfill-v2';
/** Replayed hours between anomaly runs (behind `BACKFILL_V2_PATCH`). */
const ANOMALY_EVERY_HOURS = 24;

export interface BackfillInput {
  /** First nominal hour to replay (epoch ms, truncated to the hour). */
  readonly from: number;
  /** Exclusive end (epoch ms). */
  readonly to: number;
  readonly granularity?: Granularity;
  /** Replay these granularities together (each hour one cycle forecasting all); default `[granularity]`. */
  readonly granularities?: readonly Granularity[];
  readonly horizon?: number;
  readonly mlTaskQueue: string;
  /** Train a first champion, on data before `from`, for series that have none (default true). */
  readonly bootstrap?: boolean;
  /** Carried across continue-as-new; callers leave it out. */
  readonly resume?: BackfillProgress;
}

export interface BackfillProgress {
  readonly hoursDone: number;
  readonly hoursTotal: number;
  /** Hours whose cycle had already completed under this backfill's id (a restarted backfill skips them). */
  readonly hoursSkipped: number;
  readonly forecastRows: number;
  readonly reconciled: number;
  readonly bootstrap?: BootstrapSummary;
  readonly current?: string;
}

export const getBackfillProgressQuery = defineQuery<BackfillProgress>('getBackfillProgress');

const HOUR_MS = 3_600_000;
/** Continue-as-new after this many hours: each child costs a handful of events, far below 50k. */
const HOURS_PER_RUN = 200;

/** Workflow id of the cycle a backfill runs for one hour. */
export function backfillCycleId(backfillId: string, hour: number): string {
  return `${backfillId}/cycle/${isoHour(hour)}`;
}

/**
 * Replays history as the live system would have lived it: one forecast cycle per hour, in order,
 * each with the hour as its nominal time, so it reads only data before that hour, reconciles what
 * had matured by then, and monitors and retrains as the live cycle would. Each hour's cycle is a
 * child with a business id that is never reused, so a backfill that is interrupted and started
 * again (same id) neither skips nor repeats an hour: hours already run are recognised and skipped.
 */
export async function backfillWorkflow(input: BackfillInput): Promise<BackfillProgress> {
  const first = truncateToHour(input.from);
  const hoursTotal = Math.max(0, Math.ceil((input.to - first) / HOUR_MS));
  let progress: BackfillProgress = input.resume ?? {
    hoursDone: 0,
    hoursTotal,
    hoursSkipped: 0,
    forecastRows: 0,
    reconciled: 0,
  };
  setHandler(getBackfillProgressQuery, () => progress);
  const backfillId = workflowInfo().workflowId;
  if (!input.resume && (input.bootstrap ?? true)) {
    progress = { ...progress, current: 'training first champions' };
    const granularities = input.granularities ?? [input.granularity ?? '1h'];
    const several = granularities.length > 1;
    const done = await Promise.all(
      granularities.map((g) =>
        bootstrapChampions(first, g, several ? DEFAULT_HORIZON[g] : (input.horizon ?? 6), input.mlTaskQueue),
      ),
    );
    const bootstrap = done.reduce((a, b) => ({
      candidates: a.candidates + b.candidates,
      trained: a.trained + b.trained,
      failed: a.failed + b.failed,
    }));
    progress = { ...progress, bootstrap, current: undefined };
  }

  for (let inThisRun = 0; progress.hoursDone < hoursTotal; inThisRun++) {
    if (inThisRun >= HOURS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof backfillWorkflow>({ ...input, resume: progress });
    }
    const hour = first + progress.hoursDone * HOUR_MS;
    progress = { ...progress, current: isoHour(hour) };
    const summary = await runHour(backfillId, hour, input, {
      index: progress.hoursDone,
      total: hoursTotal,
    });
    progress = {
      ...progress,
      hoursDone: progress.hoursDone + 1,
      hoursSkipped: progress.hoursSkipped + (summary ? 0 : 1),
      forecastRows: progress.forecastRows + (summary?.forecast.rows ?? 0),
      reconciled: progress.reconciled + (summary?.reconcile.reconciled ?? 0),
      current: undefined,
    };
  }
  return progress;
}

/** Hours the anomaly detectors examine in the cycle of hour `index` of `total` (0: not this hour). */
function anomalyLookback(at: { readonly index: number; readonly total: number }): number {
  const sinceLast = (at.index % ANOMALY_EVERY_HOURS) + 1;
  const runs = sinceLast === ANOMALY_EVERY_HOURS || at.index === at.total - 1;
  return runs ? sinceLast + BACKFILL_ANOMALY_LOOKBACK_HOURS : 0;
}

/** Runs one hour's cycle; undefined when that hour already ran under this backfill id. */
async function runHour(
  backfillId: string,
  hour: number,
  input: BackfillInput,
  at: { readonly index: number; readonly total: number },
): Promise<ForecastCycleSummary | undefined> {
  const v2 = patched(BACKFILL_V2_PATCH);
  try {
    return await executeChild(forecastCycleWorkflow, {
      workflowId: backfillCycleId(backfillId, hour),
      // A completed run with this id means the hour is done: never run it twice. A failed, timed-out
      // or terminated one (the backfill was stopped mid-hour) runs again, so no hour is skipped.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      args: [
        {
          nominalTime: hour,
          granularity: input.granularity,
          ...(input.granularities && { granularities: input.granularities }),
          horizon: input.horizon,
          mlTaskQueue: input.mlTaskQueue,
          // Hours are replayed in order, so each run examines only the hours since the last one.
          anomalyLookbackHours: v2 ? anomalyLookback(at) : BACKFILL_ANOMALY_LOOKBACK_HOURS,
          ...(v2 && { followRecords: false }),
        },
      ],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw error;
  }
}
