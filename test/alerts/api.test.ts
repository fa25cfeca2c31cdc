import assert from 'node:assert/strict';
import { createAlertActivities } from '../../src/activities/alerts';
import { upsertForecasts } from '../../src/db';
import { errorOf, startApi, type ApiHarness } from '../api/support';
import { bandedCycle, HOUR, seedSeries, testIdentity, V1 } from '../db/support/seed';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';

const T = Date.UTC(2026, 10, 23, 10);

describe('api/alerts and alert limits (real server, MariaDB)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let api: ApiHarness;
  let seriesId: number;

  before(async () => {
    db = await createTestDb('alertsapi');
    seriesId = await seedSeries(db, testIdentity('web-01'));
    api = await startApi(db, { tokenCacheMs: 0, label: 'alerts' });
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  const put = (body: unknown, token: string) =>
    api.call('/api/v1/alert-limits', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      token,
    });

  it('sets a limit as admin only, updates it in place, lists and deletes it', async () => {
    const body = { metricPattern: 'CPUUtilization', threshold: 80, direction: 'above' };
    assert.equal((await put(body, api.tokens.read)).status, 403);
    const created = await put(body, api.tokens.admin);
    assert.equal(created.status, 200);
    const limit = (await created.json()) as { id: number; basis: string; cooldownMinutes: number };
    assert.equal(limit.basis, 'upper95');
    assert.equal(limit.cooldownMinutes, 60);
    const updated = (await (await put({ ...body, threshold: 85 }, api.tokens.admin)).json()) as {
      id: number;
    };
    assert.equal(updated.id, limit.id);

    const listed = (await (await api.call('/api/v1/alert-limits')).json()) as {
      limits: Array<{ threshold: number }>;
    };
    assert.deepEqual(
      listed.limits.map((l) => l.threshold),
      [85],
    );
    const del = (id: number, token: string) =>
      api.call(`/api/v1/alert-limits/${id}`, { method: 'DELETE', token });
    assert.equal((await del(limit.id, api.tokens.read)).status, 403);
    assert.equal((await del(limit.id, api.tokens.admin)).status, 204);
    const gone = await del(limit.id, api.tokens.admin);
    assert.equal(gone.status, 404);
    assert.equal((await errorOf(gone)).field, 'params.id');
  });

  it('refuses bad limits with 400 naming the field and the value, and stores nothing', async () => {
    const before = await snapshotTable(db, 'alert_limits', 'id');
    const cases: Array<[unknown, string, unknown]> = [
      [{ seriesId, metricPattern: 'CPU*', threshold: 80, direction: 'above' }, 'body.seriesId', seriesId],
      [{ seriesId: 999_999, threshold: 80, direction: 'above' }, 'body.seriesId', 999_999],
      [{ seriesId, threshold: 80, direction: 'sideways' }, 'body.direction', 'sideways'],
      [{ seriesId, threshold: 80, direction: 'above', colour: 'red' }, 'body.colour', 'red'],
      [{ seriesId, direction: 'above' }, 'body.threshold', null],
    ];
    for (const [body, field, value] of cases) {
      const refused = await put(body, api.tokens.admin);
      assert.equal(refused.status, 400, JSON.stringify(body));
      const error = await errorOf(refused);
      assert.equal(error.field, field, error.message);
      assert.deepEqual(error.value, value);
      assert.match(error.message, new RegExp(field.replace('.', '\\.')));
    }
    assert.equal(await snapshotTable(db, 'alert_limits', 'id'), before);
  });

  it('lists alerts with their lead time, filtered by state and series', async () => {
    const limit = (await (
      await put({ seriesId, threshold: 80, direction: 'above', alsoActuals: false }, api.tokens.admin)
    ).json()) as { id: number };
    const issuer = { seriesId: seriesId as never, modelVersionId: V1, modelKind: 'naive', issuedAt: T };
    await upsertForecasts(db, bandedCycle(issuer, 6, 75, { band80: 2, band95: 4 }));
    await createAlertActivities({ db }).evaluateAlerts({ asOf: T });
    const response = await api.call(`/api/v1/alerts?state=open&series=${seriesId}`);
    assert.equal(response.status, 200);
    const { alerts } = (await response.json()) as {
      alerts: Array<{ limitId: number; leadMinutes: number; crossingAt: string; state: string }>;
    };
    assert.equal(alerts.length, 1);
    // upper95 = 75 + 4 + step - 1 reaches 80 at step 2.
    assert.deepEqual(alerts[0], {
      ...alerts[0],
      limitId: limit.id,
      leadMinutes: 120,
      crossingAt: new Date(T + 2 * HOUR).toISOString(),
      state: 'open',
    });
    const resolved = (await (await api.call('/api/v1/alerts?state=resolved')).json()) as {
      alerts: unknown[];
    };
    assert.equal(resolved.alerts.length, 0);
    assert.equal((await api.call('/api/v1/alerts', { token: null })).status, 401);
    assert.equal((await api.call('/api/v1/alerts?state=maybe')).status, 400);
  });
});
