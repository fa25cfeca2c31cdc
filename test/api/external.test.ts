import assert from 'node:assert/strict';
import { reconcileMatured, refreshAccuracy, upsertObservations } from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { HOUR, seedSeries, T0, testIdentity } from '../db/support/seed';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { errorOf, postJson, startApi, type ApiHarness } from './support';

const iso = (t: number) => new Date(t).toISOString();
const TABLES = [
  ['forecasts', 'series_id, model_version_id, issued_at, target_at'],
  ['model_versions', 'id'],
  ['external_models', 'series_id, name'],
  ['observations', 'series_id, ts'],
] as const;

describe('api external models: posted predictions and actuals, reconciled and scored like our own', function () {
  this.timeout(60_000);
  let db: TestDb;
  let api: ApiHarness;
  let web: SeriesId;
  const snapshot = () => Promise.all(TABLES.map(([t, order]) => snapshotTable(db, t, order)));
  /** Six hourly steps issued at T0 for T0 … T0 + 5 h, point 20 + s, ±2 and ±4 bands. */
  const steps = () =>
    [0, 1, 2, 3, 4, 5].map((s) => ({
      targetAt: iso(T0 + s * HOUR),
      point: 20 + s,
      lower80: 18 + s,
      upper80: 22 + s,
      lower95: 16 + s,
      upper95: 24 + s,
    }));
  const predictions = (body: unknown, token = api.tokens.push) =>
    api.call('/api/v1/external/predictions', postJson(body, token));

  before(async () => {
    db = await createTestDb('apiext');
    web = await seedSeries(db, testIdentity('web-01'));
    api = await startApi(db);
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  it('refuses bad bodies naming the field and value, storing nothing', async () => {
    const before = await snapshot();
    const good = { model: 'prophet-team-b', seriesId: web, issuedAt: iso(T0), steps: steps() };
    const cases: Array<[unknown, string, unknown, number?]> = [
      [{ ...good, model: 'has space' }, 'body.model', 'has space'],
      [{ ...good, seriesId: 'web' }, 'body.seriesId', 'web'],
      [{ ...good, issuedAt: 'yesterday' }, 'body.issuedAt', 'yesterday'],
      [{ ...good, steps: [] }, 'body.steps', []],
      [{ ...good, extra: 1 }, 'body.extra', 1],
      [{ model: 'm', seriesId: web, steps: steps() }, 'body.issuedAt', null],
      [{ ...good, steps: [{ ...steps()[0], point: 'x' }] }, 'body.steps[0].point', 'x'],
      [
        { ...good, steps: [steps()[0], { ...steps()[1], targetAt: iso(T0 + HOUR + 60_000) }] },
        'body.steps[1].targetAt',
        iso(T0 + HOUR + 60_000),
      ],
      [{ ...good, steps: [steps()[0], steps()[0]] }, 'body.steps[1].targetAt', iso(T0)],
      [{ ...good, steps: [{ ...steps()[2], lower80: 30 }] }, 'body.steps[0].point', 22],
      [{ ...good, steps: [{ ...steps()[2], lower95: 21 }] }, 'body.steps[0].lower80', 20],
      [{ ...good, steps: [{ targetAt: iso(T0), point: 1, lower80: 0 }] }, 'body.steps[0].upper80', null],
      [
        { ...good, steps: [{ targetAt: iso(T0 - 2 * HOUR), point: 1 }] },
        'body.steps[0].targetAt',
        iso(T0 - 2 * HOUR),
      ],
      [{ ...good, seriesId: 999999 }, 'body.seriesId', 999999, 404],
      // Bodies are checked as sent: no coercion of null, booleans or numeric strings to numbers.
      [{ ...good, seriesId: String(web) }, 'body.seriesId', String(web)],
      [{ ...good, steps: [{ ...steps()[0], point: null }] }, 'body.steps[0].point', null],
      [{ ...good, steps: [{ ...steps()[0], point: false }] }, 'body.steps[0].point', false],
      [{ ...good, steps: [{ ...steps()[0], upper95: true }] }, 'body.steps[0].upper95', true],
    ];
    for (const [body, field, value, status = 400] of cases) {
      const response = await predictions(body);
      assert.equal(response.status, status, `${field}: ${await response.clone().text()}`);
      const error = await errorOf(response);
      assert.deepEqual([error.field, error.value], [field, value], error.message);
      assert.ok(error.message.startsWith(field), error.message);
    }
    const actuals = await errorOf(
      await api.call(
        '/api/v1/external/actuals',
        postJson({ seriesId: web, points: [{ t: iso(T0 + 1000), v: 1 }] }, api.tokens.push),
      ),
    );
    assert.deepEqual([actuals.field, actuals.value], ['body.points[0].t', iso(T0 + 1000)]);
    for (const v of [null, false, true, '', '7']) {
      const response = await api.call(
        '/api/v1/external/actuals',
        postJson({ seriesId: web, points: [{ t: iso(T0), v }] }, api.tokens.push),
      );
      assert.equal(response.status, 400, `v: ${JSON.stringify(v)}`);
      const error = await errorOf(response);
      assert.deepEqual([error.field, error.value], ['body.points[0].v', v], error.message);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('stores posted predictions as an external model version, idempotently', async () => {
    const body = { model: 'prophet-team-b', seriesId: web, issuedAt: iso(T0), steps: steps() };
    const first = await predictions(body);
    assert.equal(first.status, 200, await first.clone().text());
    const stored = (await first.json()) as { modelVersionId: number; stored: number };
    assert.equal(stored.stored, 6);
    const after = await snapshot();
    const again = (await (await predictions(body)).json()) as { modelVersionId: number };
    assert.equal(again.modelVersionId, stored.modelVersionId, 'one version per (series, model name)');
    assert.deepEqual(await snapshot(), after, 'a repeated post changes nothing');

    // A point-only model: zero-width bands at the point.
    const plain = await predictions({
      model: 'naive-cron',
      seriesId: web,
      issuedAt: iso(T0),
      steps: [{ targetAt: iso(T0), point: 11 }],
    });
    assert.equal(plain.status, 200);

    const versions = (await (await api.call(`/api/v1/series/${web}/versions`)).json()) as {
      versions: Array<{
        id: number;
        kind: string;
        horizon: number;
        externalName: string | null;
        aliases: string[];
      }>;
    };
    assert.deepEqual(
      versions.versions.map((v) => [v.kind, v.horizon, v.externalName, v.aliases]),
      [
        ['external', 0, 'prophet-team-b', []],
        ['external', 0, 'naive-cron', []],
      ],
    );
    const shown = (await (await api.call(`/api/v1/series/${web}/predictions?role=external`)).json()) as {
      issues: Array<{
        modelVersionId: number;
        modelKind: string;
        steps: Array<{ point: number; lower95: number }>;
      }>;
    };
    assert.deepEqual(
      shown.issues.map((i) => [i.modelKind, i.steps.length]),
      [
        ['external', 1],
        ['external', 6],
      ],
    );
    assert.deepEqual(shown.issues[0]!.steps[0], { ...shown.issues[0]!.steps[0], point: 11, lower95: 11 });
  });

  it('reconciles them against posted actuals with the normal reconciliation and shows their accuracy', async () => {
    // Observed 21 + s: one above the point, inside both bands.
    const points = [0, 1, 2, 3, 4, 5].map((s) => ({ t: iso(T0 + s * HOUR), v: 21 + s }));
    const posted = await api.call(
      '/api/v1/external/actuals',
      postJson({ seriesId: web, points }, api.tokens.push),
    );
    assert.equal(posted.status, 200, await posted.clone().text());
    assert.deepEqual(await posted.json(), { seriesId: web, stored: 6 });
    const asOf = T0 + 6 * HOUR;
    const reconciled = await reconcileMatured(db, { asOf, deadlineMs: 24 * HOUR });
    assert.equal(reconciled.reconciled, 7);
    await refreshAccuracy(db, { asOf });

    const accuracy = (await (await api.call(`/api/v1/series/${web}/accuracy?bucket=1d`)).json()) as {
      models: Array<{
        externalName: string;
        kind: string;
        buckets: Array<{ n: number; mae: number; coverage80: number }>;
        windows: Record<string, { n: number; mae: number; coverage95: number }>;
      }>;
    };
    const byName = new Map(accuracy.models.map((m) => [m.externalName, m]));
    const team = byName.get('prophet-team-b')!;
    assert.equal(team.kind, 'external');
    assert.deepEqual(
      team.buckets.map((b) => [b.n, b.mae, b.coverage80]),
      [[6, 1, 1]],
    );
    assert.deepEqual(
      [team.windows['24h']!.n, team.windows['24h']!.mae, team.windows['24h']!.coverage95],
      [6, 1, 1],
    );
    // The point-only model predicted 11 for an actual of 21: error 10, outside its zero-width band.
    const plain = byName.get('naive-cron')!;
    assert.deepEqual(
      plain.buckets.map((b) => [b.n, b.mae, b.coverage80]),
      [[1, 10, 0]],
    );
  });

  it('refuses actuals for a series metricast ingests: a push token cannot change an ingested observation', async () => {
    const ingested = await seedSeries(db, { ...testIdentity('db-01'), source: 'cloudwatch' });
    await upsertObservations(db, [{ seriesId: ingested, t: T0, value: 42 }]);
    const before = await snapshot();
    const posted = await api.call(
      '/api/v1/external/actuals',
      postJson(
        {
          seriesId: ingested,
          points: [
            { t: iso(T0), v: 0 },
            { t: '2000-01-01T00:00:00Z', v: 0 },
          ],
        },
        api.tokens.push,
      ),
    );
    assert.equal(posted.status, 409);
    const body = await errorOf(posted);
    assert.deepEqual([body.error, body.field, body.value], ['conflict', 'body.seriesId', ingested]);
    assert.match(body.message, /ingested from cloudwatch/);
    assert.deepEqual(await snapshot(), before);
    const [row] = await db.pool.query<Array<{ value: number }>>(
      'SELECT value FROM observations WHERE series_id = ? AND ts = ?',
      [ingested, new Date(T0)],
    );
    assert.equal(row?.value, 42);
  });
});
