/**
 * The shape of a million-series cycle: the real cycle workflow on the real Temporal server, with
 * activities that plan and "forecast" a synthetic million series without a database (planning uses
 * the same pure range arithmetic as `planSeriesRanges`). What is measured is what Temporal holds:
 * the largest payload and the history events of the cycle and of its shards.
 */
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import type { ForecastShardInput, PlanShardsInput, ScoreNewPointsInput } from '../../src/activities';
import { rangeSize, rangesFromBoundaries } from '../../src/db';
import { asSeriesId } from '../../src/shared';
import {
  forecastCycleWorkflow,
  MAX_SHARDS_PER_GRANULARITY,
  shardWorkflowId,
  type ForecastCycleSummary,
} from '../../src/workflows';
import { sharedTemporalEnv } from '../support/temporal-env';

const SERIES = 1_000_000;
const NOMINAL = Date.UTC(2031, 0, 1, 0);
/** Temporal's defaults: 2 MB per payload, 50,000 events per history. "Far inside" is a tenth. */
const PAYLOAD_LIMIT = 2 * 1024 * 1024;
const EVENT_LIMIT = 50_000;

type History = temporal.api.history.v1.IHistory;

/** Bytes of every Payloads (an input, a result, a heartbeat's details) in a history. */
function payloadSizes(history: History): number[] {
  const sizes: number[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'payloads' && Array.isArray(value)) {
        const payloads = value as Array<{ data?: Uint8Array }>;
        sizes.push(payloads.reduce((n, p) => n + (p.data?.length ?? 0), 0));
      } else walk(value);
    }
  };
  for (const event of history.events ?? []) walk(event);
  return sizes;
}

/** The cycle's activities over a synthetic million series (ids 1…1,000,000, all hourly). */
function syntheticActivities(seen: { shardInputs: number; anomalyPages: number; maxPageSeries: number }) {
  const zero = { series: 0, forecast: 0, rows: 0, noChampion: 0, stale: 0, staleSeries: [], failed: 0 };
  return {
    ingestLatest: () => Promise.resolve({ series: 0, pointsHourly: 0 }),
    planForecastShards: (input: PlanShardsInput) => {
      const size = rangeSize(SERIES, input.shardSize, input.maxShards);
      const starts = Array.from({ length: Math.ceil(SERIES / size) }, (_, k) => asSeriesId(1 + k * size));
      const ranges = rangesFromBoundaries(input.granularity, starts, asSeriesId(SERIES), {
        total: SERIES,
        size,
      });
      return Promise.resolve({ total: SERIES, size, ranges });
    },
    forecastShard: (input: ForecastShardInput) => {
      seen.shardInputs++;
      const n = input.range?.count ?? 0;
      return Promise.resolve({ ...zero, series: n, forecast: n, rows: 6 * n, failures: [] });
    },
    reconcileCycle: () => Promise.resolve({ reconciled: 0, revised: 0, missing: 0, stillPending: 0 }),
    updateIntervals: () => Promise.resolve({ versions: 0, errors: 0 }),
    refreshAccuracy: () => Promise.resolve({ rows: 0 }),
    refreshDashboard: () => Promise.resolve(),
    scoreNewAnomalyPoints: (input: ScoreNewPointsInput) => {
      seen.anomalyPages++;
      const n = input.range?.count ?? 0;
      seen.maxPageSeries = Math.max(seen.maxPageSeries, n);
      return Promise.resolve({ series: n, scored: n, flagged: 0, inserted: 0 });
    },
    deliverAnomalyMail: () => Promise.resolve({ mailed: 0 }),
    evaluateAlerts: () =>
      Promise.resolve({ limits: 0, checked: 0, opened: 0, refreshed: 0, resolved: 0, inCooldown: 0 }),
    deliverAlerts: () =>
      Promise.resolve({ configured: false, claimed: 0, mailsSent: 0, notificationsSent: 0, pending: 0 }),
    findBreaches: () => Promise.resolve({ breaches: [], suppressed: [], deferred: 0 }),
  };
}

describe('workflows/forecast cycle at a million series (shape only)', function () {
  this.timeout(900_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await sharedTemporalEnv();
  });

  it('plans a million series as capped id ranges: payloads and histories stay far inside Temporal limits', async () => {
    const seen = { shardInputs: 0, anomalyPages: 0, maxPageSeries: 0 };
    const queue = `test-cycle-scale-${process.pid}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: queue,
      workflowsPath: require.resolve('../../src/workflows'),
      activities: syntheticActivities(seen),
    });
    const workflowId = `test-cycle-scale/${Date.now()}`;
    const summary: ForecastCycleSummary = await worker.runUntil(
      env.client.workflow.execute(forecastCycleWorkflow, {
        taskQueue: queue,
        workflowId,
        args: [{ nominalTime: NOMINAL, mlTaskQueue: queue, followRecords: false }],
      }),
    );
    assert.equal(summary.shards, MAX_SHARDS_PER_GRANULARITY);
    assert.equal(summary.forecast.series, SERIES);
    assert.equal(summary.anomalies?.series, SERIES);
    assert.equal(seen.shardInputs, MAX_SHARDS_PER_GRANULARITY);
    assert.equal(seen.anomalyPages, SERIES / seen.maxPageSeries);

    const cycle = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const cycleEvents = cycle.events?.length ?? 0;
    const cyclePayloads = payloadSizes(cycle);
    const shard = await env.client.workflow.getHandle(shardWorkflowId(NOMINAL, '1h', 999)).fetchHistory();
    const largest = Math.max(...cyclePayloads, ...payloadSizes(shard));
    console.log(
      `      million-series cycle: ${cycleEvents} events in the cycle's history, ` +
        `${shard.events?.length ?? 0} in a shard's; largest payload ${largest} bytes; ` +
        `${seen.anomalyPages} anomaly pages of ${seen.maxPageSeries} series`,
    );
    assert.ok(largest < PAYLOAD_LIMIT / 10, `largest payload ${largest} bytes`);
    assert.ok(cycleEvents < EVENT_LIMIT / 5, `cycle history has ${cycleEvents} events`);
    assert.ok((shard.events?.length ?? 0) < 50, `shard history has ${shard.events?.length} events`);
  });
});
