import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inferGranularity, toSeriesData } from '../../src/api/dataset';
import { createForecaster, evaluateModel } from '../../src/forecast';
import { parseCsvPoints } from '../../src/ingest';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { ingestNab, registerChampion, type SeededSeries } from '../workflows/retrain-fixtures';
import { errorOf, startApi, type ApiHarness } from './support';

const FILE = 'ec2_cpu_utilization_5f5533';
const HOUR = 3_600_000;

interface ForecastAnswer {
  model: { source: string; kind: string; modelVersionId: number | null; seriesId: number | null };
  horizon: number;
  issuedAt: string;
  input: { points: number; used: number; granularity: string; from: string; to: string };
  forecast: Array<{
    horizonStep: number;
    targetAt: string;
    point: number;
    lower80: number;
    upper80: number;
    lower95: number;
    upper95: number;
  }>;
}

interface EvaluateAnswer {
  model: { source: string; kind: string; modelVersionId: number | null };
  origins: number;
  scores: { n: number; mae: number; rmse: number; mase: number; coverage80: number; coverage95: number };
  perStep: Array<{ horizonStep: number; mae: number }>;
}

/** The same points as `aws cloudwatch get-metric-data` prints them (newest first, labelled by instance and metric). */
function metricDataDump(csv: string): unknown {
  const points = parseCsvPoints(csv, 'fixture').reverse();
  return {
    MetricDataResults: [
      {
        Id: 'm1',
        Label: 'i-0abc CPUUtilization',
        Timestamps: points.map((p) => new Date(p.t).toISOString()),
        Values: points.map((p) => p.v),
        StatusCode: 'Complete',
      },
    ],
    Messages: [],
  };
}

describe('api POST /forecast and /evaluate (posted datasets, registry champions)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let api: ApiHarness;
  let csv: string;
  let series: SeededSeries;
  let champion: number;
  const post = (path: string, body: string, type = 'text/csv') =>
    api.call(path, { method: 'POST', headers: { 'content-type': type }, body });

  before(async () => {
    db = await createTestDb('apifc');
    csv = await readFile(`data/nab/realAWSCloudwatch/${FILE}.csv`, 'utf8');
    series = await ingestNab(db, FILE);
    champion = await registerChampion(db, series, 'naive');
    api = await startApi(db);
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  it('forecasts a posted CSV with a baseline fitted on it, hourly means of the 5-minute points', async () => {
    const response = await post('/api/v1/forecast?model=seasonal-naive&granularity=1h&horizon=6', csv);
    assert.equal(response.status, 200, await response.clone().text());
    const answer = (await response.json()) as ForecastAnswer;
    assert.deepEqual(answer.model, {
      source: 'fitted',
      kind: 'seasonal-naive',
      modelVersionId: null,
      seriesId: null,
    });
    const data = toSeriesData(parseCsvPoints(csv, 'x'), '1h');
    assert.equal(answer.input.used, data.values.length);
    assert.equal(answer.input.points, 4032);
    // Issued at the end of the posted data: the hour after it counts as under way, so the six
    // steps are the hours after that one, as the cycle issues them.
    const end = data.start + data.values.length * HOUR;
    assert.equal(answer.issuedAt, new Date(end).toISOString());
    assert.deepEqual(
      answer.forecast.map((f) => [f.horizonStep, f.targetAt]),
      [1, 2, 3, 4, 5, 6].map((k) => [k, new Date(end + k * HOUR).toISOString()]),
    );
    // Seasonal naive repeats the value one day (24 hourly steps) earlier.
    assert.deepEqual(
      answer.forecast.map((f) => f.point),
      [1, 2, 3, 4, 5, 6].map((k) => data.values[data.values.length - 24 + k]),
    );
    for (const f of answer.forecast)
      assert.ok(
        f.lower95 <= f.lower80 && f.lower80 <= f.point && f.point <= f.upper80 && f.upper80 <= f.upper95,
      );
  });

  it('forecasts the same data posted as get-metric-data JSON to the same numbers', async () => {
    const fromCsv = (await (await post('/api/v1/forecast?model=naive', csv)).json()) as ForecastAnswer;
    const response = await api.call('/api/v1/forecast?model=naive', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metricDataDump(csv)),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const fromJson = (await response.json()) as ForecastAnswer;
    assert.deepEqual(fromJson, fromCsv);
    // Granularity inferred from the 5-minute spacing, default horizon an hour of 5-minute steps.
    assert.equal(fromJson.input.granularity, inferGranularity(parseCsvPoints(csv, 'x')));
    assert.equal(fromJson.input.granularity, '5m');
    assert.equal(fromJson.horizon, 12);
  });

  it("forecasts posted data with a series' champion from the registry", async () => {
    const response = await post(`/api/v1/forecast?series=${series.id}`, csv);
    assert.equal(response.status, 200, await response.clone().text());
    const answer = (await response.json()) as ForecastAnswer;
    assert.deepEqual(answer.model, {
      source: 'champion',
      kind: 'naive',
      modelVersionId: champion,
      seriesId: series.id,
    });
    const data = toSeriesData(parseCsvPoints(csv, 'x'), '1h');
    // The naive champion repeats the newest posted hour.
    assert.ok(answer.forecast.every((f) => f.point === data.values[data.values.length - 1]));
    assert.equal(answer.forecast.length, 6);
    const end = data.start + data.values.length * HOUR;
    assert.ok(answer.forecast.every((f) => Date.parse(f.targetAt) > end));
  });

  it('refuses bad datasets naming line, field and value, and stores nothing', async () => {
    const before = await Promise.all(['observations', 'series'].map((t) => snapshotTable(db, t, '1, 2')));
    const badLine = await errorOf(
      await post(
        '/api/v1/forecast?model=naive',
        'timestamp,value\n2014-02-14 14:27:00,1\n2014-02-14 14:32:00,abc\n',
      ),
    );
    assert.deepEqual(
      [badLine.error, badLine.field, badLine.value],
      ['bad_request', 'body[line 3].value', 'abc'],
    );
    assert.match(badLine.message, /body line 3: value must be a finite number, got "abc"/);
    const header = await errorOf(await post('/api/v1/forecast?model=naive', 'time;val\n'));
    assert.equal(header.field, 'body[line 1].header');
    const dump = metricDataDump(csv) as { MetricDataResults: Array<Record<string, unknown>> };
    dump.MetricDataResults.push({ ...dump.MetricDataResults[0], Id: 'm2', Label: 'i-0def CPUUtilization' });
    const two = await errorOf(
      await post('/api/v1/forecast?model=naive', JSON.stringify(dump), 'application/json'),
    );
    assert.deepEqual([two.field, two.value], ['body.MetricDataResults', 2]);
    const values = await errorOf(
      await post(
        '/api/v1/forecast?model=naive',
        JSON.stringify({
          MetricDataResults: [
            {
              Id: 'm1',
              Label: 'i-1 CPUUtilization',
              Timestamps: ['2014-01-01T00:00:00Z'],
              Values: ['x'],
              StatusCode: 'Complete',
            },
          ],
        }),
        'application/json',
      ),
    );
    assert.equal(values.field, 'body.MetricDataResults[0].Values[0]');
    const neural = await errorOf(await post('/api/v1/forecast?model=lstm', csv));
    assert.deepEqual([neural.field, neural.value], ['query.model', 'lstm']);
    const both = await errorOf(await post(`/api/v1/forecast?series=${series.id}&model=naive`, csv));
    assert.equal(both.field, 'query.model');
    const horizon = await errorOf(await post(`/api/v1/forecast?series=${series.id}&horizon=3`, csv));
    assert.deepEqual([horizon.field, horizon.value], ['query.horizon', 3]);
    assert.match(horizon.message, /forecasts \(6\)/);
    const tooShort = await post(
      '/api/v1/forecast?model=seasonal-naive&granularity=1h',
      'timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 01:00:00,2\n2014-01-01 02:00:00,3\n',
    );
    assert.equal(tooShort.status, 400);
    assert.deepEqual(
      await Promise.all(['observations', 'series'].map((t) => snapshotTable(db, t, '1, 2'))),
      before,
    );
  });

  it('evaluates a model kind on a posted dataset with the core backtest, and a registered version as it is', async () => {
    const response = await post('/api/v1/evaluate?model=naive&granularity=1h&horizon=6', csv);
    assert.equal(response.status, 200, await response.clone().text());
    const answer = (await response.json()) as EvaluateAnswer;
    const data = toSeriesData(parseCsvPoints(csv, 'x'), '1h');
    const expected = await evaluateModel(() => createForecaster('naive'), data, {
      horizon: 6,
      seasonPeriod: 24,
      evalFraction: 0.2,
      originStep: 6,
      seed: 42,
    });
    const overall = expected.evaluation.metrics.overall;
    assert.deepEqual(answer.model, { source: 'kind', kind: 'naive', modelVersionId: null });
    assert.equal(answer.origins, expected.evaluation.folds.length);
    assert.deepEqual(
      [answer.scores.n, answer.scores.mae, answer.scores.rmse, answer.scores.mase],
      [overall.count, overall.mae, overall.rmse, overall.mase],
    );
    assert.equal(answer.scores.coverage80, expected.evaluation.coverage.p80);
    assert.equal(answer.perStep.length, 6);

    const byVersion = await post(`/api/v1/evaluate?version=${champion}`, csv);
    assert.equal(byVersion.status, 200, await byVersion.clone().text());
    const scored = (await byVersion.json()) as EvaluateAnswer;
    assert.deepEqual(scored.model, { source: 'version', kind: 'naive', modelVersionId: champion });
    assert.ok(scored.scores.n > 0 && scored.scores.mase > 0 && scored.scores.coverage95 >= 0);

    const neither = await errorOf(await post('/api/v1/evaluate', csv));
    assert.equal(neither.field, 'query.model');
    const unknown = await errorOf(await post('/api/v1/evaluate?version=999999', csv));
    assert.deepEqual([unknown.error, unknown.field], ['not_found', 'query.version']);
  });
});
