import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ChampionCache } from '../../src/modelling';
import { createForecastShardActivities } from '../../src/activities/forecast-shard';
import type { LoadedModel } from '../../src/modelling';
import { bridgedHistory } from '../../src/modelling';
import { readObservations, registerVersion, setAlias, type Db } from '../../src/db';
import { createForecaster, loadForecaster, type ModelArtifact } from '../../src/forecast';
import { asModelVersionId, modelHorizon, type ModelVersionId, type SeriesId } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';
import { HORIZON, NOMINAL, seedCycleDb } from '../workflows/cycle-fixtures';

const HOUR_MS = 3_600_000;
const FIT = { lstm: { epochs: 1, units: 4 }, dense: { epochs: 2 } } as const;

/** A small tfjs network fitted on the series' history before `NOMINAL`. */
async function fitArtifact(db: Db, seriesId: SeriesId, kind: 'lstm' | 'dense'): Promise<ModelArtifact> {
  const history = bridgedHistory(await readObservations(db, seriesId, { from: 0, to: NOMINAL }), HOUR_MS);
  if (!history) throw new Error(`series ${seriesId} has no hourly history`);
  const model = createForecaster(kind);
  try {
    await model.fit(history, {
      horizon: modelHorizon(HORIZON),
      seasonPeriod: 24,
      seed: 7,
      hyperparameters: FIT[kind],
    });
    return await model.serialize();
  } finally {
    model.dispose();
  }
}

/** Registers `artifact` as the series' champion; returns its version id. */
async function promoteArtifact(db: Db, seriesId: SeriesId, artifact: ModelArtifact): Promise<ModelVersionId> {
  const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
  const { id } = await registerVersion(db, { ...key, artifact });
  await setAlias(db, key, 'champion', id, 'champion-cache test');
  return id;
}

/** Tensors a loaded artifact holds: one per stored weight. */
const weightsOf = (a: ModelArtifact): number =>
  (a.state as { weightSpecs?: unknown[] }).weightSpecs?.length ?? 0;

describe('activities/champion-cache: forecastShard keeps champions loaded without leaking tensors', function () {
  this.timeout(60_000);
  let db: TestDb;
  let ids: SeriesId[];
  const artifacts = new Map<SeriesId, ModelArtifact>();
  let baseline: number;

  before(async () => {
    db = await createTestDb('champcache');
    ids = (await seedCycleDb(db, 0)).hourly;
    for (const [i, id] of ids.entries()) {
      const artifact = await fitArtifact(db, id, i === 0 ? 'lstm' : 'dense');
      artifacts.set(id, artifact);
      await promoteArtifact(db, id, artifact);
    }
    baseline = tf.memory().numTensors;
  });
  after(async () => {
    await db.drop();
  });

  const shardAt = (cache: ChampionCache, hour: number) =>
    createForecastShardActivities({ db, championCache: cache }).forecastShard({
      seriesIds: ids,
      granularity: '1h',
      issuedAt: NOMINAL + hour * HOUR_MS,
    });

  it('holds exactly the champions’ weights across repeated cycles, and frees them all when cleared', async () => {
    const cache = new ChampionCache(10);
    const held = [...artifacts.values()].reduce((n, a) => n + weightsOf(a), 0);
    for (let hour = 0; hour < 5; hour++) {
      const result = await shardAt(cache, hour);
      assert.deepEqual([result.forecast, result.rows, result.failed], [ids.length, ids.length * HORIZON, 0]);
      assert.equal(tf.memory().numTensors, baseline + held, `live tensors after cycle ${hour}`);
    }
    assert.deepEqual(cache.stats(), {
      size: ids.length,
      hits: 4 * ids.length,
      misses: ids.length,
      evictions: 0,
    });
    cache.clear();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('caching nothing (0) loads and disposes every champion: no tensor outlives a cycle', async () => {
    const cache = new ChampionCache(0);
    for (let hour = 0; hour < 3; hour++) {
      assert.equal((await shardAt(cache, hour)).forecast, ids.length);
      assert.equal(tf.memory().numTensors, baseline, `live tensors after cycle ${hour}`);
    }
    assert.deepEqual(cache.stats(), { size: 0, hits: 0, misses: 3 * ids.length, evictions: 0 });
  });

  it('serves a promoted champion at once and disposes the retired version once it has idled', async () => {
    const cache = new ChampionCache(ids.length);
    await shardAt(cache, 10);
    const [first] = ids as [SeriesId];
    const newer = await fitArtifact(db, first, 'dense');
    const newId = await promoteArtifact(db, first, newer);
    const served = async (hour: number) => {
      await shardAt(cache, hour);
      const rows = await db.pool.query<Array<{ v: number }>>(
        'SELECT DISTINCT model_version_id AS v FROM forecasts WHERE series_id = ? AND issued_at = ?',
        [first, new Date(NOMINAL + hour * HOUR_MS)],
      );
      return rows.map((r) => asModelVersionId(Number(r.v)));
    };
    assert.deepEqual(await served(11), [newId]);
    // The retired version may go once idle for twice the capacity in acquisitions (two cycles here).
    for (let hour = 12; hour < 15; hour++) assert.deepEqual(await served(hour), [newId]);
    assert.equal(cache.stats().evictions, 1);
    const current = [newer, ...ids.slice(1).map((id) => artifacts.get(id) as ModelArtifact)];
    const held = current.reduce((n, a) => n + weightsOf(a), 0);
    assert.equal(tf.memory().numTensors, baseline + held);
    cache.clear();
    assert.equal(tf.memory().numTensors, baseline);
    await promoteArtifact(db, first, artifacts.get(first) as ModelArtifact);
  });

  it('disposes a model evicted while leased only on release, and loads a model once for concurrent misses', async () => {
    const artifact = artifacts.get(ids[1] as SeriesId) as ModelArtifact;
    let loads = 0;
    const load = (id: number) => async (): Promise<LoadedModel> => {
      loads++;
      const forecaster = await loadForecaster(artifact);
      return { versionId: asModelVersionId(id), kind: 'dense', window: artifact.metadata.window, forecaster };
    };
    const cache = new ChampionCache(1);
    const [a, b] = await Promise.all([
      cache.acquire(asModelVersionId(1), load(1)),
      cache.acquire(asModelVersionId(1), load(1)),
    ]);
    assert.equal(loads, 1);
    assert.equal(a.model, b.model);
    cache.clear();
    const history = {
      start: NOMINAL,
      stepMs: HOUR_MS,
      values: Array.from({ length: 200 }, (_, i) => i % 24),
    };
    assert.equal(
      (await a.model.forecaster.predict({ history })).point.length,
      modelHorizon(HORIZON),
      'usable while leased',
    );
    a.release();
    b.release();
    assert.equal(tf.memory().numTensors, baseline, 'disposed after the last release');
    assert.throws(() => new ChampionCache(-1), /championCache\.maxModels must be an integer >= 0, got -1/);
  });
});
