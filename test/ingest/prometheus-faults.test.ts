import assert from 'node:assert/strict';
import { createIngestActivities } from '../../src/activities/ingest';
import { fetchPrometheus, type PrometheusSourceConfig } from '../../src/ingest';
import { startPrivatePrometheus, type PrivatePrometheus } from '../support/private-prometheus';
import { createTestDb, type TestDb } from '../support/test-db';
import { freePort } from './support/moto-server';
import { csvPoints, HISTORY, HISTORY_QUERIES, openMetricsOf } from './support/prometheus-history';
import { startPrometheusProxy } from './support/prometheus-proxy';

const STEP = 300_000;
const DISK = HISTORY.find((s) => s.file === 'ec2_disk_write_bytes_c0d644.csv')!;
const DISK_QUERY = HISTORY_QUERIES.find((q) => q.family === 'DiskWriteBytes')!;
/** The first day of the disk series. */
const DAY = (() => {
  const first = csvPoints(DISK.file)[0]!.t;
  return { from: first, to: first + 288 * STEP };
})();
const expectedDay = () => csvPoints(DISK.file).filter((p) => p.t >= DAY.from && p.t < DAY.to);
/** Retries without the real waits. */
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const USER = 'metricast';
const PASSWORD = 'metricast-test-password';

describe('Prometheus source faults: unreachable, 503 then recovering, time-outs, auth', function () {
  this.timeout(120_000);
  let prom: PrivatePrometheus;
  let db: TestDb;

  before(async () => {
    prom = await startPrivatePrometheus({
      history: openMetricsOf([DISK]),
      // Prometheus' own basic auth; the hash is bcrypt (cost 4) of PASSWORD.
      basicAuth: {
        username: USER,
        bcrypt: '$2b$04$OULa8VQospyILM14y7oxnuTctZ7twCFtHECm3CFbF.WXRQ8gH6QG2',
        password: PASSWORD,
      },
    });
    db = await createTestDb('promfaults');
  });
  after(async () => {
    await db?.drop();
    await prom?.dispose();
  });

  const config = (url: string, extra: Partial<PrometheusSourceConfig> = {}): PrometheusSourceConfig => ({
    url,
    queries: [DISK_QUERY],
    labels: { keepLabels: ['job'], hostSuffixes: [] },
    stepMs: STEP,
    maxPointsPerQuery: 10_000,
    maxAttempts: 3,
    timeoutMs: 5_000,
    auth: { username: USER, password: PASSWORD },
    ...extra,
  });

  it('reads through basic auth, and a wrong password is refused at once naming the settings', async () => {
    const fetched = await fetchPrometheus(config(prom.url), DAY);
    assert.deepEqual(fetched.series[0]?.points, expectedDay());
    const wrong = config(prom.url, { auth: { username: USER, password: 'not-it' } });
    await assert.rejects(fetchPrometheus(wrong, DAY, { retry: FAST }), (e: Error) => {
      assert.equal(e.name, 'IngestInputError');
      assert.match(
        e.message,
        /^prometheus\.url http:\/\/127\.0\.0\.1:\d+ answered HTTP 401 Unauthorized.*: check METRICAST_PROMETHEUS_BEARER_TOKEN, or METRICAST_PROMETHEUS_USERNAME and METRICAST_PROMETHEUS_PASSWORD$/,
      );
      assert.ok(!e.message.includes('not-it'), 'the password is not shown');
      return true;
    });
  });

  it('an unreachable server fails after every attempt with a retryable error saying where and why', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const retries: number[] = [];
    const retry = { ...FAST, onRetry: (i: { attempt: number }) => retries.push(i.attempt) };
    await assert.rejects(fetchPrometheus(config(url), DAY, { retry }), {
      name: 'PrometheusUnavailableError',
      message: new RegExp(
        `^Prometheus at ${url.replace(/\./g, '\\.')} failed prometheus\\.queries\\.DiskWriteBytes\\[0\\] after 3 attempts: connect ECONNREFUSED`,
      ),
    });
    assert.deepEqual(retries, [1, 2]);
    // At the activity edge it stays retryable: Temporal tries the window again later.
    const activities = createIngestActivities({
      db,
      cleaning: { stepMs: STEP, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] },
      cloudwatch: { fetch: () => Promise.reject(new Error('unused')) },
      prometheus: { fetch: (r) => fetchPrometheus(config(url), r, { retry: FAST }) },
    });
    await assert.rejects(activities.ingestPrometheusWindow({ range: DAY }), (e: Error) => {
      assert.equal(e.name, 'PrometheusUnavailableError');
      assert.notEqual((e as { nonRetryable?: boolean }).nonRetryable, true);
      return true;
    });
  });

  it('a server answering 503 twice, then recovering, is read in full after two retries', async () => {
    const proxy = await startPrometheusProxy(prom.url, ['unavailable', 'unavailable']);
    try {
      const fetched = await fetchPrometheus(config(proxy.url), DAY, { retry: FAST });
      assert.deepEqual(proxy.applied, ['unavailable', 'unavailable', 'pass']);
      assert.equal(fetched.stats.retries, 2);
      assert.equal(fetched.stats.requests, 3);
      assert.deepEqual(fetched.series[0]?.points, expectedDay());
    } finally {
      await proxy.close();
    }
  });

  it('503 on every attempt ends with Prometheus’ own words', async () => {
    const proxy = await startPrometheusProxy(prom.url, ['unavailable', 'unavailable', 'unavailable']);
    try {
      await assert.rejects(fetchPrometheus(config(proxy.url), DAY, { retry: FAST }), {
        name: 'PrometheusUnavailableError',
        message:
          /after 3 attempts: HTTP 503 Service Unavailable \(unavailable: too many concurrent queries \(test proxy\)\)$/,
      });
    } finally {
      await proxy.close();
    }
  });

  it('a request that never answers times out and is retried', async () => {
    const proxy = await startPrometheusProxy(prom.url, ['hang']);
    try {
      const started = Date.now();
      const fetched = await fetchPrometheus(config(proxy.url, { timeoutMs: 1_000 }), DAY, { retry: FAST });
      assert.ok(Date.now() - started >= 1_000, 'waited for the time-out');
      assert.deepEqual(proxy.applied, ['hang', 'pass']);
      assert.equal(fetched.stats.retries, 1);
      assert.deepEqual(fetched.series[0]?.points, expectedDay());
    } finally {
      await proxy.close();
    }
  });
});
