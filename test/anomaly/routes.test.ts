import assert from 'node:assert/strict';
import { upsertAnomalies } from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { startApi, type ApiHarness } from '../api/support';
import { anomalyMailOf } from '../../src/db';
import { seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, type TestDb } from '../support/test-db';

const T = Date.UTC(2026, 10, 23, 10);
const HOUR = 3_600_000;

interface Wire {
  anomalies: Array<{
    seriesId: number;
    ts: string;
    detector: string;
    score: number;
    value: number;
    detectedAt: string;
  }>;
}

describe('anomaly routes (real server and MariaDB)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let api: ApiHarness;
  let a: SeriesId;
  let b: SeriesId;

  before(async () => {
    db = await createTestDb('anomroutes');
    a = await seedSeries(db, testIdentity('web-1'));
    b = await seedSeries(db, testIdentity('web-2'));
    await upsertAnomalies(db, [
      { seriesId: a, ts: T - 2 * HOUR, detector: 'extreme', score: 5, value: 99, detectedAt: T },
      { seriesId: a, ts: T - HOUR, detector: 'band95', score: 1.5, value: 80, detectedAt: T },
      { seriesId: b, ts: T - 3 * HOUR, detector: 'vote', score: 3, value: 12, detectedAt: T },
    ]);
    api = await startApi(db, { label: 'anom' });
  });

  after(async () => {
    await api.close();
    await db.drop();
  });

  it("lists a series' anomalies newest first, as ISO times", async () => {
    const response = await api.call(`/api/v1/series/${a}/anomalies`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Wire;
    assert.deepEqual(body.anomalies, [
      {
        seriesId: a,
        ts: new Date(T - HOUR).toISOString(),
        detector: 'band95',
        score: 1.5,
        value: 80,
        detectedAt: new Date(T).toISOString(),
      },
      {
        seriesId: a,
        ts: new Date(T - 2 * HOUR).toISOString(),
        detector: 'extreme',
        score: 5,
        value: 99,
        detectedAt: new Date(T).toISOString(),
      },
    ]);
  });

  it('filters every series by detector and time', async () => {
    const all = (await (await api.call('/api/v1/anomalies')).json()) as Wire;
    assert.deepEqual(
      all.anomalies.map((x) => x.detector),
      ['band95', 'extreme', 'vote'],
    );
    const from = new Date(T - 2 * HOUR).toISOString();
    const recent = (await (await api.call(`/api/v1/anomalies?from=${from}&detector=extreme`)).json()) as Wire;
    assert.deepEqual(
      recent.anomalies.map((x) => [x.seriesId, x.detector]),
      [[a, 'extreme']],
    );
  });

  it('answers 401 without a token, 404 for an unknown series and 400 for a reversed range', async () => {
    assert.equal((await api.call('/api/v1/anomalies', { token: null })).status, 401);
    const missing = await api.call('/api/v1/series/999999/anomalies');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { field: string }).field, 'params.id');
    const to = new Date(T - 5 * HOUR).toISOString();
    const reversed = await api.call(`/api/v1/anomalies?from=${new Date(T).toISOString()}&to=${to}`);
    assert.equal(reversed.status, 400);
    assert.equal(((await reversed.json()) as { field: string }).field, 'query.to');
  });

  it('opts a series in to anomaly mail with an admin token, and refuses a read token or a bad body', async () => {
    const url = `/api/v1/series/${a}/anomaly-mail`;
    assert.deepEqual(await (await api.call(url)).json(), { seriesId: a, enabled: false });
    const put = (body: unknown, token: string) =>
      api.call(url, {
        method: 'PUT',
        token,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await put({ enabled: true }, api.tokens.read)).status, 403);
    const bad = await put({ enabled: 'yes' }, api.tokens.admin);
    assert.equal(bad.status, 400);
    assert.equal(await anomalyMailOf(db, a), false, 'nothing stored on bad input');
    const ok = await put({ enabled: true }, api.tokens.admin);
    assert.deepEqual(await ok.json(), { seriesId: a, enabled: true });
    assert.equal(await anomalyMailOf(db, a), true);
    assert.equal(await anomalyMailOf(db, b), false);
    assert.equal(
      (
        await put({ enabled: true }, api.tokens.admin).then(() =>
          api.call('/api/v1/series/999999/anomaly-mail'),
        )
      ).status,
      404,
    );
  });
});
