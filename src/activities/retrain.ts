/**
 * The I/O steps of a retrain around `trainSeries`: resolve which series a request names, record the
 * decision as running (with the champion it started from) and record how it ended. Keyed by the
 * workflow id and the request's nominal time, so retries rewrite the same decision row.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  DecisionError,
  finishDecision,
  getAlias,
  getDecision,
  listSeries,
  newestObservations,
  startDecision,
  type Db,
  type DecisionKey,
  type DecisionOutcome,
  type RetrainDecision,
} from '../db';
import type { Granularity, ModelVersionId, SeriesId } from '../shared';
import type { BreachReason } from '../modelling';
import { atActivityEdge } from './errors';
import { DEFAULT_HORIZON, horizonOf } from '../modelling';

export interface RetrainDeps {
  readonly db: Db;
}

/** What started a retrain: breached thresholds, or a person with a reason. */
export type RetrainTrigger =
  | { readonly type: 'threshold'; readonly reasons: readonly BreachReason[] }
  | { readonly type: 'forced'; readonly reason: string };

export interface BeginRetrainInput extends DecisionKey {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  /** Steps ahead; the granularity's default when absent (the workflow cannot know it). */
  readonly horizon?: number;
  readonly trigger: RetrainTrigger;
  /** Nominal time of the request, epoch ms. */
  readonly startedAt: number;
}

/** The running decision, with the horizon and champion the retrain starts from. */
export interface BeginRetrainResult {
  readonly decisionId: number;
  readonly horizon: number;
  readonly championBeforeId: ModelVersionId | null;
}

export interface FinishRetrainInput extends DecisionKey, DecisionOutcome {}

/** Which series a forced retrain names: ids, a substring of the display name, or both (intersection). */
export interface RetrainTargetFilter {
  readonly ids?: readonly SeriesId[];
  readonly nameContains?: string;
}

/** A series to retrain, with what the retrain needs to know about it. */
export interface RetrainTarget {
  readonly seriesId: SeriesId;
  readonly name: string;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly championVersionId: ModelVersionId | null;
  /** Newest stored observation (epoch ms), null when the series has none. */
  readonly newestObservationAt: number | null;
}

/** A filter naming more series than this is refused: one signal should not retrain the fleet. */
export const MAX_RETRAIN_TARGETS = 200;

/** Bad input becomes a non-retryable failure; DecisionError is this repository's "bad input". */
async function atEdge<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await atActivityEdge(work);
  } catch (error) {
    if (!(error instanceof DecisionError)) throw error;
    throw ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nonRetryable: true,
      cause: error,
    });
  }
}

function refuse(field: string, value: unknown, rule: string): never {
  const message = `${field} must ${rule}, got ${JSON.stringify(value)}`;
  throw ApplicationFailure.create({ type: 'ValidationError', message, nonRetryable: true });
}

async function resolveTargets(db: Db, filter: RetrainTargetFilter): Promise<RetrainTarget[]> {
  if (filter.ids === undefined && !filter.nameContains)
    refuse('seriesFilter', filter, 'name ids or a nameContains substring');
  const rows = await listSeries(db, { ids: filter.ids, nameContains: filter.nameContains || undefined });
  if (rows.length > MAX_RETRAIN_TARGETS)
    refuse('seriesFilter', filter, `match at most ${MAX_RETRAIN_TARGETS} series (it matches ${rows.length})`);
  const newest = await newestObservations(
    db,
    rows.map((r) => r.id),
  );
  return Promise.all(
    rows.map(async (r) => {
      const horizon = DEFAULT_HORIZON[r.granularity];
      const champion = await getAlias(
        db,
        { seriesId: r.id, granularity: r.granularity, horizon },
        'champion',
      );
      const base = { seriesId: r.id, name: r.name, granularity: r.granularity, horizon };
      return {
        ...base,
        championVersionId: champion?.id ?? null,
        newestObservationAt: newest.get(r.id) ?? null,
      };
    }),
  );
}

/** Builds the retrain bookkeeping activities over narrow dependencies. */
export function createRetrainActivities(deps: RetrainDeps) {
  const { db } = deps;
  return {
    /** The series a forced retrain names, with their champion and newest observation. */
    async resolveRetrainTargets(filter: RetrainTargetFilter): Promise<RetrainTarget[]> {
      return atEdge(() => resolveTargets(db, filter));
    },

    /** Records the retrain as running, with the champion it starts from; returns that decision. */
    async beginRetrain(input: BeginRetrainInput): Promise<BeginRetrainResult> {
      return atEdge(async () => {
        const { seriesId, granularity } = input;
        const horizon = horizonOf(input);
        const championBeforeId =
          (await getAlias(db, { seriesId, granularity, horizon }, 'champion'))?.id ?? null;
        await startDecision(db, {
          ...{ workflowId: input.workflowId, attemptKey: input.attemptKey, seriesId },
          ...{ reason: input.trigger.type, trigger: input.trigger, startedAt: input.startedAt },
          championBeforeId,
        });
        const decision = (await getDecision(db, input)) as RetrainDecision;
        return { decisionId: decision.id, horizon, championBeforeId };
      });
    },

    /** Records how the retrain ended (promoted, kept or failed) and why. */
    async finishRetrain(input: FinishRetrainInput): Promise<void> {
      return atEdge(() => finishDecision(db, input, input));
    },
  };
}

export type RetrainActivities = ReturnType<typeof createRetrainActivities>;
