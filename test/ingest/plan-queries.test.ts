import assert from 'node:assert/strict';
import { IngestInputError, planQueries, type CloudWatchSourceInput } from '../../src/ingest';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

const BASE: CloudWatchSourceInput = {
  instanceIds: ['i-00000001', 'i-00000002'],
  ec2Namespace: 'AWS/EC2',
  ec2Metrics: ['CPUUtilization', 'NetworkIn'],
  memoryNamespace: 'CWAgent',
  memoryMetric: 'mem_used_percent',
  periodSeconds: 300,
  maxQueriesPerCall: 500,
  maxDatapointsPerCall: 100_800,
  maxAttempts: 3,
  from: T0,
  to: T0 + HOUR,
  region: 'us-east-1',
};

describe('ingest/planQueries', () => {
  it('builds one query per (instance, metric) with ids m0, m1, … and keys back to the series', () => {
    const plan = planQueries(BASE);
    assert.deepEqual(
      plan.queries.map((q) => q.id),
      ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'],
    );
    assert.ok(plan.queries.every((q) => /^[a-z][a-zA-Z0-9_]*$/.test(q.id) && q.query.Id === q.id));
    assert.deepEqual(plan.queries[2]!.query, {
      Id: 'm2',
      MetricStat: {
        Metric: {
          Namespace: 'CWAgent',
          MetricName: 'mem_used_percent',
          Dimensions: [{ Name: 'InstanceId', Value: 'i-00000001' }],
        },
        Period: 300,
        Stat: 'Average',
      },
      ReturnData: true,
    });
    assert.deepEqual(plan.queries[3]!.key, {
      source: 'cloudwatch',
      namespace: 'AWS/EC2',
      metric: 'CPUUtilization',
      dimensions: { InstanceId: 'i-00000002' },
      host: 'i-00000002',
      site: 'us-east-1',
      unit: 'Percent',
    });
    assert.deepEqual(plan.calls, [{ queries: plan.queries, from: T0, to: T0 + HOUR }]);
  });

  it('packs maxQueriesPerCall queries per call and windows so queries × periods ≤ maxDatapointsPerCall', () => {
    // 6 queries in batches of 4 and 2; 4 × 3 periods = 12 ≤ 13 → 15-minute windows; 2 × 6 = 12 → 30 minutes.
    const plan = planQueries({ ...BASE, maxQueriesPerCall: 4, maxDatapointsPerCall: 13 });
    const shape = plan.calls.map((c) => [
      c.queries.map((q) => q.id).join(','),
      (c.from - T0) / 60_000,
      (c.to - T0) / 60_000,
    ]);
    assert.deepEqual(shape, [
      ['m0,m1,m2,m3', 0, 15],
      ['m0,m1,m2,m3', 15, 30],
      ['m0,m1,m2,m3', 30, 45],
      ['m0,m1,m2,m3', 45, 60],
      ['m4,m5', 0, 30],
      ['m4,m5', 30, 60],
    ]);
    for (const call of plan.calls) assert.ok(call.queries.length * ((call.to - call.from) / 300_000) <= 13);
  });

  it('aligns the range outward to period boundaries and never gives a query less than one period', () => {
    const plan = planQueries({ ...BASE, from: T0 + 60_000, to: T0 + 16 * 60_000, maxDatapointsPerCall: 2 });
    assert.equal(plan.calls[0]!.from, T0);
    assert.equal(plan.calls.at(-1)!.to, T0 + 20 * 60_000);
    assert.ok(plan.calls.every((c) => c.queries.length <= 2));
    assert.equal(plan.calls.length, 3 * 4);
  });

  it('skips repeated instance ids', () => {
    assert.equal(planQueries({ ...BASE, instanceIds: ['i-00000001', 'i-00000001'] }).queries.length, 3);
  });

  it('rejects invalid input naming the field', () => {
    const bad: [Partial<CloudWatchSourceInput>, RegExp][] = [
      [{ periodSeconds: 45 }, /periodSeconds must be 1, 5, 10, 30 or a multiple of 60, got 45/],
      [{ maxQueriesPerCall: 501 }, /maxQueriesPerCall must be an integer from 1 to 500, got 501/],
      [
        { maxDatapointsPerCall: 100_801 },
        /maxDatapointsPerCall must be an integer from 1 to 100800, got 100801/,
      ],
      [{ maxAttempts: 0 }, /maxAttempts must be an integer ≥ 1, got 0/],
      [{ to: T0 }, /from must be a time before to/],
      [{ instanceIds: [] }, /instanceIds must not be empty/],
    ];
    for (const [override, message] of bad)
      assert.throws(
        () => planQueries({ ...BASE, ...override }),
        (e: unknown) => e instanceof IngestInputError && message.test(e.message),
      );
  });
});
