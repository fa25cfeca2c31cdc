import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { ApplicationFailure } from '@temporalio/common';
import { storeCleanedSeries } from '../../src/activities/ingest-store';
import { createTrainingActivities, type TrainSeriesInput } from '../../src/activities/training';
import {
  bestTrial,
  getAlias,
  listAliasHistory,
  listForecasts,
  listSeries,
  listVersions,
  readObservations,
  registerVersion,
  setAlias,
  type ModelKey,
} from '../../src/db';
import { createForecaster, withConformal, type SeriesData } from '../../src/forecast';
import { cleanSeries, parseCsv } from '../../src/ingest';
import { modelHorizon, type SeriesId, type TimeRange } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';

const NAB = 'data/nab/realAWSCloudwatch';
const HOUR = 3_600_000;

/** Ingests one NAB file (5-minute points and hourly means) and returns its hourly series id and range. */
async function ingestNab(db: TestDb, name: string): Promise<{ id: SeriesId; window: TimeRange }> {
  const file = `${NAB}/${name}.csv`;
  const raw = parseCsv(await readFile(file, 'utf8'), file, { duplicates: 'keep-last' });
  const cleaning = { stepMs: 300_000, maxGapMs: HOUR, minCoverage: 0.5, dropPatterns: [] };
  const before = new Set((await listSeries(db, { granularity: '1h' })).map((s) => s.id));
  await storeCleanedSeries(db, cleanSeries([raw], cleaning).kept);
  const id = (await listSeries(db, { granularity: '1h' })).find((s) => !before.has(s.id))!.id;
  const rows = await readObservations(db, id, { from: 0, to: Date.UTC(2100, 0) });
  return { id, window: { from: rows[0]!.t, to: rows[rows.length - 1]!.t + HOUR } };
}

const count = async (db: TestDb, table: string): Promise<number> =>
  Number((await db.pool.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

interface RunRow {
  run_id: string;
  kind: string;
  search_id: string | null;
  trial: number | null;
  status: string;
  metrics: string;
  fold_metrics: string;
  model_version_id: number | null;
}

describe('activities/training (MariaDB, hourly NAB series)', function () {
  this.timeout(180_000);
  let db: TestDb;
  let a: { id: SeriesId; window: TimeRange };
  let b: { id: SeriesId; window: TimeRange };
  let activities: ReturnType<typeof createTrainingActivities>;
  const keyOf = (id: SeriesId): ModelKey => ({ seriesId: id, granularity: '1h', horizon: 6 });
  const job = (prefix: string, kinds: TrainSeriesInput['kinds']): TrainSeriesInput => ({
    seriesId: a.id,
    granularity: '1h',
    window: a.window,
    kinds,
    runIdPrefix: prefix,
    promote: 'champion-if-better',
  });
  // Few epochs keep the dense model's training short on busy cores; the search tries two widths.
  const firstJob = (): TrainSeriesInput => ({
    ...job('retrain/a/1', ['naive', 'seasonal-naive', 'ets', 'dense']),
    hyperparameters: { dense: { epochs: 5 } },
    search: { kind: 'dense', space: { units: [8, 16] } },
  });

  before(async () => {
    db = await createTestDb('training');
    a = await ingestNab(db, 'ec2_cpu_utilization_5f5533');
    b = await ingestNab(db, 'ec2_cpu_utilization_825cc2');
    activities = createTrainingActivities({ db });
  });
  after(async () => db.drop());

  it('records a run per kind and per trial, registers versions and crowns what decideServing serves', async () => {
    const summary = await activities.trainSeries(firstJob());
    const runs = await db.pool.query<RunRow[]>({
      sql: 'SELECT * FROM training_runs ORDER BY id',
      autoJsonMap: false,
    });
    const byKind = runs.filter((r) => r.search_id === null && r.kind !== 'ensemble');
    assert.deepEqual(
      byKind.map((r) => r.run_id),
      summary.runIds,
    );
    assert.deepEqual(
      summary.runIds,
      firstJob().kinds.map((k) => `retrain/a/1/${k}`),
    );
    for (const run of byKind) {
      assert.equal(run.status, 'succeeded');
      assert.ok(summary.versionIds.includes(run.model_version_id as never));
      const metrics = JSON.parse(run.metrics) as Record<string, number>;
      assert.ok(metrics.mase! > 0 && metrics.coverage80! >= 0 && metrics.coverage95! >= metrics.coverage80!);
      assert.ok((JSON.parse(run.fold_metrics) as unknown[]).length > 10, 'one metrics object per origin');
    }
    const trials = runs.filter((r) => r.search_id === 'retrain/a/1/search/dense');
    assert.deepEqual(
      trials.map((t) => [t.trial, t.kind, t.status]),
      [
        [0, 'dense', 'succeeded'],
        [1, 'dense', 'succeeded'],
      ],
    );
    assert.ok(trials.every((t) => (JSON.parse(t.metrics) as { mase: number }).mase > 0));
    const best = await bestTrial(db, 'retrain/a/1/search/dense');
    assert.equal(best?.trial, summary.search?.bestTrial);
    const denseRun = byKind.find((r) => r.kind === 'dense')!;
    const denseVersion = (await listVersions(db, keyOf(a.id))).find(
      (v) => v.id === denseRun.model_version_id,
    )!;
    assert.equal(denseVersion.metadata.hyperparameters['units'], best?.hyperparameters['units']);
    assert.equal(denseVersion.metadata.hyperparameters['epochs'], 5);
    // The trial and the evaluation train the same way (once, same seed): the winner scores the same.
    assert.equal(denseVersion.validationMetrics?.mase, best?.metrics?.mase);

    const versions = await listVersions(db, keyOf(a.id));
    const kindVersions = versions.filter((v) => v.kind !== 'ensemble');
    assert.deepEqual(
      kindVersions.map((v) => v.id),
      summary.versionIds,
    );
    // decideServing's default: the median of the best two thirds by validation MASE, a version of its own.
    const ranked = [...kindVersions].sort((x, y) => x.validationMetrics!.mase - y.validationMetrics!.mase);
    assert.deepEqual(
      summary.serving?.members,
      ranked.slice(0, 3).map((v) => v.kind),
    );
    const combination = versions.find((v) => v.kind === 'ensemble')!;
    assert.deepEqual(summary.combination, { runId: 'retrain/a/1/combination', versionId: combination.id });
    assert.deepEqual([summary.selected.kind, summary.selected.versionId], ['ensemble', combination.id]);
    assert.equal(summary.selected.validationMase, combination.validationMetrics?.mase);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(summary.champion, {
      versionId: summary.selected.versionId,
      promoted: true,
      reason: `retrain/a/1: ${summary.selected.kind} version ${summary.selected.versionId} promoted: there was no champion`,
    });
    assert.equal((await getAlias(db, keyOf(a.id), 'champion'))?.id, summary.selected.versionId);
    const moves = (await listAliasHistory(db, keyOf(a.id))).map((m) => [m.alias, m.action, m.toVersionId]);
    const v = summary.selected.versionId;
    assert.deepEqual(moves, [
      ['challenger', 'set', v],
      ['champion', 'promote', v],
      ['challenger', 'promote', null],
    ]);
  });

  it('repeating a runIdPrefix changes no run, version or alias, and resumes an unfinished run', async () => {
    const tables = ['training_runs', 'model_versions', 'model_aliases', 'model_alias_history'];
    const counts = () => Promise.all(tables.map((t) => count(db, t)));
    const before = await counts();
    const registry = await snapshotTable(db, 'model_versions', 'id');
    const again = await activities.trainSeries(firstJob());
    assert.deepEqual(await counts(), before);
    assert.equal(await snapshotTable(db, 'model_versions', 'id'), registry);
    assert.equal(again.champion.promoted, true, 'the answer of the attempt that promoted');
    // A crash after registering, before the run was finished: the retry retrains and finds its version.
    await db.pool.query(
      "UPDATE training_runs SET status = 'running', metrics = NULL WHERE run_id = 'retrain/a/1/ets'",
    );
    const resumed = await activities.trainSeries(firstJob());
    assert.deepEqual(await counts(), before);
    assert.deepEqual(resumed.versionIds, again.versionIds);
    const [ets] = await db.pool.query<RunRow[]>(
      "SELECT * FROM training_runs WHERE run_id = 'retrain/a/1/ets'",
    );
    assert.equal(ets?.status, 'succeeded');
  });

  it('promotes a challenger only when it beats the champion on the same evaluation window', async () => {
    // Statistical champions refit on the history they are given, so evaluated as saved they score
    // what their own run recorded on this window.
    const recordedMase = async (versionId: number): Promise<number> => {
      const sql = 'SELECT metrics FROM training_runs WHERE model_version_id = ?';
      const [run] = await db.pool.query<RunRow[]>({ sql, autoJsonMap: false }, [versionId]);
      return (JSON.parse(run!.metrics) as { mase: number }).mase;
    };
    const outcomes: boolean[] = [];
    for (const [n, kind] of [
      [2, 'seasonal-naive'],
      [3, 'ets'],
    ] as const) {
      const current = (await getAlias(db, keyOf(a.id), 'champion'))!.id;
      const championMase = await recordedMase(current);
      const summary = await activities.trainSeries(job(`retrain/a/${n}`, [kind]));
      const better = summary.selected.evaluationMase! < championMase;
      assert.equal(summary.champion.promoted, better, summary.champion.reason);
      outcomes.push(better);
      assert.equal(
        (await getAlias(db, keyOf(a.id), 'champion'))?.id,
        better ? summary.selected.versionId : current,
      );
      const why = better ? /against champion \d+'s [\d.]+ on the same window$/ : /does not beat it/;
      assert.match(summary.champion.reason, why);
      if (!better)
        assert.equal((await getAlias(db, keyOf(a.id), 'challenger'))?.id, summary.selected.versionId);
    }
    // On this series seasonal-naive scores worse than the naive champion and ETS better: both branches run.
    assert.deepEqual(outcomes, [false, true]);
  });

  it('records a kind the model refuses as failed, trains the rest, and promotes only when asked', async () => {
    const champion = (await getAlias(db, keyOf(a.id), 'champion'))!.id;
    const summary = await activities.trainSeries({
      ...job('retrain/a/4', ['dense', 'naive']),
      // A window longer than the series: the dense model refuses the data before training.
      hyperparameters: { dense: { window: 400, epochs: 1 } },
      promote: 'challenger',
    });
    assert.deepEqual(
      summary.failed.map((f) => f.kind),
      ['dense'],
    );
    assert.match(summary.failed[0]!.error, /^history\.values\.length must be at least \d+ \(window 400/);
    const [dense] = await db.pool.query<RunRow[]>(
      "SELECT * FROM training_runs WHERE run_id = 'retrain/a/4/dense'",
    );
    assert.deepEqual([dense?.status, dense?.model_version_id], ['failed', null]);
    assert.equal(summary.selected.kind, 'naive');
    assert.deepEqual(summary.champion, {
      versionId: champion,
      promoted: false,
      reason: 'promotion not requested',
    });
    assert.equal((await getAlias(db, keyOf(a.id), 'challenger'))?.id, summary.selected.versionId);
  });

  it('forecasts horizon rows with nested bands from the champion, and twice changes nothing', async () => {
    const issuedAt = a.window.to;
    const champion = (await getAlias(db, keyOf(a.id), 'champion'))!;
    const input = { seriesId: a.id, granularity: '1h' as const, issuedAt };
    const tensors = tf.memory().numTensors;
    assert.deepEqual(await activities.forecastSeries(input), { rows: 6, modelVersionId: champion.id });
    const snapshot = () =>
      snapshotTable(db, 'forecasts', 'series_id, model_version_id, issued_at, target_at');
    const written = await snapshot();
    assert.deepEqual(await activities.forecastSeries(input), { rows: 6, modelVersionId: champion.id });
    assert.equal(await snapshot(), written);
    assert.equal(tf.memory().numTensors, tensors);
    const rows = await listForecasts(db, { seriesId: a.id });
    assert.deepEqual(
      rows.map((r) => [r.horizonStep, r.targetAt, r.role]),
      [1, 2, 3, 4, 5, 6].map((k) => [k, issuedAt + k * HOUR, 'champion']),
    );
    // The hour starting at the issue time is under way: no row targets it, nor anything before it.
    assert.ok(rows.every((r) => r.targetAt > r.issuedAt));
    for (const r of rows)
      assert.ok(
        r.lower95 <= r.lower80 && r.lower80 <= r.point && r.point <= r.upper80 && r.upper80 <= r.upper95,
        JSON.stringify(r),
      );
  });

  it('a champion loaded from the registry forecasts what the model predicted before it was saved', async () => {
    const history = await readObservations(db, b.id, { from: b.window.to - 14 * 24 * HOUR, to: b.window.to });
    const series: SeriesData = { start: history[0]!.t, stepMs: HOUR, values: history.map((h) => h.value) };
    const model = withConformal(createForecaster('dense'), {
      q80: [1, 2, 3, 4, 5, 6],
      q95: [2, 4, 6, 8, 10, 12],
    });
    await model.fit(series, {
      horizon: modelHorizon(6),
      seasonPeriod: 24,
      seed: 7,
      hyperparameters: { epochs: 3, units: 8 },
    });
    const before = await model.predict({ history: series });
    const artifact = await model.serialize();
    model.dispose();
    const { id } = await registerVersion(db, { ...keyOf(b.id), artifact, runId: 'test/round-trip' });
    await setAlias(db, keyOf(b.id), 'champion', id, 'round-trip test');
    await activities.forecastSeries({ seriesId: b.id, granularity: '1h', issuedAt: b.window.to });
    const rows = await listForecasts(db, { seriesId: b.id });
    // The model's first step is the hour under way at the issue time: issued are the six after it.
    assert.deepEqual(
      rows.map((r) => [r.targetAt, r.point, r.lower80, r.upper95]),
      before.point
        .map((p, k) => [before.times[k], p, before.intervals.p80.lower[k], before.intervals.p95.upper[k]])
        .slice(1),
    );
  });

  it('refuses a too-short window and a missing champion for good, naming field and value', async () => {
    const short = {
      ...job('retrain/a/short', ['naive']),
      window: { from: a.window.from, to: a.window.from + 48 * HOUR },
    };
    await assert.rejects(activities.trainSeries(short), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'ForecastInputError');
      assert.equal(error.nonRetryable, true);
      assert.match(
        error.message,
        /^input\.window \[2014-02-14T14:00:00\.000Z, .*\) must hold at least 96 .*got 48 from/,
      );
      return true;
    });
    assert.equal(await count(db, "training_runs WHERE run_id LIKE 'retrain/a/short%'"), 0);
    const reused = { ...job('retrain/a/1', ['naive']), window: { ...a.window, from: a.window.from + HOUR } };
    await assert.rejects(activities.trainSeries(reused), {
      type: 'ForecastInputError',
      message: /^input\.runIdPrefix must name a new training job .*got "retrain\/a\/1\/naive"$/,
    });
    const noModel = { seriesId: b.id, granularity: '1h' as const, horizon: 3, issuedAt: b.window.to };
    await assert.rejects(activities.forecastSeries(noModel), { type: 'NoModelError', nonRetryable: true });
  });
});
