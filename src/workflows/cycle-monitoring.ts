import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { BreachThresholds } from '../activities';
import type { Granularity } from '../shared';
import { reconcileWindowWorkflow, reconcileWorkflowId } from './reconcile-window';
import { startRetrainChild } from './retrain-child';
import { proxyActivity } from './activity-proxy';

/** What the cycle watches and how hard it reacts; the schedule passes these, defaults otherwise. */
export interface MonitoringOptions {
  readonly thresholds?: BreachThresholds;
  /** Most retrains one cycle starts; the worst breaches first, the rest wait for the next hour. */
  readonly maxRetrains?: number;
}

/** Twice as bad as validated, on at least two issues' worth of records, at most one retrain a day. */
export const DEFAULT_THRESHOLDS: BreachThresholds = {
  maseRatio: 2,
  rmseRatio: 2,
  minSamples: 12,
  cooldownMs: 24 * 3_600_000,
};

export interface MonitoringSummary {
  readonly breaches: number;
  readonly retrainsStarted: number;
  readonly alreadyRunning: number;
  readonly suppressed: number;
}

const findBreaches = proxyActivity('findBreaches');

/**
 * Compares every champion's rolling accuracy with its limits and starts a retrain child for each
 * series that breaches (never two at once for a series: the child's business id sees to that).
 * Retrains are abandoned by the cycle, which does not wait for training.
 */
export async function monitorAndRetrain(
  hour: number,
  mlTaskQueue: string,
  options: MonitoringOptions = {},
): Promise<MonitoringSummary> {
  const { breaches, suppressed } = await findBreaches({
    asOf: hour,
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    limit: options.maxRetrains ?? 100,
  });
  let started = 0;
  for (const b of breaches) {
    const outcome = await startRetrainChild({
      seriesId: b.seriesId,
      granularity: b.granularity,
      horizon: b.horizon,
      nominalTime: hour,
      trigger: { type: 'threshold', reasons: b.reasons },
      mlTaskQueue,
    });
    if (outcome.started) started++;
  }
  return {
    breaches: breaches.length,
    retrainsStarted: started,
    alreadyRunning: breaches.length - started,
    suppressed: suppressed.length,
  };
}

/**
 * Starts the workflow that follows this hour's forecast records until each has its actual or is
 * marked missing. Abandoned: it outlives the cycle by hours. Already started (the same hour run
 * again) is fine: one follower per hour is the point.
 */
export async function followHourRecords(
  hour: number,
  granularity: Granularity,
  deadlineMs: number,
): Promise<void> {
  if (granularity !== '1h') return;
  try {
    await startChild(reconcileWindowWorkflow, {
      workflowId: reconcileWorkflowId(hour),
      args: [{ issuedAt: hour, deadlineMs }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
