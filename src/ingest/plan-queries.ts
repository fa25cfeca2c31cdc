import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { inputError } from './errors';
import { unitOf } from './metric-catalog';
import { normaliseHost } from './normalise-host';
import type { SeriesKey } from './types';

/** What to fetch from CloudWatch; `cloudwatch.*` and `aws.*` settings map onto it. */
export interface CloudWatchSourceInput {
  /** Instances to fetch; empty: `fetchCloudWatch` discovers them with ListMetrics. */
  readonly instanceIds: readonly string[];
  readonly ec2Namespace: string;
  readonly ec2Metrics: readonly string[];
  readonly memoryNamespace: string;
  readonly memoryMetric: string;
  readonly periodSeconds: number;
  /** ≤ 500 (API limit). */
  readonly maxQueriesPerCall: number;
  /** ≤ 100800 (API limit). */
  readonly maxDatapointsPerCall: number;
  readonly maxAttempts: number;
  /** Epoch ms; rounded down to a period boundary. */
  readonly from: number;
  /** Epoch ms, exclusive; rounded up to a period boundary. */
  readonly to: number;
  readonly region: string;
  readonly endpoint?: string;
}

/** One metric query and the series it fills. */
export interface PlannedQuery {
  readonly id: string;
  readonly query: MetricDataQuery;
  readonly key: SeriesKey;
}

/** One GetMetricData call (followed through its NextToken pages): a batch of queries over one time window. */
export interface PlannedCall {
  readonly queries: readonly PlannedQuery[];
  readonly from: number;
  readonly to: number;
}

/** Every query, and the calls that cover every query over the whole range. */
export interface QueryPlan {
  readonly queries: readonly PlannedQuery[];
  readonly calls: readonly PlannedCall[];
}

/**
 * Plans the GetMetricData calls for `input` (pure): one query per (instance, metric) with ids `m0`, `m1`, …
 * in instance-major order; memory from `memoryNamespace` with dimension InstanceId. Queries are packed
 * `maxQueriesPerCall` to a call and the range is cut into period-aligned windows so that
 * queries × (window / period) ≤ `maxDatapointsPerCall`. Throws `IngestInputError` for invalid input.
 */
export function planQueries(input: CloudWatchSourceInput): QueryPlan {
  checkInput(input);
  const periodMs = input.periodSeconds * 1000;
  const from = Math.floor(input.from / periodMs) * periodMs;
  const to = Math.ceil(input.to / periodMs) * periodMs;
  const queries = buildQueries(input);
  // A batch never holds more queries than datapoints allowed, so every query gets at least one period.
  const batchSize = Math.min(input.maxQueriesPerCall, input.maxDatapointsPerCall);
  const calls: PlannedCall[] = [];
  for (let start = 0; start < queries.length; start += batchSize) {
    const batch = queries.slice(start, start + batchSize);
    const windowMs = Math.floor(input.maxDatapointsPerCall / batch.length) * periodMs;
    for (let t = from; t < to; t += windowMs)
      calls.push({ queries: batch, from: t, to: Math.min(t + windowMs, to) });
  }
  return { queries, calls };
}

function buildQueries(input: CloudWatchSourceInput): PlannedQuery[] {
  const metrics = [
    ...input.ec2Metrics.map((metric) => ({ namespace: input.ec2Namespace, metric })),
    { namespace: input.memoryNamespace, metric: input.memoryMetric },
  ];
  const queries: PlannedQuery[] = [];
  // Duplicates would fetch the same series twice under two ids.
  for (const instanceId of new Set(input.instanceIds)) {
    for (const { namespace, metric } of metrics) {
      const id = `m${queries.length}`;
      const Dimensions = [{ Name: 'InstanceId', Value: instanceId }];
      const query: MetricDataQuery = {
        Id: id,
        MetricStat: {
          Metric: { Namespace: namespace, MetricName: metric, Dimensions },
          Period: input.periodSeconds,
          Stat: 'Average',
        },
        ReturnData: true,
      };
      const host = normaliseHost(instanceId);
      const key: SeriesKey = {
        source: 'cloudwatch',
        namespace,
        metric,
        dimensions: { InstanceId: instanceId },
        host,
        site: input.region,
        unit: unitOf(metric),
      };
      queries.push({ id, query, key });
    }
  }
  return queries;
}

function checkInput(input: CloudWatchSourceInput): void {
  const bad = (field: string, value: unknown, expectation: string): Error =>
    inputError({ file: 'CloudWatch source input', field, value }, expectation);
  const p = input.periodSeconds;
  // CloudWatch periods: 1, 5, 10, 30 (high resolution) or a multiple of 60 seconds.
  if (!Number.isInteger(p) || p <= 0 || (p % 60 !== 0 && ![1, 5, 10, 30].includes(p))) {
    throw bad('periodSeconds', p, 'must be 1, 5, 10, 30 or a multiple of 60');
  }
  if (
    !Number.isInteger(input.maxQueriesPerCall) ||
    input.maxQueriesPerCall < 1 ||
    input.maxQueriesPerCall > 500
  ) {
    throw bad('maxQueriesPerCall', input.maxQueriesPerCall, 'must be an integer from 1 to 500');
  }
  const maxPoints = input.maxDatapointsPerCall;
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > 100_800) {
    throw bad('maxDatapointsPerCall', maxPoints, 'must be an integer from 1 to 100800');
  }
  if (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1)
    throw bad('maxAttempts', input.maxAttempts, 'must be an integer ≥ 1');
  if (!(Number.isFinite(input.from) && Number.isFinite(input.to) && input.from < input.to)) {
    throw bad('from', input.from, `must be a time before to (${input.to})`);
  }
  if (input.instanceIds.length === 0)
    throw bad('instanceIds', input.instanceIds, 'must not be empty (discover them first)');
  input.instanceIds.forEach((id, i) => {
    if (id.trim() === '') throw bad(`instanceIds[${i}]`, id, 'must not be empty');
  });
}
