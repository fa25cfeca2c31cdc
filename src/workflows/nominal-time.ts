/**
 * The nominal time of a scheduled run: the time the schedule meant, not the time the workflow
 * happened to start. Every key a cycle writes derives from it, so a cycle that starts late, is
 * retried or is run again writes the same rows as the one that ran on time.
 */
import { ApplicationFailure, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';

/** Set by the Temporal server on every workflow a Schedule starts (including triggers and backfills). */
export const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

const HOUR_MS = 3_600_000;

/** Start of the UTC hour holding `t` (epoch ms). */
export function truncateToHour(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

/** `2026-11-23T10:00Z`: the hour as it appears in business ids. */
export function isoHour(t: number): string {
  return `${new Date(truncateToHour(t)).toISOString().slice(0, 16)}Z`;
}

/**
 * The scheduled start time of the running workflow, or undefined when no Schedule started it. The
 * server sends it typed (DATETIME), so SDK 1.24 decodes it into `typedSearchAttributes` as a Date.
 */
export function scheduledStartTime(): number | undefined {
  return workflowInfo().typedSearchAttributes.get(SCHEDULED_START_TIME)?.getTime();
}

/**
 * The nominal hour of a run: the schedule's time when a Schedule started the workflow, else
 * `fallback` (a backfill or a test passes it), truncated to the hour. Never the wall clock: a run
 * with neither fails at once rather than writing rows keyed by whenever it happened to start.
 */
export function nominalHour(fallback: number | undefined): number {
  const t = scheduledStartTime() ?? fallback;
  if (t === undefined || !Number.isFinite(t))
    throw ApplicationFailure.create({
      type: 'NominalTimeMissing',
      message: `input.nominalTime must be an epoch-ms time when no Schedule starts the workflow, got ${String(t)}`,
      nonRetryable: true,
    });
  return truncateToHour(t);
}
