import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IngestInputError, parseCloudWatchJson, type CloudWatchJsonOptions } from '../../src/ingest';
import { FIXTURES } from './support/paths';

const read = (name: string): string => readFileSync(path.join(FIXTURES, 'json', name), 'utf8');
const ALLOWED = ['CPUUtilization', 'NetworkIn', 'NetworkOut', 'mem_used_percent'];
const T0 = Date.UTC(2024, 2, 1);
const MIN5 = 300_000;

/** Parses a fixture expecting an IngestInputError and returns it. */
function rejection(name: string, options: Partial<CloudWatchJsonOptions> = {}): IngestInputError {
  try {
    parseCloudWatchJson(read(name), { file: name, allowedMetrics: ALLOWED, ...options });
  } catch (error) {
    assert.ok(error instanceof IngestInputError, String(error));
    return error;
  }
  assert.fail(`${name} parsed without error`);
}

describe('ingest/parseCloudWatchJson', () => {
  it('keys series from "<InstanceId> <MetricName>" labels and sorts newest-first timestamps', () => {
    const result = parseCloudWatchJson(read('good-label.json'), {
      file: 'good-label.json',
      allowedMetrics: ALLOWED,
      site: 'us-east-1',
    });
    assert.equal(result.series.length, 2);
    const [cpu, mem] = result.series;
    assert.deepEqual(cpu!.key, {
      source: 'cloudwatch',
      namespace: 'AWS/EC2',
      metric: 'CPUUtilization',
      dimensions: { InstanceId: 'i-0a1b2c3d4e5f60718' },
      host: 'i-0a1b2c3d4e5f60718',
      site: 'us-east-1',
      unit: 'Percent',
    });
    assert.deepEqual(cpu!.points, [
      { t: T0, v: 10 },
      { t: T0 + MIN5, v: 20.25 },
      { t: T0 + 2 * MIN5, v: 30.5 },
    ]);
    assert.equal(mem!.key.namespace, 'CWAgent');
    assert.deepEqual(mem!.points, [
      { t: T0, v: 60.5 },
      { t: T0 + MIN5, v: 61 },
    ]);
    assert.deepEqual(result.partial, [{ id: 'm1', key: mem!.key, statusCode: 'PartialData' }]);
    assert.deepEqual(result.messages, [
      { code: 'Info', value: 'fixture' },
      { id: 'm1', code: 'MaxQueryTimeRangeExceed', value: 'Query range too wide' },
    ]);
  });

  it('keys series from the MetricDataQueries passed beside the dump, or embedded in it', () => {
    const expected = [
      {
        metric: 'CPUUtilization',
        unit: 'Percent',
        points: [
          { t: T0, v: 41 },
          { t: T0 + MIN5, v: 42 },
        ],
      },
      {
        metric: 'NetworkIn',
        unit: 'Bytes',
        points: [
          { t: T0, v: 1024 },
          { t: T0 + MIN5, v: 2048 },
        ],
      },
    ];
    const outside = parseCloudWatchJson(read('good-queries.json'), {
      file: 'g.json',
      queries: read('queries.json'),
    });
    const inside = parseCloudWatchJson(JSON.parse(read('good-embedded.json')), {
      file: 'e.json',
      allowedMetrics: ALLOWED,
    });
    for (const result of [outside, inside]) {
      assert.deepEqual(
        result.series.map((s) => ({ metric: s.key.metric, unit: s.key.unit, points: s.points })),
        expected,
      );
      assert.deepEqual(result.series[0]!.key.dimensions, { InstanceId: 'i-0123456789abcdef0' });
      assert.equal(result.series[0]!.key.host, 'i-0123456789abcdef0');
      assert.deepEqual(result.partial, []);
    }
  });

  it('merges results that repeat an Id (CLI pagination) and rejects a repeated timestamp', () => {
    const page = (ts: string[], values: number[]) => ({
      Id: 'm0',
      Label: 'i-0a1b2c3d CPUUtilization',
      Timestamps: ts,
      Values: values,
      StatusCode: 'Complete',
    });
    const dump = {
      MetricDataResults: [page(['2024-03-01T00:05:00Z'], [2]), page(['2024-03-01T00:00:00Z'], [1])],
    };
    const { series } = parseCloudWatchJson(dump, { file: 'p.json' });
    assert.deepEqual(series[0]!.points, [
      { t: T0, v: 1 },
      { t: T0 + MIN5, v: 2 },
    ]);
    const twice = {
      MetricDataResults: [page(['2024-03-01T00:00:00Z'], [1]), page(['2024-03-01T00:00:00Z'], [1])],
    };
    assert.throws(() => parseCloudWatchJson(twice, { file: 'p.json' }), {
      name: 'IngestInputError',
      message:
        'p.json: MetricDataResults[0].Timestamps must not repeat a timestamp, got "2024-03-01T00:00:00.000Z"',
    });
  });

  const cases: {
    name: string;
    field: string;
    value: unknown;
    message: string;
    options?: Partial<CloudWatchJsonOptions>;
  }[] = [
    {
      name: 'missing-field.json',
      field: 'MetricDataResults[0].Timestamps',
      value: undefined,
      message: 'missing-field.json: MetricDataResults[0].Timestamps is required, got nothing',
    },
    {
      name: 'wrong-type.json',
      field: 'MetricDataResults[2].Values[5]',
      value: 'x',
      message: 'wrong-type.json: MetricDataResults[2].Values[5] must be a finite number, got "x"',
    },
    {
      name: 'length-mismatch.json',
      field: 'MetricDataResults[0].Values',
      value: 2,
      message:
        'length-mismatch.json: MetricDataResults[0].Values length must equal Timestamps length 3 (Timestamps and Values lengths differ), got 2',
    },
    {
      name: 'unknown-metric.json',
      field: 'MetricDataResults[1].Label',
      value: 'i-0a1b2c3d DiskReadOps',
      message:
        'unknown-metric.json: MetricDataResults[1].Label names unknown metric "DiskReadOps" (allowed: CPUUtilization, NetworkIn, NetworkOut, mem_used_percent), got "i-0a1b2c3d DiskReadOps"',
    },
    {
      name: 'bad-timestamp.json',
      field: 'MetricDataResults[0].Timestamps[0]',
      value: '2024-03-01 00:00:00',
      message:
        'bad-timestamp.json: MetricDataResults[0].Timestamps[0] must be an ISO-8601 datetime with zone, got "2024-03-01 00:00:00"',
    },
    {
      name: 'good-queries.json',
      field: 'MetricDataResults[0].Label',
      value: 'CPUUtilization',
      message:
        'good-queries.json: MetricDataResults[0].Label must read "<InstanceId> <MetricName>" when no queries are given, got "CPUUtilization"',
    },
    {
      name: 'good-queries.json',
      field: '[1].MetricStat.Period',
      value: '300',
      message: 'queries-bad-period.json: [1].MetricStat.Period must be a finite number, got "300"',
      options: { queries: read('queries-bad-period.json'), queriesFile: 'queries-bad-period.json' },
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}${c.options ? ' with bad queries' : ''}, naming ${c.field}`, () => {
      const error = rejection(c.name, c.options);
      assert.equal(error.message, c.message);
      assert.equal(error.field, c.field);
      assert.deepEqual(error.value, c.value);
    });
  }

  it('names the unknown metric by query Id when queries are given', () => {
    const error = rejection('good-queries.json', {
      queries: read('queries.json'),
      allowedMetrics: ['CPUUtilization'],
    });
    assert.equal(error.field, 'MetricDataResults[1].Id');
    assert.match(
      error.message,
      /names unknown metric "NetworkIn" \(allowed: CPUUtilization\), got "netin_web1"$/,
    );
  });

  it('rejects a result whose Id has no query, and text that is not JSON', () => {
    const queries = JSON.parse(read('queries.json')) as unknown[];
    assert.throws(
      () =>
        parseCloudWatchJson(read('good-queries.json'), {
          file: 'g.json',
          queries: queries.slice(0, 1),
          queriesFile: 'q.json',
        }),
      {
        message: 'g.json: MetricDataResults[1].Id must match the Id of a query in q.json, got "netin_web1"',
      },
    );
    assert.throws(
      () => parseCloudWatchJson('{"MetricDataResults": [', { file: 'cut.json' }),
      /^IngestInputError: cut\.json: document must be valid JSON/,
    );
    assert.throws(() => parseCloudWatchJson('[]', { file: 'a.json' }), {
      message: 'a.json: document must be an object, got []',
    });
  });
});
