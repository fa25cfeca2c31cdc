import assert from 'node:assert/strict';
import { createIngestActivities } from '../../src/activities/ingest';
import { fetchPrometheus, type PrometheusSourceConfig, type PromQuery } from '../../src/ingest';
import { readObservations, listSeries } from '../../src/db';
import { startPrivatePrometheus, type PrivatePrometheus } from '../support/private-prometheus';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { nabDir } from './support/paths';
import { csvPoints, HISTORY, HISTORY_QUERIES, openMetricsOf } from './support/prometheus-history';
import { startPrometheusProxy } from './support/prometheus-proxy';

const STEP = 300_000;
const cleaning = { stepMs: STEP, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] };

/** The stretch of time a bundled file covers, as a half-open range of grid slots. */
function rangeOf(file: string): { from: number; to: number } {
  const points = csvPoints(file);
  return { from: points[0]!.t, to: points[points.length - 1]!.t + STEP };
}

/** One range covering several files that lie in the same stretch. */
function cover(files: readonly string[]): { from: number; to: number } {
  const ranges = files.map(rangeOf);
  return { from: Math.min(...ranges.map((r) => r.from)), to: Math.max(...ranges.map((r) => r.to)) };
}

/** The three stretches of the bundled history: Feb 2014 (two CPU series), Apr 2014, Oct 2013. */
const STRETCHES = [
  cover(['ec2_cpu_utilization_24ae8d.csv', 'rds_cpu_utilization_cc0c53.csv']),
  cover(['ec2_disk_write_bytes_c0d644.csv']),
  cover(['iio_us-east-1_i-a2eb1cd9_NetworkIn.csv']),
];

describe('Prometheus source against a real Prometheus holding bundled history (promtool blocks)', function () {
  this.timeout(180_000);
  let prom: PrivatePrometheus;
  let db: TestDb;

  before(async () => {
    prom = await startPrivatePrometheus({ history: openMetricsOf(HISTORY) });
    db = await createTestDb('promhist');
  });
  after(async () => {
    await db?.drop();
    await prom?.dispose();
  });

  const config = (
    queries: readonly PromQuery[],
    extra: Partial<PrometheusSourceConfig> = {},
  ): PrometheusSourceConfig => ({
    url: prom.url,
    queries,
    labels: { keepLabels: ['job', 'site'], hostSuffixes: [] },
    stepMs: STEP,
    // Small windows: the 14-day stretches need five requests per query, as a long range would.
    maxPointsPerQuery: 1000,
    maxAttempts: 2,
    timeoutMs: 10_000,
    ...extra,
  });
  const source = (queries: readonly PromQuery[]) => {
    const c = config(queries);
    return { fetch: (r: { from: number; to: number }) => fetchPrometheus(c, r) };
  };
  const activities = (queries: readonly PromQuery[]) =>
    createIngestActivities({ db, cleaning, cloudwatch: unusedCloudWatch, prometheus: source(queries) });

  it('query_range returns exactly the CSV values, window after window', async () => {
    const fetched = await fetchPrometheus(config(HISTORY_QUERIES), STRETCHES[0]!);
    // 4033 slots in windows of 1000: 5 requests for each of the 3 queries.
    assert.equal(fetched.stats.requests, 15);
    assert.deepEqual(
      fetched.series.map((s) => [s.key.metric, s.key.host, s.key.site, s.key.dimensions]),
      [
        ['CPUUtilization', 'db-cc0c53', '', { host: 'db-cc0c53', job: 'rds' }],
        [
          'CPUUtilization',
          'ip-10-0-0-24',
          'us-east-1',
          { host: 'ip-10-0-0-24', job: 'node', site: 'us-east-1' },
        ],
      ],
    );
    const byHost = new Map(fetched.series.map((s) => [s.key.host, s.points]));
    assert.deepEqual(byHost.get('ip-10-0-0-24'), csvPoints('ec2_cpu_utilization_24ae8d.csv'));
    assert.deepEqual(byHost.get('db-cc0c53'), csvPoints('rds_cpu_utilization_cc0c53.csv'));
    const later = await fetchPrometheus(config(HISTORY_QUERIES), STRETCHES[2]!);
    assert.deepEqual(
      later.series.map((s) => s.key.host),
      ['fd00::a2eb'],
    );
    assert.deepEqual(later.series[0]!.points, csvPoints('iio_us-east-1_i-a2eb1cd9_NetworkIn.csv'));
  });

  it('stores, row by row, what the file ingestion stores from the same CSV files (5-minute and hourly)', async () => {
    const acts = activities(HISTORY_QUERIES);
    for (const s of HISTORY) await acts.ingestFile({ path: `${nabDir()}/${s.file}` });
    for (const range of STRETCHES) await acts.ingestPrometheusWindow({ range });
    const everything = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) };
    for (const granularity of ['5m', '1h'] as const) {
      const series = await listSeries(db, { granularity });
      for (const s of HISTORY) {
        const fromFile = series.find((x) => x.source === 'file' && s.file.includes(x.host));
        const host = hostOf(s.labels.instance!);
        const fromProm = series.find((x) => x.source === 'prometheus' && x.host === host);
        assert.ok(fromFile && fromProm, `${s.file} ${granularity}: both series stored`);
        const rows = async (id: typeof fromFile.id) =>
          (await readObservations(db, id, everything)).map(({ t, value, max, count }) => [
            t,
            value,
            max,
            count,
          ]);
        const expected = await rows(fromFile.id);
        assert.ok(expected.length > (granularity === '5m' ? 1000 : 90), `${s.file} has rows`);
        assert.deepEqual(await rows(fromProm.id), expected, `${s.file} ${granularity}`);
      }
    }
  });

  it('refuses a query Prometheus cannot parse with its own words, the query and the setting; stores nothing', async () => {
    const bad: PromQuery = {
      family: 'CPUUtilization',
      unit: 'Percent',
      query: 'rate(nab_cpu_utilization_percent[5m]',
      setting: 'prometheus.queries.CPUUtilization[1]',
    };
    const before = await snapshotTable(db, 'observations', 'series_id, ts');
    await assert.rejects(
      activities([HISTORY_QUERIES[0]!, bad]).ingestPrometheusWindow({ range: STRETCHES[0]! }),
      (e: Error) => {
        assert.equal((e as { nonRetryable?: boolean }).nonRetryable, true);
        assert.match(
          e.message,
          /^prometheus\.queries\.CPUUtilization\[1\]: Prometheus refused the query `rate\(nab_cpu_utilization_percent\[5m\]`: .*parse error: unclosed left parenthesis/,
        );
        return true;
      },
    );
    assert.equal(await snapshotTable(db, 'observations', 'series_id, ts'), before);
  });

  it('refuses NaN and infinite samples, naming the series, the time, the query and its setting', async () => {
    const query = (q: string): PromQuery => ({
      family: 'X',
      unit: '',
      query: q,
      setting: 'prometheus.queries.X[0]',
    });
    const range = STRETCHES[1]!;
    await assert.rejects(fetchPrometheus(config([query('nab_disk_write_bytes * 0 / 0')]), range), {
      name: 'IngestInputError',
      message: `prometheus.queries.X[0] (nab_disk_write_bytes * 0 / 0): value of series {instance="i-c0d644:9100", job="node"} at ${new Date(range.from).toISOString()} must be a finite number (filter NaN and infinities out in the query, e.g. \`(expr) > -Inf < +Inf\`), got "NaN"`,
    });
    await assert.rejects(
      fetchPrometheus(config([query('-1 / (nab_disk_write_bytes * 0)')]), range),
      /got "-Inf"$/,
    );
    await assert.rejects(
      fetchPrometheus(config([query('(nab_disk_write_bytes > 0) / 0')]), range),
      /got "\+Inf"$/,
    );
  });

  it('refuses label sets that collide, and results without an instance', async () => {
    const range = STRETCHES[1]!;
    const twoPorts: PromQuery = {
      family: 'DiskWriteBytes',
      unit: 'Bytes',
      query:
        'nab_disk_write_bytes or label_replace(nab_disk_write_bytes, "instance", "i-c0d644:9200", "instance", ".*")',
      setting: 'prometheus.queries.DiskWriteBytes[0]',
    };
    await assert.rejects(fetchPrometheus(config([twoPorts]), range), (e: Error) => {
      assert.equal(e.name, 'IngestInputError');
      assert.match(
        e.message,
        /^prometheus\.queries\.DiskWriteBytes\[0\] \(.*\): label sets \{.*instance="i-c0d644:9[12]00".*\} and \{.*instance="i-c0d644:9[12]00".*\} both map to series DiskWriteBytes \{host=i-c0d644, job=node\}/,
      );
      return true;
    });
    // The same label set from two queries of one family is two answers for one series.
    const twice = [
      HISTORY_QUERIES[1]!,
      { ...HISTORY_QUERIES[1]!, setting: 'prometheus.queries.DiskWriteBytes[1]' },
    ];
    await assert.rejects(
      fetchPrometheus(config(twice), range),
      /\[1\] .* \(the first from prometheus\.queries\.DiskWriteBytes\[0\]\)/,
    );
    const summed: PromQuery = { ...HISTORY_QUERIES[1]!, query: 'sum(nab_disk_write_bytes)' };
    await assert.rejects(
      fetchPrometheus(config([summed]), range),
      /series \{\} must carry an instance label/,
    );
  });

  it('sends a bearer token from the settings through an auth proxy; without it, a clear refusal', async () => {
    const proxy = await startPrometheusProxy(prom.url, [], { bearer: 'bearer-s3cret' });
    try {
      const range = STRETCHES[2]!;
      const withToken = config(HISTORY_QUERIES, { url: proxy.url, auth: { bearerToken: 'bearer-s3cret' } });
      const fetched = await fetchPrometheus(withToken, range);
      assert.deepEqual(fetched.series[0]?.points, csvPoints('iio_us-east-1_i-a2eb1cd9_NetworkIn.csv'));
      await assert.rejects(fetchPrometheus(config(HISTORY_QUERIES, { url: proxy.url }), range), {
        name: 'IngestInputError',
        message:
          /^prometheus\.url http:\/\/127\.0\.0\.1:\d+ answered HTTP 401 Unauthorized \(bearer token required\): check METRICAST_PROMETHEUS_BEARER_TOKEN/,
      });
    } finally {
      await proxy.close();
    }
  });
});

/** The host the source derives from an instance label (the expectation, written out). */
function hostOf(instance: string): string {
  return (
    {
      'ip-10-0-0-24.ec2.internal:9100': 'ip-10-0-0-24',
      'db-cc0c53.example.com:9187': 'db-cc0c53',
      'i-c0d644:9100': 'i-c0d644',
      '[fd00::a2eb]:9100': 'fd00::a2eb',
    }[instance] ?? instance
  );
}

const unusedCloudWatch = {
  fetch: () => Promise.reject(new Error('CloudWatch is not part of this test')),
};
