import assert from 'node:assert/strict';
import {
  cleanSeries,
  createCloudWatchSource,
  fetchCloudWatch,
  type CloudWatchFetchResult,
  type CloudWatchSourceInput,
} from '../../src/ingest';
import { startFaultProxy, THROTTLING, UNAVAILABLE } from './support/fault-proxy';
import { startMoto, type MotoServer } from './support/moto-server';
import {
  CREDENTIALS,
  EC2_METRICS,
  INSTANCES,
  MEMORY,
  REGION,
  SLOTS,
  STEP,
  T0,
  seedCloudWatch,
  seededSeries,
} from './support/seed-cloudwatch';

const seeded = seededSeries();
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

function input(endpoint: string, overrides: Partial<CloudWatchSourceInput> = {}): CloudWatchSourceInput {
  return {
    instanceIds: INSTANCES,
    ec2Namespace: 'AWS/EC2',
    ec2Metrics: EC2_METRICS,
    memoryNamespace: MEMORY.namespace,
    memoryMetric: MEMORY.metric,
    periodSeconds: 300,
    // 12 queries in batches of 5, 5, 2; windows of 4 periods (20 min) for 5 queries and 10 (50 min) for 2.
    maxQueriesPerCall: 5,
    maxDatapointsPerCall: 20,
    maxAttempts: 4,
    from: T0,
    to: T0 + SLOTS * STEP,
    region: REGION,
    endpoint,
    ...overrides,
  };
}

/** Every seeded series came back, exactly, keyed right, with holes still holes. */
function assertAllData(result: CloudWatchFetchResult): void {
  assert.equal(result.series.length, seeded.length);
  result.series.forEach((s, k) => {
    const expected = seeded[k]!;
    assert.deepEqual(s.key, {
      source: 'cloudwatch',
      namespace: expected.namespace,
      metric: expected.metric,
      dimensions: { InstanceId: expected.instance },
      host: expected.instance,
      site: REGION,
      unit: expected.metric === 'NetworkIn' || expected.metric === 'NetworkOut' ? 'Bytes' : 'Percent',
    });
    assert.deepEqual(s.points, expected.points, `${expected.instance} ${expected.metric}`);
  });
  assert.equal(
    result.stats.points,
    seeded.reduce((n, s) => n + s.points.length, 0),
  );
  assert.deepEqual(result.partial, []);
  assert.deepEqual(result.messages, []);
}

describe('ingest/fetchCloudWatch against moto', function () {
  this.timeout(60_000);
  let moto: MotoServer;

  before(async () => {
    moto = await startMoto();
    await seedCloudWatch(moto.endpoint, seeded);
  });
  after(async () => {
    await moto?.stop();
  });

  it('fetches every instance × metric in several calls and windows, values and holes exact', async () => {
    const result = await fetchCloudWatch(input(moto.endpoint), { credentials: CREDENTIALS });
    assertAllData(result);
    assert.deepEqual(result.stats, {
      instances: 3,
      calls: 6 + 6 + 3,
      pages: 15,
      retries: 0,
      points: result.stats.points,
    });
  });

  it('discovers instance ids with ListMetrics when none are configured', async () => {
    const result = await fetchCloudWatch(input(moto.endpoint, { instanceIds: [] }), {
      credentials: CREDENTIALS,
    });
    assertAllData(result);
    assert.equal(result.stats.instances, 3);
  });

  it('reports progress after every page through a long-lived source', async () => {
    const source = createCloudWatchSource(input(moto.endpoint), { credentials: CREDENTIALS });
    const progress: number[] = [];
    try {
      const result = await source.fetch({
        from: T0,
        to: T0 + SLOTS * STEP,
        onProgress: (points) => progress.push(points),
      });
      assertAllData(result);
      assert.equal(progress.length, 15);
      assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]!));
      assert.equal(progress.at(-1), result.stats.points);
      const again = await source.fetch({ from: T0, to: T0 + STEP * 6, instanceIds: [INSTANCES[1]!] });
      assert.deepEqual(
        again.series.map((s) => s.key.dimensions.InstanceId),
        Array(4).fill(INSTANCES[1]),
      );
      assert.deepEqual(
        again.series[0]!.points,
        seeded[4]!.points.filter((p) => p.t < T0 + STEP * 6),
      );
    } finally {
      source.destroy();
    }
  });

  it('retries throttling (400 Throttling) and 503 with backoff and still gets all data', async () => {
    const proxy = await startFaultProxy(moto.endpoint, 'GetMetricData', [
      THROTTLING,
      THROTTLING,
      UNAVAILABLE,
      THROTTLING,
    ]);
    try {
      const retried: string[] = [];
      // Four faults in a row on the first request need a fifth attempt.
      const result = await fetchCloudWatch(input(proxy.endpoint, { maxAttempts: 5 }), {
        credentials: CREDENTIALS,
        retry: { ...FAST_RETRY, onRetry: ({ error }) => retried.push((error as Error).name) },
      });
      assertAllData(result);
      assert.deepEqual(retried, ['Throttling', 'Throttling', 'ServiceUnavailable', 'Throttling']);
      assert.equal(result.stats.retries, 4);
      assert.equal(proxy.seen.filter((s) => s.faulted).length, 4);
      assert.equal(proxy.seen.filter((s) => s.operation === 'GetMetricData').length, 15 + 4);
    } finally {
      await proxy.close();
    }
  });

  it('gives up after maxAttempts and throws the throttling error', async () => {
    const proxy = await startFaultProxy(moto.endpoint, 'GetMetricData', Array(5).fill(THROTTLING));
    try {
      await assert.rejects(
        fetchCloudWatch(input(proxy.endpoint, { maxAttempts: 3 }), {
          credentials: CREDENTIALS,
          retry: FAST_RETRY,
        }),
        { name: 'Throttling' },
      );
      assert.equal(proxy.seen.length, 3);
    } finally {
      await proxy.close();
    }
  });

  it('feeds cleaning: holes of one slot are interpolated, the grid is complete', async () => {
    const { series } = await fetchCloudWatch(input(moto.endpoint), { credentials: CREDENTIALS });
    const range = { from: T0, to: T0 + SLOTS * STEP };
    const { kept, dropped } = cleanSeries(series, {
      stepMs: STEP,
      maxGapMs: 2 * STEP,
      minCoverage: 0.8,
      dropPatterns: [],
      range,
    });
    assert.deepEqual(dropped, []);
    const first = kept[0]!;
    const holes = seeded[0]!.points.length;
    // Series 0 misses slots 0, 7 and 13: slot 0 is an unfillable edge, 7 and 13 are interpolated.
    assert.equal(SLOTS - holes, 3);
    assert.equal(first.filled, 2);
    assert.deepEqual(first.gaps, [{ from: T0, to: T0, missingPoints: 1 }]);
    assert.deepEqual(
      first.points.find((p) => p.t === T0 + 7 * STEP),
      { t: T0 + 7 * STEP, v: 1107.25 },
    );
  });
});
