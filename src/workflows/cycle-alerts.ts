import { isCancellation, proxyActivities } from '@temporalio/workflow';
import type { AlertActivities, DeliverAlertsResult, EvaluateAlertsResult } from '../activities';
import { KEEP_ALIVE_TIMEOUT } from './keep-alive';

/**
 * What the cycle's alert steps did. A failed step leaves its error here instead of failing the
 * cycle: forecasts are the cycle's job, and queued notifications are delivered by the next cycle.
 */
export interface CycleAlertsSummary {
  readonly evaluation?: EvaluateAlertsResult;
  readonly delivery?: DeliverAlertsResult;
  readonly evaluationError?: string;
  readonly deliveryError?: string;
}

/** The patch id guarding the alert steps, so cycles recorded before them still replay. */
export const ALERTS_PATCH = 'metricast-alerts-v1';

// One transaction; deadlocks and lost connections are transient and retried.
const { evaluateAlerts } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: KEEP_ALIVE_TIMEOUT,
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});
// A few quick retries ride out a blip; a server that stays down is left to the next cycle, whose
// delivery sends what is still queued (so the cycle is never held up for long by mail).
const { deliverAlerts } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: KEEP_ALIVE_TIMEOUT,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

const messageOf = (error: unknown): string => {
  if (isCancellation(error)) throw error;
  const e = error as Error & { cause?: Error };
  return e.cause?.message ?? e.message;
};

/** Evaluates the limits against this hour's forecasts and actuals, then mails what is due. */
export async function alertStep(asOf: number): Promise<CycleAlertsSummary> {
  let summary: CycleAlertsSummary = {};
  try {
    summary = { ...summary, evaluation: await evaluateAlerts({ asOf }) };
  } catch (error) {
    summary = { ...summary, evaluationError: messageOf(error) };
  }
  try {
    summary = { ...summary, delivery: await deliverAlerts({ asOf }) };
  } catch (error) {
    summary = { ...summary, deliveryError: messageOf(error) };
  }
  return summary;
}
