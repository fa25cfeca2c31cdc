import { isCancellation } from '@temporalio/workflow';
import type { DeliverAlertsResult, EvaluateAlertsResult } from '../activities';
import { proxyActivity } from './activity-proxy';

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
const evaluateAlerts = proxyActivity('evaluateAlerts');
// A few quick retries ride out a blip; a server that stays down is left to the next cycle, whose
// delivery sends what is still queued (so the cycle is never held up for long by mail).
const deliverAlerts = proxyActivity('deliverAlerts');

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
