import assert from 'node:assert/strict';
import type {
  GetMetricDataInput,
  GetMetricDataOutput,
  ListMetricsInput,
  ListMetricsOutput,
} from '@aws-sdk/client-cloudwatch';
import {
  fetchCloudWatch,
  IngestInputError,
  type CloudWatchApi,
  type CloudWatchSourceInput,
} from '../../src/ingest';

// moto answers GetMetricData in one page whatever MaxDatapoints says and never sets NextToken or
// PartialData, so pagination is tested here with a scripted client behind the same CloudWatchApi door.

const T0 = Date.UTC(2024, 0, 1);
const STEP = 300_000;
const at = (slot: number): Date => new Date(T0 + slot * STEP);

const INPUT: CloudWatchSourceInput = {
  instanceIds: ['i-00000001'],
  ec2Namespace: 'AWS/EC2',
  ec2Metrics: ['CPUUtilization'],
  memoryNamespace: 'CWAgent',
  memoryMetric: 'mem_used_percent',
  periodSeconds: 300,
  maxQueriesPerCall: 500,
  maxDatapointsPerCall: 100_800,
  maxAttempts: 2,
  from: T0,
  to: T0 + 6 * STEP,
  region: 'us-east-1',
};

/** A CloudWatchApi that answers GetMetricData with scripted pages, in order, and records the requests. */
function scripted(
  pages: GetMetricDataOutput[],
  listPages: ListMetricsOutput[] = [],
): CloudWatchApi & { requests: GetMetricDataInput[]; lists: ListMetricsInput[] } {
  const requests: GetMetricDataInput[] = [];
  const lists: ListMetricsInput[] = [];
  return {
    requests,
    lists,
    getMetricData: (input) => {
      requests.push(input);
      const page = pages.shift();
      return page ? Promise.resolve(page) : Promise.reject(new Error('no more scripted pages'));
    },
    listMetrics: (input) => {
      lists.push(input);
      return Promise.resolve(listPages.shift() ?? {});
    },
  };
}

describe('ingest/fetchCloudWatch pagination (scripted client)', () => {
  it('follows NextToken, concatenating Timestamps/Values per Id, PartialData meaning "more pages"', async () => {
    const api = scripted([
      {
        MetricDataResults: [
          { Id: 'm0', Timestamps: [at(0), at(1)], Values: [1, 2], StatusCode: 'PartialData' },
          { Id: 'm1', Timestamps: [at(0)], Values: [50], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
        Messages: [],
      },
      {
        MetricDataResults: [
          { Id: 'm0', Timestamps: [at(2), at(3)], Values: [3, 4], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-3',
      },
      {
        MetricDataResults: [
          { Id: 'm0', Timestamps: [at(5)], Values: [6], StatusCode: 'Complete' },
          { Id: 'm1', Timestamps: [at(1)], Values: [51], StatusCode: 'Complete' },
        ],
        Messages: [{ Code: 'Info', Value: 'last page' }],
      },
    ]);
    const progress: number[] = [];
    const result = await fetchCloudWatch(INPUT, { api, onProgress: (points) => progress.push(points) });
    assert.deepEqual(
      result.series[0]!.points,
      [1, 2, 3, 4, 6].map((v, i) => ({ t: at(i === 4 ? 5 : i).getTime(), v })),
    );
    assert.deepEqual(result.series[1]!.points, [
      { t: T0, v: 50 },
      { t: T0 + STEP, v: 51 },
    ]);
    assert.deepEqual(result.partial, []);
    assert.deepEqual(result.messages, [{ code: 'Info', value: 'last page', from: T0, to: T0 + 6 * STEP }]);
    assert.deepEqual(
      api.requests.map((r) => r.NextToken),
      [undefined, 'page-2', 'page-3'],
    );
    assert.ok(
      api.requests.every((r) => r.StartTime?.getTime() === T0 && r.EndTime?.getTime() === T0 + 6 * STEP),
    );
    assert.deepEqual(api.requests[0]!.MaxDatapoints, 100_800);
    assert.deepEqual(progress, [3, 5, 7]);
    assert.deepEqual(result.stats, { instances: 1, calls: 1, pages: 3, retries: 0, points: 7 });
  });

  it('reports a query whose last page is still PartialData, with per-result messages', async () => {
    const api = scripted([
      {
        MetricDataResults: [
          { Id: 'm0', Timestamps: [at(0)], Values: [1], StatusCode: 'Complete' },
          {
            Id: 'm1',
            Timestamps: [],
            Values: [],
            StatusCode: 'PartialData',
            Messages: [{ Code: 'ArithmeticError', Value: 'x' }],
          },
        ],
      },
    ]);
    const result = await fetchCloudWatch(INPUT, { api });
    assert.deepEqual(
      result.partial.map((p) => [p.id, p.key.metric, p.statusCode, p.from, p.to]),
      [['m1', 'mem_used_percent', 'PartialData', T0, T0 + 6 * STEP]],
    );
    assert.deepEqual(result.messages, [
      { id: 'm1', code: 'ArithmeticError', value: 'x', from: T0, to: T0 + 6 * STEP },
    ]);
    assert.deepEqual(result.series[1]!.points, []);
  });

  it('collapses a timestamp repeated across pages to its last value', async () => {
    const api = scripted([
      {
        MetricDataResults: [{ Id: 'm0', Timestamps: [at(1)], Values: [1], StatusCode: 'PartialData' }],
        NextToken: 'n',
      },
      {
        MetricDataResults: [
          { Id: 'm0', Timestamps: [at(1), at(0)], Values: [9, 0.5], StatusCode: 'Complete' },
        ],
      },
    ]);
    const result = await fetchCloudWatch(INPUT, { api });
    assert.deepEqual(result.series[0]!.points, [
      { t: T0, v: 0.5 },
      { t: T0 + STEP, v: 9 },
    ]);
  });

  it('follows ListMetrics pages to discover instances', async () => {
    const dims = (id: string) => ({
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'InstanceId', Value: id }],
    });
    const api = scripted(
      [{ MetricDataResults: [] }],
      [{ Metrics: [dims('i-2'), dims('i-1')], NextToken: 'more' }, { Metrics: [dims('i-1'), dims('i-3')] }],
    );
    const result = await fetchCloudWatch({ ...INPUT, instanceIds: [] }, { api });
    assert.deepEqual(
      api.lists.map((l) => l.NextToken),
      [undefined, 'more'],
    );
    assert.deepEqual(api.lists[0]!.Dimensions, [{ Name: 'InstanceId' }]);
    assert.deepEqual([...new Set(result.series.map((s) => s.key.host))], ['i-1', 'i-2', 'i-3']);
  });

  it('validates responses: unknown Id, length mismatch, non-finite values, a NextToken that repeats', async () => {
    const cases: [GetMetricDataOutput[], string][] = [
      [
        [{ MetricDataResults: [{ Id: 'm7', Timestamps: [], Values: [] }] }],
        'GetMetricData response: MetricDataResults[0].Id must be the id of a query in the request, got "m7"',
      ],
      [
        [{ MetricDataResults: [{ Id: 'm0', Timestamps: [at(0), at(1)], Values: [1] }] }],
        'GetMetricData response: MetricDataResults[0].Values length must equal Timestamps length 2, got 1',
      ],
      [
        [{ MetricDataResults: [{ Id: 'm1', Timestamps: [at(0)], Values: [NaN] }] }],
        'GetMetricData response: MetricDataResults[0].Values[0] must be a finite number, got NaN',
      ],
      [
        [
          { MetricDataResults: [], NextToken: 'same' },
          { MetricDataResults: [], NextToken: 'same' },
        ],
        'GetMetricData response: NextToken must change between pages, got "same"',
      ],
    ];
    for (const [pages, message] of cases) {
      await assert.rejects(
        fetchCloudWatch(INPUT, { api: scripted(pages) }),
        (e: unknown) => e instanceof IngestInputError && e.message === message,
      );
    }
  });

  it('returns no series without error when discovery finds no instances', async () => {
    const result = await fetchCloudWatch({ ...INPUT, instanceIds: [] }, { api: scripted([]) });
    assert.deepEqual(result.series, []);
    assert.equal(result.stats.calls, 0);
  });
});
