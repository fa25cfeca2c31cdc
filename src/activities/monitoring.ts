/**
 * Monitoring: which series' champions have drifted enough to retrain. Reads the 24 h accuracy
 * aggregates the cycle refreshes and the retrain decisions; returns ids and reasons only, so the
 * cycle can start one RetrainWorkflow child per breach.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  AccuracyWindow,
  championAccuracy,
  latestDecisions,
  type ChampionAccuracy,
  type Db,
  type RetrainDecision,
} from '../db';
import type { Granularity, ModelVersionId, SeriesId } from '../shared';
import { breachesOf, checkThresholds, type BreachReason, type BreachThresholds } from '../modelling';
import { atActivityEdge } from './errors';

export interface MonitoringDeps {
  readonly db: Db;
}

export interface FindBreachesInput {
  /** Nominal time of the check (the cycle's hour); aggregates and cooldowns are read as of it. */
  readonly asOf: number;
  /** Only these series; every series with a champion when absent. */
  readonly seriesIds?: readonly SeriesId[];
  readonly thresholds: BreachThresholds;
  /**
   * At most this many breaches, worst first (by how far the worst reason exceeds its limit); default
   * {@link DEFAULT_MAX_BREACHES}. A fleet-wide outage must not start thousands of retrains in one cycle.
   */
  readonly limit?: number;
}

/** A series to retrain: its champion and the limits it broke. */
export interface Breach {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly championVersionId: ModelVersionId;
  readonly reasons: readonly BreachReason[];
}

/** A breaching series left alone, and why. */
export interface SuppressedBreach {
  readonly seriesId: SeriesId;
  readonly why: 'running' | 'cooldown';
  /** The decision that blocks it. */
  readonly workflowId: string;
  readonly startedAt: number;
}

export interface FindBreachesResult {
  readonly breaches: readonly Breach[];
  readonly suppressed: readonly SuppressedBreach[];
  /** Breaching series left for a later check by `limit`. */
  readonly deferred: number;
}

export const DEFAULT_MAX_BREACHES = 100;

/**
 * A 'running' decision older than this is a retrain that died without recording its end (it was
 * terminated or timed out): it no longer blocks. Equal to RetrainWorkflow's execution timeout
 * (`RETRAIN_EXECUTION_TIMEOUT_MS` in src/workflows/retrain.ts).
 */
export const STALE_RUNNING_MS = 6 * 3_600_000;

function blockOf(
  d: RetrainDecision | undefined,
  input: FindBreachesInput,
): SuppressedBreach['why'] | undefined {
  if (d === undefined) return undefined;
  if (d.status === 'running' && d.startedAt > input.asOf - STALE_RUNNING_MS) return 'running';
  return d.startedAt > input.asOf - input.thresholds.cooldownMs ? 'cooldown' : undefined;
}

/** How far the worst reason exceeds its limit, as a ratio. */
const severity = (b: Breach): number => Math.max(...b.reasons.map((r) => r.value / r.limit));

/** Breaches per series: a series with champions at several horizons gathers their reasons. */
function collect(rows: readonly ChampionAccuracy[], thresholds: BreachThresholds): Breach[] {
  const bySeries = new Map<SeriesId, Breach>();
  for (const row of rows) {
    const reasons = breachesOf(row, thresholds);
    if (reasons.length === 0) continue;
    const seen = bySeries.get(row.seriesId);
    const { seriesId, granularity, horizon, championVersionId } = row;
    bySeries.set(
      seriesId,
      seen
        ? { ...seen, reasons: [...seen.reasons, ...reasons] }
        : { seriesId, granularity, horizon, championVersionId, reasons },
    );
  }
  return [...bySeries.values()];
}

async function findBreaches(db: Db, input: FindBreachesInput): Promise<FindBreachesResult> {
  checkThresholds(input.thresholds);
  if (input.limit !== undefined && !(Number.isInteger(input.limit) && input.limit >= 1))
    throw ApplicationFailure.create({
      type: 'ValidationError',
      message: `input.limit must be a positive integer, got ${input.limit}`,
      nonRetryable: true,
    });
  const rows = await championAccuracy(db, {
    asOf: input.asOf,
    window: AccuracyWindow.oneDay,
    seriesIds: input.seriesIds,
  });
  const candidates = collect(rows, input.thresholds);
  const decisions = await latestDecisions(
    db,
    candidates.map((b) => b.seriesId),
  );
  let breaches: Breach[] = [];
  const suppressed: SuppressedBreach[] = [];
  for (const breach of candidates) {
    const decision = decisions.get(breach.seriesId);
    const why = blockOf(decision, input);
    if (why === undefined || decision === undefined) breaches.push(breach);
    else
      suppressed.push({
        seriesId: breach.seriesId,
        why,
        workflowId: decision.workflowId,
        startedAt: decision.startedAt,
      });
  }
  const limit = input.limit ?? DEFAULT_MAX_BREACHES;
  const deferred = Math.max(0, breaches.length - limit);
  breaches = breaches.sort((x, y) => severity(y) - severity(x) || x.seriesId - y.seriesId).slice(0, limit);
  return { breaches, suppressed, deferred };
}

/** Builds the monitoring activities over narrow dependencies (tests pass a real test database). */
export function createMonitoringActivities(deps: MonitoringDeps) {
  return {
    /**
     * Series whose champion's rolling 24 h RMSE or MASE breaks a threshold (absolute, or relative to
     * its validation error), except those with a retrain running or within the cooldown.
     */
    async findBreaches(input: FindBreachesInput): Promise<FindBreachesResult> {
      return atActivityEdge(() => findBreaches(deps.db, input));
    },
  };
}

export type MonitoringActivities = ReturnType<typeof createMonitoringActivities>;
export type { BreachReason, BreachThresholds, BreachMetric } from '../modelling';
