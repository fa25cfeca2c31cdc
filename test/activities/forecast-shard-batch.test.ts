import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createForecastShardActivities, type ForecastShardInput } from '../../src/activities/forecast-shard';
import { createModelStore, listForecasts, registerVersion, setAlias, type Db } from '../../src/db';
import { createForecaster } from '../../src/forecast';
import { forecastRows, loadModel, readRecentHistory } from '../../src/modelling';
import { modelHorizon, type SeriesId } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';
import { HORIZON, NOMINAL, seedCycleDb } from '../workflows/cycle-fixtures';

const HOUR_MS = 3_600_000;

/** The same database, counting the statements that name `table`. */
function counting(db: Db, tables: readonly string[]): { db: Db; counts: Map<string, number> } {
  const counts = new Map(tables.map((t) => [t, 0]));
  const pool = new Proxy(db.pool, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== 'query' || typeof value !== 'function') return value;
      return (sql: string | { sql: string }, ...rest: unknown[]) => {
        const text = typeof sql === 'string' ? sql : sql.sql;
        for (const t of tables)
          if (new RegExp(`\\b${t}\\b`).test(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).call(target, sql, ...rest);
      };
    },
  });
  return { db: { ...db, pool }, counts };
}

/** An ETS champion (a 72-step window, unlike seasonal naive's 24) fitted on the series' last 14 days. */
async function registerEts(db: Db, seriesId: SeriesId): Promise<void> {
  const m = { store: createModelStore(db), heartbeat: () => Promise.resolve() };
  const history = await readRecentHistory(m, seriesId, HOUR_MS, NOMINAL);
  const model = createForecaster('ets');
  await model.fit(history, { horizon: modelHorizon(HORIZON), seasonPeriod: 24 });
  const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
  const { id } = await registerVersion(db, { ...key, artifact: await model.serialize() });
  await setAlias(db, key, 'champion', id, 'test: a second kind');
  model.dispose();
}

describe('activities/forecastShard reads a batch of series at once', function () {
  this.timeout(60_000);
  let db: TestDb;
  let hourly: SeriesId[];

  before(async () => {
    db = await createTestDb('shardbatch');
    ({ hourly } = await seedCycleDb(db, 2));
    await registerEts(db, hourly[1] as SeriesId);
  });
  after(async () => {
    await db.drop();
  });

  it('one statement each for champions, artifacts and history; rows as the per-series path issues them', async () => {
    const { db: watched, counts } = counting(db, ['model_aliases', 'model_versions', 'observations']);
    const activities = createForecastShardActivities({ db: watched });
    const input: ForecastShardInput = { seriesIds: hourly, granularity: '1h', issuedAt: NOMINAL };
    const result = await new MockActivityEnvironment().run(
      (i: ForecastShardInput) => activities.forecastShard(i),
      input,
    );
    assert.deepEqual(result, {
      series: 3,
      forecast: 2,
      rows: 2 * HORIZON,
      noChampion: 1,
      stale: 0,
      staleSeries: [],
      failed: 0,
      failures: [],
    });
    // Champions (joined to their versions), the two artifacts, the history of both: 1, 2, 1.
    assert.deepEqual(Object.fromEntries(counts), { model_aliases: 1, model_versions: 2, observations: 1 });

    const m = { store: createModelStore(db), heartbeat: () => Promise.resolve() };
    for (const seriesId of hourly.slice(0, 2)) {
      const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
      const model = await loadModel(m, key, 'champion');
      assert.ok(model);
      const history = await readRecentHistory(m, seriesId, HOUR_MS, NOMINAL, model.window);
      const issue = {
        seriesId,
        issuedAt: NOMINAL,
        role: 'champion',
        stepMs: HOUR_MS,
        horizon: HORIZON,
      } as const;
      const expected = forecastRows(await model.forecaster.predict({ history }), model, issue);
      model.forecaster.dispose();
      const stored = await listForecasts(db, { seriesId, issuedFrom: NOMINAL, issuedTo: NOMINAL + 1 });
      assert.deepEqual(
        stored.map((r) => [r.modelKind, r.targetAt, r.point, r.lower95, r.upper95]),
        expected.map((r) => [r.modelKind, r.targetAt, r.point, r.lower95, r.upper95]),
      );
    }
  });
});
