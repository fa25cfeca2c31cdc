import assert from 'node:assert/strict';
import { createForecastShardActivities } from '../../src/activities/forecast-shard';
import { createTrainingActivities } from '../../src/activities/training';
import { getAlias, getRun, getVersion, listForecasts, listVersions } from '../../src/db';
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
    assert.equal(result.series, 3, 'two peers with history before the issue time, and the young series');
    assert.equal(result.promoted, true, result.reason);
    const champion = (await getAlias(db, keyOf(young.id), 'champion'))!;
    assert.deepEqual([champion.id, champion.kind], [result.versionId, 'global']);
    const run = (await getRun(db, result.runId))!;
    assert.deepEqual([run.status, run.kind, run.modelVersionId], ['succeeded', 'global', result.versionId]);
    assert.equal((await getVersion(db, result.versionId))?.runId, result.runId);

    const again = await activities.coldStartSeries(input);
    assert.deepEqual(
      [again.versionId, again.series, again.promoted],
      [result.versionId, result.series, true],
    );
    assert.equal((await listVersions(db, keyOf(young.id))).length, 1);
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
      assert.equal(r.modelKind, 'global');
      assert.ok(Number.isFinite(r.point) && r.lower95 <= r.point && r.point <= r.upper95, JSON.stringify(r));
    }
  });
});
