import { isCancellation } from '@temporalio/workflow';
import type { DetectAnomaliesResult, ScoreNewPointsResult } from '../activities';
import { proxyActivity } from './activity-proxy';
import type { SeriesId } from '../shared';
import type { AnomalyScope } from './cycle-plan';

/** What the cycle's anomaly step did; a failed shard leaves its error here, not a failed cycle. */
export interface CycleAnomaliesSummary {
  readonly series: number;
  readonly flagged: number;
  readonly inserted: number;
  readonly failedShards: number;
  readonly firstError?: string;
  /** Observations scored this cycle (the incremental step; absent in cycles from before it). */
  readonly scored?: number;
  /** Anomalies mailed to the series that opted in, or why the mail failed. */
  readonly mailed?: number;
  readonly mailError?: string;
}

/** The patch id guarding the anomaly step, so cycles recorded before it still replay. */
export const ANOMALIES_PATCH = 'metricast-anomalies-v1';
/**
 * The patch id of the incremental step: cycles recorded before it replay the step that
 * re-examined a day of every series each hour.
 */
export const INCREMENTAL_ANOMALIES_PATCH = 'metricast-anomalies-incremental-v1';
/**
 * Hours examined per cycle when the input does not say: the detectors' verdict on a point can
 * change while its trailing window fills, and the ingest step re-reads two hours, so a day is
 * re-examined each hour (idempotent: stored detections are keyed by series, detector and time).
 */
export const DEFAULT_ANOMALY_LOOKBACK_HOURS = 24;
/** Shards detected at once: CPU-bound on the ML workers, so a few at a time keep the queue fair. */
const SHARDS_AT_ONCE = 4;

const NONE: CycleAnomaliesSummary = { series: 0, flagged: 0, inserted: 0, failedShards: 0 };

function add(sum: CycleAnomaliesSummary, r: DetectAnomaliesResult): CycleAnomaliesSummary {
  return {
    ...sum,
    series: sum.series + r.series,
    flagged: sum.flagged + r.flagged,
    inserted: sum.inserted + r.inserted,
  };
}

/**
 * Runs the detectors over the cycle's shards on the ML queue, after reconciliation (the band
 * detector reads reconciled records). Anomalies inform; they never fail the forecast cycle.
 */
export async function anomalyStep(
  asOf: number,
  shards: readonly (readonly SeriesId[])[],
  options: { readonly mlTaskQueue: string; readonly lookbackHours: number },
): Promise<CycleAnomaliesSummary> {
  const detectAnomalies = proxyActivity('detectAnomalies', options.mlTaskQueue);
  let summary = NONE;
  for (let first = 0; first < shards.length; first += SHARDS_AT_ONCE) {
    const wave = shards
      .slice(first, first + SHARDS_AT_ONCE)
      .map((seriesIds) => detectAnomalies({ asOf, lookbackHours: options.lookbackHours, seriesIds }));
    for (const settled of await Promise.allSettled(wave)) {
      if (settled.status === 'fulfilled') summary = add(summary, settled.value);
      else {
        if (isCancellation(settled.reason)) throw settled.reason;
        const e = settled.reason as Error & { cause?: Error };
        summary = {
          ...summary,
          failedShards: summary.failedShards + 1,
          firstError: summary.firstError ?? e.cause?.message ?? e.message,
        };
      }
    }
  }
  return summary;
}

/**
 * Shards scored at once by the incremental step. Each is a few queries, so the database pool (10
 * connections by default) is the limit: 20 at once made a first cycle over 10,000 series, which
 * reads 8 days of each, wait past the pool's connection timeout.
 */
const INCREMENTAL_SHARDS_AT_ONCE = 4;

function addScored(sum: CycleAnomaliesSummary, r: ScoreNewPointsResult): CycleAnomaliesSummary {
  return {
    ...sum,
    series: sum.series + r.series,
    flagged: sum.flagged + r.flagged,
    inserted: sum.inserted + r.inserted,
    scored: (sum.scored ?? 0) + r.scored,
  };
}

/**
 * The incremental anomaly step: each page's (a shard's, in cycles before ranges) new observations are scored once with the state the
 * previous cycle stored (a new series reports its last `reportHours`). Anomalies inform; a failed
 * shard is counted, never a failed cycle.
 */
export async function incrementalAnomalyStep(
  asOf: number,
  pages: readonly AnomalyScope[],
  options: { readonly reportHours: number },
): Promise<CycleAnomaliesSummary> {
  // On the I/O queue (the workflow's own): a few database reads and writes per shard, and a
  // microsecond of arithmetic per new point, so it need not wait for the ML workers.
  const scoreNewAnomalyPoints = proxyActivity('scoreNewAnomalyPoints');
  // Like alert delivery: a few quick retries; a server that stays down is left to the next cycle.
  const deliverAnomalyMail = proxyActivity('deliverAnomalyMail');
  let summary: CycleAnomaliesSummary = { ...NONE, scored: 0 };
  for (let first = 0; first < pages.length; first += INCREMENTAL_SHARDS_AT_ONCE) {
    const wave = pages
      .slice(first, first + INCREMENTAL_SHARDS_AT_ONCE)
      .map((page) => scoreNewAnomalyPoints({ asOf, ...page, reportHours: options.reportHours }));
    for (const settled of await Promise.allSettled(wave)) {
      if (settled.status === 'fulfilled') summary = addScored(summary, settled.value);
      else summary = failed(summary, settled.reason);
    }
  }
  try {
    summary = { ...summary, mailed: (await deliverAnomalyMail({ asOf })).mailed };
  } catch (error) {
    if (isCancellation(error)) throw error;
    const e = error as Error & { cause?: Error };
    summary = { ...summary, mailError: e.cause?.message ?? e.message };
  }
  return summary;
}

function failed(summary: CycleAnomaliesSummary, reason: unknown): CycleAnomaliesSummary {
  if (isCancellation(reason)) throw reason;
  const e = reason as Error & { cause?: Error };
  return {
    ...summary,
    failedShards: summary.failedShards + 1,
    firstError: summary.firstError ?? e.cause?.message ?? e.message,
  };
}
