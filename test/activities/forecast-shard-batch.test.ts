import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createForecastShardActivities, type ForecastShardInput } from '../../src/activities/forecast-shard';
import { createModelStore, listForecasts, registerVersion, setAlias, type Db } from '../../src/db';
import { createForecaster, ensembleArtifact, EnsembleMethod } from '../../src/forecast';
import {
  adaptIntervals,
  forecastRows,
  loadModel,
  MIN_SCORES,
  readRecentHistory,
  seedIntervals,
} from '../../src/modelling';
import { modelHorizon, type SeriesId } from '../../src/shared';
import { readObservations } from '../../src/db';
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

/**
 * A served combination of ETS (a 72-step window, unlike seasonal naive's 24) and MSTL (96) fitted on
 * the series' last 14 days, with adapted interval widths: the batch reads 96 points for it, not 14 days.
 */
async function registerCombination(db: Db, seriesId: SeriesId): Promise<void> {
  const m = { store: createModelStore(db), heartbeat: () => Promise.resolve() };
  const history = await readRecentHistory(m, seriesId, HOUR_MS, NOMINAL);
  const members = [];
  for (const kind of ['ets', 'mstl'] as const) {
    const model = createForecaster(kind);
    await model.fit(history, { horizon: modelHorizon(HORIZON), seasonPeriod: 24 });
    members.push(await model.serialize());
    model.dispose();
  }
  const artifact = ensembleArtifact(members, { method: EnsembleMethod.inverseError, weights: [0.6, 0.4] });
  const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
  const { id } = await registerVersion(db, { ...key, artifact });
  await setAlias(db, key, 'champion', id, 'test: a served combination');
  const residuals = Array.from({ length: modelHorizon(HORIZON) }, (_, k) =>
    Array.from({ length: MIN_SCORES + 1 }, (_, i) => (k + 1) * (i % 5)),
  );
  await seedIntervals(m.store, id, seriesId, { calibrationResiduals: residuals });
}

describe('activities/forecastShard reads a batch of series at once', function () {
  this.timeout(60_000);
  let db: TestDb;
  let hourly: SeriesId[];

  before(async () => {
    db = await createTestDb('shardbatch');
    ({ hourly } = await seedCycleDb(db, 2));
    await registerCombination(db, hourly[1] as SeriesId);
  });
  after(async () => {
    await db.drop();
  });

  it('one statement each for champions, artifacts, history and interval widths; rows as the per-series path issues them', async () => {
    const tables = ['model_aliases', 'model_versions', 'observations', 'interval_state'];
    const { db: watched, counts } = counting(db, tables);
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
    // Champions (joined to their versions), the two artifacts, the history and widths of both: 1, 2, 1, 1.
    assert.deepEqual(Object.fromEntries(counts), {
      model_aliases: 1,
      model_versions: 2,
      observations: 1,
      interval_state: 1,
    });

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
      const predicted = await model.forecaster.predict({ history });
      const expected = forecastRows(
        await adaptIntervals(m.store, model.versionId, predicted, history),
        model,
        issue,
      );
      model.forecaster.dispose();
      const stored = await listForecasts(db, { seriesId, issuedFrom: NOMINAL, issuedTo: NOMINAL + 1 });
      assert.deepEqual(
        stored.map((r) => [r.modelKind, r.targetAt, r.point, r.lower95, r.upper95]),
        expected.map((r) => [r.modelKind, r.targetAt, r.point, r.lower95, r.upper95]),
      );
    }
  });
});

/** Deletes `series`'s observations in [from, to): an outage of its feed. */
async function outage(db: Db, seriesId: SeriesId, from: number, to: number): Promise<void> {
  await db.pool.query('DELETE FROM observations WHERE series_id = ? AND ts >= ? AND ts < ?', [
    seriesId,
    new Date(from),
    new Date(to),
  ]);
}

/** Registers `members` (fitted on the history before `NOMINAL`) as `seriesId`'s champion, median-combined. */
async function registerMedianOf(db: Db, seriesId: SeriesId, members: readonly ('naive' | 'mstl')[]) {
  const m = { store: createModelStore(db), heartbeat: () => Promise.resolve() };
  const history = await readRecentHistory(m, seriesId, HOUR_MS, NOMINAL);
  const artifacts = [];
  for (const kind of members) {
    const model = createForecaster(kind);
    await model.fit(history, { horizon: modelHorizon(HORIZON), seasonPeriod: 24 });
    artifacts.push(await model.serialize());
    model.dispose();
  }
  const weights = members.map(() => 1 / members.length);
  const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
  const { id } = await registerVersion(db, {
    ...key,
    artifact: ensembleArtifact(artifacts, { method: EnsembleMethod.median, weights }),
  });
  await setAlias(db, key, 'champion', id, 'test: naive and MSTL');
}

describe('activities/forecastShard across a gap in a feed', function () {
  this.timeout(60_000);
  let db: TestDb;
  let hourly: SeriesId[];

  before(async () => {
    db = await createTestDb('shardgap');
    ({ hourly } = await seedCycleDb(db, 1));
    await registerMedianOf(db, hourly[1] as SeriesId, ['naive', 'mstl']);
  });
  after(async () => {
    await db.drop();
  });

  it('forecasts over a two-hour gap bridged, and with the members that fit after a long outage; stores nothing invented', async () => {
    const [seasonal, combined] = hourly as [SeriesId, SeriesId];
    // Seasonal naive needs a day of points; three follow its two-hour gap.
    await outage(db, seasonal, NOMINAL - 5 * HOUR_MS, NOMINAL - 3 * HOUR_MS);
    // Twelve hours missing: too long to bridge, and too few points after it for MSTL's two seasons.
    await outage(db, combined, NOMINAL - 15 * HOUR_MS, NOMINAL - 3 * HOUR_MS);
    const stored = async () => (await readObservations(db, seasonal, { from: 0, to: NOMINAL })).length;
    const before = await stored();

    const activities = createForecastShardActivities({ db });
    const input: ForecastShardInput = {
      seriesIds: [seasonal, combined],
      granularity: '1h',
      issuedAt: NOMINAL,
    };
    const result = await new MockActivityEnvironment().run(
      (i: ForecastShardInput) => activities.forecastShard(i),
      input,
    );
    assert.deepEqual(result, {
      series: 2,
      forecast: 2,
      rows: 2 * HORIZON,
      noChampion: 0,
      stale: 0,
      staleSeries: [],
      failed: 0,
      failures: [],
      bridged: 1,
    });
    assert.equal(await stored(), before);

    // The combination served naive alone: its forecast is the last observed value.
    const rows = await listForecasts(db, { seriesId: combined, issuedFrom: NOMINAL, issuedTo: NOMINAL + 1 });
    const [last] = (await readObservations(db, combined, { from: NOMINAL - HOUR_MS, to: NOMINAL })).slice(-1);
    assert.ok(last);
    assert.deepEqual(
      rows.map((r) => r.point),
      rows.map(() => last.value),
    );
  });
});
