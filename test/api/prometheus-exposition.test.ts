import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildExpositionFamilies } from '../../src/api/exposition/build';
import { startExpositionListener, type ExpositionListener } from '../../src/api/exposition/listener';
import { refreshDashboard } from '../../src/db';
import { EVIL_HOST, HORIZON, seedDashboard, type SeededDashboard } from './seed-exposition';
import {
  instantQuery,
  startPrivatePrometheus,
  systemBinary,
  type PrivatePrometheus,
} from '../support/private-prometheus';
import { createTestDb, type TestDb } from '../support/test-db';
import { startApi, type ApiHarness } from './support';

const HOUR = 3_600_000;
const BANDS = ['point', 'lower80', 'upper80', 'lower95', 'upper95'] as const;

/** Polls PromQL until `query` returns at least `n` series (scrapes every second). */
async function untilScraped(url: string, query: string, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await instantQuery(url, query)).length < n) {
    if (Date.now() > deadline) throw new Error(`Prometheus never returned ${n} series for ${query}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('Prometheus sink: the exposition scraped by a real Prometheus and read back by PromQL', function () {
  this.timeout(180_000);
  let db: TestDb;
  let seeded: SeededDashboard;
  let api: ApiHarness;
  let local: ExpositionListener;
  let prom: PrivatePrometheus;

  before(async () => {
    db = await createTestDb('promsink');
    seeded = await seedDashboard(db);
    // Once more, so the status table also lists the series whose host is a script.
    await refreshDashboard(db, { asOf: seeded.issuedAt });
    api = await startApi(db, { label: 'promsink' });
    local = await startExpositionListener(db, { listen: '127.0.0.1:0', maxSeries: 1000 });
    prom = await startPrivatePrometheus({
      files: { 'metricast-token': api.tokens.read },
      scrapeConfigs: (dir) => [
        {
          job_name: 'metricast',
          static_configs: [{ targets: [new URL(api.url).host] }],
          authorization: { type: 'Bearer', credentials_file: `${dir}/metricast-token` },
        },
        { job_name: 'metricast-local', static_configs: [{ targets: [local.address] }] },
      ],
    });
  });
  after(async () => {
    await prom?.dispose();
    await local?.close();
    await api?.close();
    await db?.drop();
  });

  it('serves the text format with a read token only, and promtool finds nothing to fault in the names', async () => {
    assert.equal((await api.call('/metrics', { token: null })).status, 401);
    const response = await api.call('/metrics');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    assert.match(text, /^# TYPE metricast_forecast gauge$/m);
    const lint = spawnSync(systemBinary('promtool', 'METRICAST_PROMTOOL_BIN'), ['check', 'metrics'], {
      input: text,
    });
    assert.equal(`${lint.stdout.toString()}${lint.stderr.toString()}`, '');
    assert.equal(lint.status, 0);
  });

  it('Prometheus scrapes it with a read token, and PromQL returns exactly the stored forecast rows', async () => {
    const id = String(seeded.seriesId);
    await untilScraped(prom.url, `metricast_forecast{job="metricast", series_id="${id}"}`, 5 * HORIZON);
    const stored = await db.pool.query<
      Array<Record<(typeof BANDS)[number], number> & { horizon_step: number; target_at: Date }>
    >(
      `SELECT horizon_step, target_at, point, lower80, upper80, lower95, upper95 FROM forecasts
       WHERE series_id = ? AND role = 'champion' AND issued_at = ? ORDER BY horizon_step`,
      [seeded.seriesId, new Date(seeded.issuedAt)],
    );
    assert.equal(stored.length, HORIZON);
    const read = await instantQuery(prom.url, `metricast_forecast{job="metricast", series_id="${id}"}`);
    const got = new Map(read.map((r) => [`${r.metric.horizon}/${r.metric.band}`, Number(r.value[1])]));
    assert.equal(got.size, 5 * HORIZON);
    for (const row of stored)
      for (const band of BANDS)
        assert.equal(got.get(`${row.horizon_step}/${band}`), row[band], `step ${row.horizon_step} ${band}`);
    const first = read[0]!.metric;
    assert.deepEqual([first.metric, first.host, first.granularity], ['CPUUtilization', '5f5533', '1h']);
    const targets = await instantQuery(
      prom.url,
      `metricast_forecast_target_timestamp_seconds{job="metricast", series_id="${id}"}`,
    );
    assert.deepEqual(
      targets.map((t) => [Number(t.metric.horizon), Number(t.value[1]) * 1000]).sort((a, b) => a[0]! - b[0]!),
      stored.map((r) => [r.horizon_step, r.target_at.getTime()]),
    );
    const issued = await instantQuery(
      prom.url,
      `metricast_forecast_issued_timestamp_seconds{job="metricast", series_id="${id}"}`,
    );
    assert.equal(Number(issued[0]?.value[1]) * 1000, seeded.issuedAt);
  });

  it('PromQL reads rolling accuracy, the open alert, anomaly scores and a host label full of markup as stored', async () => {
    const id = String(seeded.seriesId);
    const one = async (q: string) => {
      const r = await instantQuery(prom.url, q);
      assert.equal(r.length, 1, q);
      return Number(r[0]!.value[1]);
    };
    const [truth] = await db.pool.query<
      Array<{ n: number; mae: number; rmse: number; in80: number; in95: number }>
    >(
      `SELECT COUNT(*) AS n, AVG(f.abs_error) AS mae, SQRT(AVG(f.sq_error)) AS rmse, SUM(f.in80) AS in80, SUM(f.in95) AS in95
       FROM forecasts f JOIN dashboard_series_status d ON d.series_id = f.series_id AND d.champion_model_version_id = f.model_version_id
       WHERE f.series_id = ? AND f.reconcile_status = 'reconciled' AND f.closes_at > ? AND f.closes_at <= ?`,
      [seeded.seriesId, new Date(seeded.issuedAt - 24 * HOUR), new Date(seeded.issuedAt)],
    );
    const sel = `{job="metricast", series_id="${id}", window="24h"}`;
    assert.ok(Number(truth!.n) > 0);
    assert.equal(await one(`metricast_forecast_reconciled_records${sel}`), Number(truth!.n));
    const close = (a: number, b: number, what: string) =>
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
    close(await one(`metricast_forecast_mae${sel}`), Number(truth!.mae), 'mae');
    close(await one(`metricast_forecast_rmse${sel}`), Number(truth!.rmse), 'rmse');
    close(
      await one(
        `metricast_forecast_interval_coverage_ratio{job="metricast", series_id="${id}", window="24h", interval="80"}`,
      ),
      Number(truth!.in80) / Number(truth!.n),
      'coverage80',
    );
    close(
      await one(
        `metricast_forecast_interval_coverage_ratio{job="metricast", series_id="${id}", window="24h", interval="95"}`,
      ),
      Number(truth!.in95) / Number(truth!.n),
      'coverage95',
    );
    assert.equal(await one(`metricast_alert_open{job="metricast", series_id="${id}", source="forecast"}`), 1);
    assert.equal(await one(`metricast_alert_lead_seconds{job="metricast", series_id="${id}"}`), 180 * 60);
    assert.equal(
      await one(`metricast_anomaly_score{job="metricast", series_id="${id}", detector="band95"}`),
      3.2,
    );
    assert.equal(
      await one(`metricast_anomaly_score{job="metricast", series_id="${id}", detector="changepoint"}`),
      0.9,
    );
    const evil = await instantQuery(
      prom.url,
      `metricast_series_info{job="metricast", series_id="${seeded.evilId}"}`,
    );
    assert.equal(evil[0]?.metric.host, EVIL_HOST);
  });

  it('the loopback listener serves the same exposition without a token, and only /metrics', async () => {
    await untilScraped(prom.url, 'metricast_forecast{job="metricast-local"}', 5 * HORIZON);
    const count = async (job: string) => instantQuery(prom.url, `count(metricast_forecast{job="${job}"})`);
    assert.deepEqual((await count('metricast-local'))[0]?.value[1], (await count('metricast'))[0]?.value[1]);
    assert.equal((await fetch(`http://${local.address}/metrics`)).status, 200);
    assert.equal((await fetch(`http://${local.address}/api/v1/series`)).status, 404);
    assert.equal((await fetch(`http://${local.address}/metrics`, { method: 'POST' })).status, 405);
  });

  it('exposes the forecast for the interval holding the scrape time, and at most maxSeries series', async () => {
    const now = seeded.issuedAt + 2 * HOUR + 30 * 60_000;
    const families = await buildExpositionFamilies(db, { maxSeries: 1000, now });
    const current = families.find((f) => f.name === 'metricast_forecast_current')!;
    const [expected] = await db.pool.query<Array<Record<(typeof BANDS)[number], number>>>(
      `SELECT point, lower80, upper80, lower95, upper95 FROM forecasts
       WHERE series_id = ? AND role = 'champion' AND target_at = ? ORDER BY issued_at DESC LIMIT 1`,
      [seeded.seriesId, new Date(seeded.issuedAt + 2 * HOUR)],
    );
    assert.deepEqual(
      current.samples.map((s) => [s.labels.band, s.value]),
      BANDS.map((band) => [band, expected![band]]),
    );
    const one = await buildExpositionFamilies(db, { maxSeries: 1, now });
    const exposed = one.find((f) => f.name === 'metricast_exposition_series')!.samples;
    assert.deepEqual(
      exposed.map((s) => [s.labels.state, s.value]),
      [
        ['exposed', 1],
        ['omitted', 2],
      ],
    );
    const ids = new Set(one.flatMap((f) => f.samples.map((s) => s.labels.series_id)).filter(Boolean));
    assert.equal(ids.size, 1);
    // The documented bound: 6 samples per horizon step and at most about 40 more per series.
    const perSeries = families
      .flatMap((f) => f.samples)
      .filter((s) => s.labels.series_id === String(seeded.seriesId));
    assert.ok(perSeries.length <= 6 * HORIZON + 40, `${perSeries.length} samples`);
  });

  it("the Grafana dashboard's PromQL runs against this Prometheus and finds the series (Grafana itself is not in CI)", async () => {
    const dashboard = JSON.parse(readFileSync('infra/grafana/metricast-forecast.json', 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const values: Record<string, string> = { metric: 'CPUUtilization', host: '5f5533', granularity: '1h' };
    const exprs = dashboard.panels
      .flatMap((p) => p.targets.map((t) => t.expr))
      .filter((e) => e !== '$actual');
    assert.ok(exprs.length >= 10);
    const found = new Map<string, number>();
    for (const expr of exprs) {
      const query = expr.replace(/\$(\w+)/g, (_, name: string) => values[name] ?? `$${name}`);
      assert.doesNotMatch(query, /\$/, query);
      found.set(expr.split('{')[0]!, (await instantQuery(prom.url, query)).length);
    }
    // Everything but the forecast for the scrape time (the seeded data is from 2014) is there.
    for (const [name, n] of found)
      if (name !== 'metricast_forecast_current') assert.ok(n > 0, `${name} found nothing`);
  });
});
