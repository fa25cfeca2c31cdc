import assert from 'node:assert/strict';
import {
  reconcileMatured,
  recordRun,
  finishRun,
  refreshAccuracy,
  refreshDashboard,
  setAlias,
  startDecision,
  upsertForecasts,
  upsertObservations,
  type ModelKey,
} from '../../src/db';
import type { ModelVersionId, SeriesId } from '../../src/shared';
import { registerArtifact } from '../db/support/registry-fixtures';
import { HOUR, hourlyCycles, seedSeries, T0, testIdentity } from '../db/support/seed';
import { createTestDb, type TestDb } from '../support/test-db';
import { errorOf, startApi, type ApiHarness } from './support';

interface Issue {
  issuedAt: string;
  modelVersionId: number;
  modelKind: string;
  steps: Array<{
    horizonStep: number;
    targetAt: string;
    point: number;
    lower80: number;
    status: string;
    actual: number | null;
  }>;
}

describe('api read routes: series, predictions, versions, compare, accuracy, decisions', function () {
  this.timeout(60_000);
  let db: TestDb;
  let api: ApiHarness;
  let web: SeriesId;
  let db5m: SeriesId;
  let champion: ModelVersionId;
  let challenger: ModelVersionId;
  const key = (): ModelKey => ({ seriesId: web, granularity: '1h', horizon: 6 });
  const get = async <T>(path: string): Promise<T> => {
    const response = await api.call(path);
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  };

  before(async () => {
    db = await createTestDb('apiread');
    web = await seedSeries(db, testIdentity('web-01'));
    db5m = await seedSeries(db, testIdentity('db-02', '5m'));
    champion = await registerArtifact(db, key());
    challenger = await registerArtifact(db, key());
    await setAlias(db, key(), 'champion', champion, 'test: first champion');
    await setAlias(db, key(), 'challenger', challenger, 'test: a challenger');
    // Observed 10 + h at T0 + h; forecasts issued hourly from T0 - 6 h to T0 + 5 h, each step 1 above
    // what was observed (point 10 + h + s + 1 for target T0 + (h + s) h), with bands ±1 and ±3.
    await upsertObservations(
      db,
      Array.from({ length: 12 }, (_, i) => ({ seriesId: web, t: T0 + (i - 6) * HOUR, value: 10 + i - 6 })),
    );
    const cycle = hourlyCycles(
      (v) =>
        v === champion ? { modelKind: 'lstm', role: 'champion' } : { modelKind: 'lstm', role: 'challenger' },
      11,
      { band80: 1, band95: 3 },
    );
    for (let h = -6; h <= 5; h++) {
      const issuedAt = T0 + h * HOUR;
      await upsertForecasts(db, [
        ...cycle(web, champion, issuedAt, 6, h + 1),
        ...cycle(web, challenger, issuedAt, 6, h + 1),
      ]);
    }
    const asOf = T0 + 6 * HOUR;
    await reconcileMatured(db, { asOf, deadlineMs: 24 * HOUR });
    await refreshAccuracy(db, { asOf });
    await refreshDashboard(db, { asOf });
    const run = {
      runId: 'test/run/1',
      seriesId: web,
      granularity: '1h' as const,
      horizon: 6,
      kind: 'lstm' as const,
      hyperparameters: { units: 32 },
      dataWindow: { from: T0 - 100 * HOUR, to: T0 },
      backend: 'cpu',
      libraryVersions: { tfjs: '4.22.0' },
    };
    await recordRun(db, run);
    const metrics = { mae: 1, rmse: 1.5, mape: 10, smape: 9, mase: 0.8, coverage80: 0.8, coverage95: 0.95 };
    await finishRun(db, run.runId, {
      status: 'succeeded',
      metrics,
      folds: [metrics],
      durationMs: 5,
      modelVersionId: champion,
    });
    await startDecision(db, {
      workflowId: `retrain/${web}`,
      attemptKey: new Date(T0).toISOString(),
      seriesId: web,
      reason: 'forced',
      trigger: { reason: 'test' },
      championBeforeId: champion,
      startedAt: T0,
    });
    api = await startApi(db);
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  it('lists series with their status, filtered by name and granularity', async () => {
    const all = await get<{
      series: Array<{ id: number; name: string; granularity: string; status: unknown }>;
    }>('/api/v1/series');
    assert.deepEqual(
      all.series.map((s) => s.id),
      [web, db5m],
    );
    const [first] = all.series as Array<{ status: Record<string, unknown> }>;
    assert.equal(first!.status.status, 'ok');
    assert.equal(first!.status.championModelVersionId, champion);
    assert.equal(first!.status.lastObservationAt, new Date(T0 + 5 * HOUR).toISOString());
    const filtered = await get<{ series: Array<{ id: number }> }>('/api/v1/series?name=db-02&granularity=5m');
    assert.deepEqual(
      filtered.series.map((s) => s.id),
      [db5m],
    );
    assert.deepEqual(
      (await get<{ series: unknown[] }>('/api/v1/series?name=db-02&granularity=1h')).series,
      [],
    );
    assert.deepEqual(
      (await get<{ series: Array<{ id: number }> }>(`/api/v1/series?afterId=${web}`)).series.map((s) => s.id),
      [db5m],
    );
  });

  it('returns the newest champion forecasts with intervals and reconciled actuals, under both paths', async () => {
    type Answer = { series: { id: number; granularity: string }; role: string; issues: Issue[] };
    const answer = await get<Answer>(`/api/v1/series/${web}/predictions?issues=3`);
    assert.deepEqual(answer.series, {
      id: web,
      name: 'AWS/EC2/CPUUtilization/web-01@1h',
      granularity: '1h',
      unit: 'Percent',
    });
    assert.deepEqual(
      answer.issues.map((i) => i.issuedAt),
      [5, 4, 3].map((h) => new Date(T0 + h * HOUR).toISOString()),
    );
    assert.ok(answer.issues.every((i) => i.modelVersionId === champion && i.steps.length === 6));
    // Issued at T0 + 3 h: step s targets T0 + (3 + s) h, point 14 + s; observed 13 + s up to T0 + 5 h,
    // so steps 1 and 2 have closed and reconciled by T0 + 6 h, the rest wait.
    const older = answer.issues[2]!;
    assert.deepEqual(
      older.steps.map((s) => [s.horizonStep, s.targetAt, s.point, s.lower80, s.status, s.actual]),
      [1, 2, 3, 4, 5, 6].map((s) => [
        s,
        new Date(T0 + (3 + s) * HOUR).toISOString(),
        14 + s,
        13 + s,
        s <= 2 ? 'reconciled' : 'pending',
        s <= 2 ? 13 + s : null,
      ]),
    );
    const legacy = await get<Answer>(`/api/v1/predictions?series=${web}&issues=3`);
    assert.deepEqual(legacy, answer);
    const shadow = await get<Answer>(`/api/v1/series/${web}/predictions?role=challenger`);
    assert.deepEqual(
      shadow.issues.map((i) => [i.issuedAt, i.modelVersionId]),
      [[new Date(T0 + 5 * HOUR).toISOString(), challenger]],
    );
    const none = await get<Answer>(`/api/v1/series/${db5m}/predictions`);
    assert.deepEqual(none.issues, []);
  });

  it('answers 404 naming the field for an unknown series, 400 for a bad role', async () => {
    const missing = await errorOf(await api.call('/api/v1/series/999999/predictions'));
    assert.deepEqual([missing.error, missing.field, missing.value], ['not_found', 'params.id', 999999]);
    const legacy = await errorOf(await api.call('/api/v1/predictions?series=999999'));
    assert.equal(legacy.field, 'query.series');
    const role = await api.call(`/api/v1/series/${web}/predictions?role=oracle`);
    assert.equal(role.status, 400);
    const body = await errorOf(role);
    assert.deepEqual([body.field, body.value], ['query.role', 'oracle']);
    const noSeries = await errorOf(await api.call('/api/v1/predictions'));
    assert.deepEqual([noSeries.field, noSeries.value], ['query.series', null]);
  });

  it('lists registry versions with aliases and the alias history', async () => {
    const answer = await get<{
      versions: Array<{ id: number; version: number; kind: string; aliases: string[] }>;
      aliasHistory: Array<{ alias: string; toVersionId: number; action: string; reason: string }>;
    }>(`/api/v1/series/${web}/versions`);
    assert.deepEqual(
      answer.versions.map((v) => [v.id, v.version, v.kind, v.aliases]),
      [
        [champion, 1, 'lstm', ['champion']],
        [challenger, 2, 'lstm', ['challenger']],
      ],
    );
    assert.deepEqual(
      answer.aliasHistory.map((m) => [m.alias, m.toVersionId, m.action, m.reason]),
      [
        ['champion', champion, 'set', 'test: first champion'],
        ['challenger', challenger, 'set', 'test: a challenger'],
      ],
    );
  });

  it('compares training scores and production accuracy side by side', async () => {
    const answer = await get<{
      models: Array<{
        modelVersionId: number;
        aliases: string[];
        training: { runId: string; metrics: Record<string, number> } | null;
        production: Record<string, { n: number; mae: number; coverage80: number }>;
      }>;
      runs: Array<{ kind: string; runId: string; status: string }>;
    }>(`/api/v1/compare?series=${web}`);
    const [c, ch] = answer.models;
    assert.equal(c!.modelVersionId, champion);
    assert.equal(c!.training!.runId, 'test/run/1');
    assert.equal(c!.training!.metrics.mase, 0.8);
    assert.equal(ch!.training, null, 'the challenger has neither run nor validation metrics');
    // Points run 1 above the actual at every step: MAE 1, inside the ±1 band (bounds inclusive).
    assert.equal(c!.production['24h']!.mae, 1);
    assert.equal(c!.production['24h']!.coverage80, 1);
    assert.ok(c!.production['24h']!.n > 0);
    assert.deepEqual(
      answer.runs.map((r) => [r.kind, r.runId, r.status]),
      [['lstm', 'test/run/1', 'succeeded']],
    );
    assert.equal((await api.call('/api/v1/compare')).status, 400);
  });

  it('shows accuracy over time per model version', async () => {
    const answer = await get<{
      bucket: string;
      models: Array<{
        modelVersionId: number;
        kind: string;
        buckets: Array<{ bucketStart: string; n: number; mae: number }>;
        windows: Record<string, { n: number }>;
      }>;
    }>(`/api/v1/series/${web}/accuracy?bucket=1h`);
    assert.equal(answer.bucket, '1h');
    assert.deepEqual(
      answer.models.map((m) => m.modelVersionId),
      [champion, challenger],
    );
    const buckets = answer.models[0]!.buckets;
    assert.ok(buckets.length >= 2);
    assert.ok(buckets.every((b) => b.mae === 1 && b.n > 0));
    assert.equal(
      buckets.reduce((n, b) => n + b.n, 0),
      answer.models[0]!.windows['7d']!.n,
      'the buckets hold every record the 7-day window counts',
    );
    const bad = await errorOf(await api.call(`/api/v1/series/${web}/accuracy?from=yesterday`));
    assert.deepEqual([bad.field, bad.value], ['query.from', 'yesterday']);
  });

  it('lists retrain decisions, filtered by series', async () => {
    const answer = await get<{
      decisions: Array<{ seriesId: number; reason: string; status: string; startedAt: string }>;
    }>(`/api/v1/decisions?series=${web}`);
    assert.deepEqual(answer.decisions, [
      {
        ...answer.decisions[0]!,
        seriesId: web,
        reason: 'forced',
        status: 'running',
        startedAt: new Date(T0).toISOString(),
      },
    ]);
    assert.deepEqual((await get<{ decisions: unknown[] }>(`/api/v1/decisions?series=${db5m}`)).decisions, []);
  });
});
