/**
 * The I/O steps of the hourly forecast cycle: which series to forecast, the newest CloudWatch
 * window, reconciliation, accuracy and dashboard refreshes. Thin wrappers over `src/db` and the
 * ingestion activity; every one is keyed by the cycle's nominal time (`asOf`), never the wall
 * clock, so a retried or repeated step writes the same rows.
 */
import { ApplicationFailure } from '@temporalio/common';
import { updateIntervals, type IntervalUpdate } from '../modelling';
import {
  listSeries,
  planSeriesRanges,
  reconcileMatured,
  refreshAccuracy,
  refreshDashboard,
  type RangePlan,
  type ReconcileResult,
} from '../db';
import { addSummaries, EMPTY_SUMMARY, type Granularity, type IngestSummary, type SeriesId } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';
import { modellingOver } from './modelling';
import { createIngestActivities, type IngestDeps } from './ingest';
import { createReplayActivities, type ReplayDeps } from './replay';

/** What the cycle activities need. */
export interface CycleDeps extends IngestDeps, ReplayDeps {
  /**
   * Whether `ingestLatest` reads CloudWatch. Wire it as "an endpoint override
   * (METRICAST_AWS_ENDPOINT) or instance ids are configured"; absent or false, the step is a
   * no-op, so a deployment fed from files never calls AWS.
   */
  readonly cloudwatchEnabled?: boolean;
}

export interface ListActiveSeriesInput {
  readonly granularity: Granularity;
}

export interface PlanShardsInput {
  readonly granularity: Granularity;
  /** Series per shard asked for; more when `maxShards` would otherwise be exceeded. */
  readonly shardSize: number;
  /** Most shards of this granularity (each shard costs the cycle's history a few events). */
  readonly maxShards: number;
}

/** Every input of a cycle step: the cycle's nominal hour, epoch ms. */
export interface AsOfInput {
  readonly asOf: number;
}

/** What reconciliation changed (see `reconcileMatured`). */
export type ReconcileCycleResult = ReconcileResult;

export interface ReconcileCycleInput extends AsOfInput {
  /** How long after its interval closes a record waits for its actual before it is marked missing. */
  readonly deadlineMs: number;
}

const HOUR_MS = 3_600_000;
/** The newest window re-read every cycle: two hours, so a late or revised point of the last hour still lands. */
export const LATEST_WINDOW_MS = 2 * HOUR_MS;
/** Records changed per reconcile statement; a full cycle of 10,000 series × 6 steps fits in one or two. */
const RECONCILE_BATCH = 50_000;

/** Adds one batch's counts to the running total. */
function addReconciled(a: ReconcileResult, b: ReconcileResult): ReconcileResult {
  return {
    reconciled: a.reconciled + b.reconciled,
    revised: a.revised + b.revised,
    missing: a.missing + b.missing,
    stillPending: b.stillPending,
  };
}

/** Builds the cycle's I/O activities over narrow dependencies (tests pass a test database). */
export function createCycleActivities(deps: CycleDeps) {
  const ingest = createIngestActivities(deps);
  const replay = createReplayActivities(deps);
  return {
    /** Ids of the active series of a granularity, ordered: only ids cross Temporal (60 kB for 10,000). */
    async listActiveSeriesIds(input: ListActiveSeriesInput): Promise<SeriesId[]> {
      const rows = await listSeries(deps.db, { granularity: input.granularity, activeOnly: true });
      return rows.map((r) => r.id);
    },

    /**
     * The active series of a granularity as id ranges of about `shardSize`, one boundary id per
     * shard: a million series plan as 1,000 ranges (about 50 kB) where their ids would be 7 MB.
     */
    async planForecastShards(input: PlanShardsInput): Promise<RangePlan> {
      const positive = (field: string, v: number) => {
        if (!(Number.isSafeInteger(v) && v > 0))
          throw ApplicationFailure.create({
            type: 'ValidationError',
            message: `planForecastShards.${field} must be a positive integer, got ${v}`,
            nonRetryable: true,
          });
      };
      positive('shardSize', input.shardSize);
      positive('maxShards', input.maxShards);
      return atActivityEdge(() =>
        planSeriesRanges(deps.db, input.granularity, { size: input.shardSize, maxRanges: input.maxShards }),
      );
    },

    /**
     * Ingests [asOf − 2 h, asOf) from every enabled live source in turn: CloudWatch (configured or
     * discovered instances; see `CycleDeps.cloudwatchEnabled`), Prometheus (when `prometheus.url` is
     * set), the demo's replay source (see `ReplayDeps.replayDataDir`). Zeros when none is enabled.
     */
    async ingestLatest(input: AsOfInput): Promise<IngestSummary> {
      const range = { from: input.asOf - LATEST_WINDOW_MS, to: input.asOf };
      const sources = [
        deps.cloudwatchEnabled && (() => ingest.ingestCloudWatchWindow({ range })),
        deps.prometheus && (() => ingest.ingestPrometheusWindow({ range })),
        deps.replayDataDir !== undefined && (() => replay.ingestReplayWindow({ range })),
      ];
      let total = EMPTY_SUMMARY;
      for (const read of sources) if (read) total = addSummaries(total, await read());
      return total;
    },

    /** Scores every matured forecast record against its actual, in batches, as of the nominal hour. */
    async reconcileCycle(input: ReconcileCycleInput): Promise<ReconcileResult> {
      return atActivityEdge(async () => {
        let total: ReconcileResult = { reconciled: 0, revised: 0, missing: 0, stillPending: 0 };
        for (;;) {
          const batch = await reconcileMatured(deps.db, { ...input, limit: RECONCILE_BATCH });
          total = addReconciled(total, batch);
          await heartbeat(total);
          // A count equal to the limit means that kind of change may have more candidates left.
          if (Math.max(batch.reconciled, batch.revised, batch.missing) < RECONCILE_BATCH) return total;
        }
      });
    },

    /**
     * Moves each champion's adaptive interval half-widths (per horizon step) with the errors
     * reconciled up to the nominal hour; the next forecasts are issued with them. A repeat changes nothing.
     */
    async updateIntervals(input: AsOfInput): Promise<IntervalUpdate> {
      return atActivityEdge(() =>
        updateIntervals(modellingOver(deps.db).store, {
          asOf: input.asOf,
          heartbeat: (done) => heartbeat(done),
        }),
      );
    },

    /** Recomputes the rolling accuracy aggregates as of the nominal hour. */
    async refreshAccuracy(input: AsOfInput): Promise<{ rows: number }> {
      return atActivityEdge(() => refreshAccuracy(deps.db, { asOf: input.asOf }));
    },

    /** Rebuilds the dashboard tables as of the nominal hour (reads the aggregates: run after them). */
    async refreshDashboard(input: AsOfInput): Promise<void> {
      return atActivityEdge(() => refreshDashboard(deps.db, { asOf: input.asOf }));
    },
  };
}

export type CycleActivities = ReturnType<typeof createCycleActivities>;
