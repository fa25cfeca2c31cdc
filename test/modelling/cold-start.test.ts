import assert from 'node:assert/strict';
import { createForecastShardActivities } from '../../src/activities/forecast-shard';
import { createTrainingActivities } from '../../src/activities/training';
import {
  getAlias,
  getRun,
  getVersion,
  listForecasts,
  listUnchampionedSeries,
  latestGlobalVersion,
  listVersions,
} from '../../src/db';
import { ChampionCache } from '../../src/modelling';
import { createTestDb, type TestDb } from '../support/test-db';
import { HOUR, ingestNab, keyOf, type SeededSeries } from '../workflows/retrain-fixtures';

describe("modelling: cold start from the granularity's global model (MariaDB)", function () {
  this.timeout(300_000);
  let db: TestDb;
  let young: SeededSeries;
  const day = 24 * HOUR;

  before(async () => {
    db = await createTestDb('coldstart');
    await ingestNab(db, 'ec2_cpu_utilization_5f5533');
    await ingestNab(db, 'ec2_cpu_utilization_24ae8d');
    // Recorded in April: nothing before the young series' issue time, so not a peer.
    await ingestNab(db, 'ec2_cpu_utilization_825cc2');
    const full = await ingestNab(db, 'rds_cpu_utilization_cc0c53');
    // A series that started a day ago: only its newest day is kept.
    await db.pool.query('DELETE FROM observations WHERE series_id = ? AND ts < ?', [
      full.id,
      new Date(full.window.to - day),
    ]);
    young = { ...full, window: { from: full.window.to - day, to: full.window.to } };
  });
  after(async () => db?.drop());

  it('a series with a day of history cannot train per series, and gets the global model as champion', async () => {
    const activities = createTrainingActivities({ db });
    await assert.rejects(
      activities.trainSeries({
        seriesId: young.id,
        granularity: '1h',
        window: young.window,
        kinds: ['naive'],
        runIdPrefix: 'retrain/young/1',
      }),
      { type: 'ForecastInputError', message: /must hold at least 96/ },
    );
    const input = {
      seriesId: young.id,
      granularity: '1h' as const,
      issuedAt: young.window.to,
      runIdPrefix: 'cold-start/young/1',
    };
    const result = await activities.coldStartSeries(input);
    assert.equal(result.runId, 'cold-start/young/1/global');
    assert.equal(result.series, 2, 'the stored global model learnt from the two peers with history');
    // The granularity's first global model was trained and stored once; the series' version copies it.
    const global = (await latestGlobalVersion(db, { granularity: '1h', horizon: 6 }))!;
    assert.deepEqual([global.version, global.refit], [1, 'full']);
    assert.equal(result.promoted, true, result.reason);
    const champion = (await getAlias(db, keyOf(young.id), 'champion'))!;
    // Served as bench:accuracy scores a series this young: the global model and naive, combined.
    assert.deepEqual([champion.id, champion.kind], [result.versionId, 'ensemble']);
    const { hyperparameters } = champion.metadata;
    assert.deepEqual(
      [hyperparameters['members'], hyperparameters['coldStart'], hyperparameters['globalVersionId']],
      ['global,naive', true, global.id],
    );
    const run = (await getRun(db, result.runId))!;
    assert.deepEqual([run.status, run.kind, run.modelVersionId], ['succeeded', 'global', result.versionId]);
    assert.equal((await getVersion(db, result.versionId))?.runId, result.runId);

    const again = await activities.coldStartSeries(input);
    assert.deepEqual(
      [again.versionId, again.series, again.promoted],
      [result.versionId, result.series, true],
    );
    assert.equal((await listVersions(db, keyOf(young.id))).length, 1);
    assert.equal((await latestGlobalVersion(db, { granularity: '1h', horizon: 6 }))?.id, global.id);
  });

  it("the cycle's shard forecasts the young series with it", async () => {
    const shard = createForecastShardActivities({ db, championCache: new ChampionCache(10) });
    const done = await shard.forecastShard({
      seriesIds: [young.id],
      granularity: '1h',
      issuedAt: young.window.to,
    });
    assert.deepEqual([done.forecast, done.failed, done.rows], [1, 0, 6]);
    const rows = await listForecasts(db, { seriesId: young.id });
    for (const r of rows) {
      assert.equal(r.modelKind, 'ensemble');
      assert.ok(Number.isFinite(r.point) && r.lower95 <= r.point && r.point <= r.upper95, JSON.stringify(r));
    }
  });

  it('counts a cold-start champion as none once per-series training is possible', async () => {
    const filter = { granularity: '1h' as const, horizon: 6, window: young.window };
    // With four days' points it would be listed for its own training; with a day it is not.
    assert.ok((await listUnchampionedSeries(db, { ...filter, minPoints: 20 })).includes(young.id));
    assert.ok(!(await listUnchampionedSeries(db, { ...filter, minPoints: 96 })).includes(young.id));
  });
});
