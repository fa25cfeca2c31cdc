import assert from 'node:assert/strict';
import { createForecastShardActivities } from '../../src/activities/forecast-shard';
import { createTrainingActivities } from '../../src/activities/training';
import { getAlias, getRun, getVersion, listForecasts, loadArtifact, readObservations } from '../../src/db';
import { COMBINATION, loadForecaster, median, type SeriesData } from '../../src/forecast';
import { ChampionCache } from '../../src/modelling';
import type { ModelVersionId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { HOUR, ingestNab, keyOf, registerChampion, type SeededSeries } from '../workflows/retrain-fixtures';

/** The newest `days` of a series before `to`, as the models read it. */
async function historyBefore(db: TestDb, s: SeededSeries, to: number, days = 14): Promise<SeriesData> {
  const obs = await readObservations(db, s.id, { from: to - days * 24 * HOUR, to });
  return { start: obs[0]!.t, stepMs: HOUR, values: obs.map((o) => o.value) };
}

describe('modelling: production serves the combination decideServing chooses (MariaDB)', function () {
  this.timeout(300_000);
  let db: TestDb;
  let s: SeededSeries;
  let old: SeededSeries;
  const training = () => createTrainingActivities({ db });
  const job = (prefix: string) => ({
    seriesId: s.id,
    granularity: '1h' as const,
    window: s.window,
    kinds: ['naive', 'seasonal-naive', 'ets'] as const,
    runIdPrefix: prefix,
    promote: 'champion-if-better' as const,
  });

  before(async () => {
    db = await createTestDb('served');
    s = await ingestNab(db, 'ec2_cpu_utilization_5f5533');
    old = await ingestNab(db, 'ec2_cpu_utilization_825cc2');
  });
  after(async () => db?.drop());

  it('registers the combination as a version of its members, records its run and promotes it', async () => {
    const summary = await training().trainSeries({ ...job('retrain/served/1'), kinds: [...job('').kinds] });
    assert.equal(summary.serving?.served, COMBINATION, summary.serving?.reason);
    // Two thirds of three kinds, best by validation MASE first.
    assert.equal(summary.serving?.members.length, 2);
    const combination = summary.combination!;
    assert.equal(combination.runId, 'retrain/served/1/combination');
    assert.deepEqual(summary.selected.kind, 'ensemble');
    assert.equal(summary.selected.versionId, combination.versionId);
    assert.equal(summary.champion.versionId, combination.versionId);
    assert.equal(summary.champion.promoted, true);
    assert.equal((await getAlias(db, keyOf(s.id), 'champion'))?.id, combination.versionId);

    const version = (await getVersion(db, combination.versionId))!;
    assert.equal(version.kind, 'ensemble');
    assert.equal(version.runId, combination.runId);
    const kindVersion = (kind: string) =>
      summary.versionIds[summary.runIds.indexOf(`retrain/served/1/${kind}`)];
    assert.equal(
      version.metadata.hyperparameters['memberVersions'],
      summary.serving.members.map(kindVersion).join(','),
    );
    assert.equal(version.metadata.hyperparameters['members'], summary.serving.members.join(','));
    assert.equal(version.validationMetrics?.mase, summary.selected.validationMase);
    // Its own (conformal) bands on the calibration segment, not empty ones counted as never holding.
    const { coverage80, coverage95 } = version.validationMetrics;
    assert.ok(
      coverage80 >= 0.7 && coverage95 >= coverage80,
      `validation coverage ${coverage80} / ${coverage95}`,
    );
    const run = (await getRun(db, combination.runId))!;
    assert.deepEqual(
      [run.status, run.kind, run.modelVersionId],
      ['succeeded', 'ensemble', combination.versionId],
    );
    assert.equal(run.metrics?.mase, summary.selected.evaluationMase);
    assert.ok(run.metrics.coverage95 >= run.metrics.coverage80 && run.metrics.coverage80 > 0.5);
  });

  it('the artifact round-trips: the loaded combination forecasts the median of its loaded members', async () => {
    const champion = (await getAlias(db, keyOf(s.id), 'champion'))!;
    const artifact = await loadArtifact(db, champion.id);
    const memberIds = String(artifact.metadata.hyperparameters['memberVersions']).split(',').map(Number);
    const history = await historyBefore(db, s, s.window.to);
    const combined = await loadForecaster(artifact);
    const members = await Promise.all(
      memberIds.map(async (id) => loadForecaster(await loadArtifact(db, id as ModelVersionId))),
    );
    try {
      const forecast = await combined.predict({ history });
      const each = await Promise.all(members.map((m) => m.predict({ history })));
      const expected = forecast.point.map((_, k) => median(each.map((f) => f.point[k]!)));
      assert.deepEqual(forecast.point, expected);
      const q95 = artifact.metadata.conformal!.q95;
      assert.deepEqual(
        forecast.intervals.p95.upper,
        forecast.point.map((p, k) => p + q95[k]!),
      );
    } finally {
      combined.dispose();
      members.forEach((m) => m.dispose());
    }
  });

  it("the cycle's shard forecasts with the combination, through the champion cache", async () => {
    const champion = (await getAlias(db, keyOf(s.id), 'champion'))!;
    const cache = new ChampionCache(10);
    const shard = createForecastShardActivities({ db, championCache: cache });
    const issuedAt = s.window.to;
    const result = await shard.forecastShard({ seriesIds: [s.id], granularity: '1h', issuedAt });
    assert.deepEqual([result.forecast, result.failed, result.rows], [1, 0, 6]);
    const again = await shard.forecastShard({
      seriesIds: [s.id],
      granularity: '1h',
      issuedAt: issuedAt + HOUR,
    });
    assert.equal(again.forecast, 1);
    assert.deepEqual([cache.stats().hits, cache.stats().misses], [1, 1]);
    const rows = await listForecasts(db, { seriesId: s.id });
    assert.ok(
      rows.length === result.rows + again.rows &&
        rows.every((r) => r.modelVersionId === champion.id && r.modelKind === 'ensemble'),
    );
  });

  it('repeating the job changes no run, version or alias', async () => {
    const tables = [
      ['training_runs', 'id'],
      ['model_versions', 'id'],
      ['model_aliases', 'series_id, alias'],
      ['model_alias_history', 'id'],
    ] as const;
    const snapshots = () => Promise.all(tables.map(([t, order]) => snapshotTable(db, t, order)));
    const before = await snapshots();
    const again = await training().trainSeries({ ...job('retrain/served/1'), kinds: [...job('').kinds] });
    assert.equal(again.champion.promoted, true, 'the answer of the attempt that promoted');
    assert.deepEqual(await snapshots(), before);
    // A crash after the kinds finished, before the combination's run did: the retry evaluates the
    // reused kinds again, decides the same and finds the version it registered.
    await db.pool.query(
      "UPDATE training_runs SET status = 'running' WHERE run_id = 'retrain/served/1/combination'",
    );
    const resumed = await training().trainSeries({ ...job('retrain/served/1'), kinds: [...job('').kinds] });
    assert.deepEqual(resumed.combination, again.combination);
    assert.deepEqual(resumed.serving?.members, again.serving?.members);
    assert.equal((await getRun(db, 'retrain/served/1/combination'))?.status, 'succeeded');
    assert.deepEqual(
      (await snapshots()).map((t) => (JSON.parse(t) as unknown[]).length),
      before.map((t) => (JSON.parse(t) as unknown[]).length),
    );
  });

  it('serves a single kind as its own version, and an old single-kind champion still forecasts', async () => {
    const naiveOnly = await training().trainSeries({
      ...job('retrain/served/2'),
      kinds: ['naive'],
      promote: 'challenger',
    });
    assert.equal(naiveOnly.combination, undefined);
    assert.deepEqual(
      [naiveOnly.selected.kind, naiveOnly.selected.versionId],
      ['naive', naiveOnly.versionIds[0]],
    );
    const seeded = await registerChampion(db, old, 'seasonal-naive');
    const shard = createForecastShardActivities({ db, championCache: new ChampionCache(0) });
    const result = await shard.forecastShard({
      seriesIds: [old.id],
      granularity: '1h',
      issuedAt: old.window.to,
    });
    assert.deepEqual([result.forecast, result.failed, result.rows], [1, 0, 6]);
    const rows = await listForecasts(db, { seriesId: old.id });
    assert.ok(rows.every((r) => r.modelVersionId === seeded && r.modelKind === 'seasonal-naive'));
  });
});
