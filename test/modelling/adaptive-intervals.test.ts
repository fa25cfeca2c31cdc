import assert from 'node:assert/strict';
import { createForecastShardActivities } from '../../src/activities/forecast-shard';
import {
  createModelStore,
  listForecasts,
  readObservations,
  reconcileMatured,
  registerVersion,
  upsertObservations,
  setAlias,
  type ForecastRecord,
} from '../../src/db';
import {
  adaptiveHalfWidths,
  createForecaster,
  replayAdaptive,
  withConformal,
  type AdaptiveConformalState,
  type SeriesData,
} from '../../src/forecast';
import { ChampionCache, MIN_SCORES, seedIntervals, updateIntervals } from '../../src/modelling';
import { modelHorizon, type ModelVersionId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { HOUR, ingestNab, keyOf, type SeededSeries } from '../workflows/retrain-fixtures';

/** Share of reconciled records whose actual lay inside the 80% and 95% bands. */
function coverage(rows: readonly ForecastRecord[]): { p80: number; p95: number; seeded: number; n: number } {
  const scored = rows.filter((r) => r.actual !== null);
  const share = (inside: (r: ForecastRecord) => boolean) => scored.filter(inside).length / scored.length;
  return {
    p80: share((r) => r.in80 === true),
    p95: share((r) => r.in95 === true),
    // What the seeded (calibration) half-width 0.001 would have covered of the same records.
    seeded: share((r) => r.absError! <= 0.001),
    n: scored.length,
  };
}

describe('modelling: adaptive intervals from reconciled errors (MariaDB)', function () {
  this.timeout(300_000);
  let db: TestDb;
  let s: SeededSeries;
  let versionId: ModelVersionId;

  before(async () => {
    db = await createTestDb('intervals');
    s = await ingestNab(db, 'ec2_cpu_utilization_5f5533');
    // A naive champion whose calibration said its errors were tiny: its intervals cover almost nothing.
    const obs = await readObservations(db, s.id, { from: s.window.from, to: s.window.from + 3 * 24 * HOUR });
    const series: SeriesData = { start: obs[0]!.t, stepMs: HOUR, values: obs.map((o) => o.value) };
    const steps = modelHorizon(6);
    const tiny = Array.from({ length: steps }, () => 0.001);
    const model = withConformal(createForecaster('naive'), { q80: tiny, q95: tiny });
    await model.fit(series, { horizon: steps, seasonPeriod: 24 });
    const artifact = await model.serialize();
    model.dispose();
    versionId = (await registerVersion(db, { ...keyOf(s.id), artifact })).id;
    await setAlias(db, keyOf(s.id), 'champion', versionId, 'test: overconfident champion');
    const residuals = Array.from({ length: steps }, () => Array.from({ length: 30 }, () => 0.001));
    await seedIntervals(createModelStore(db), versionId, s.id, { calibrationResiduals: residuals });
  });
  after(async () => db?.drop());

  it('feeding reconciled errors moves the issued intervals towards nominal coverage', async () => {
    const store = createModelStore(db);
    const shard = createForecastShardActivities({ db, championCache: new ChampionCache(10) });
    const start = s.window.from + 3 * 24 * HOUR;
    const hours = 240;
    for (let h = 0; h < hours; h++) {
      const asOf = start + h * HOUR;
      const issued = await shard.forecastShard({ seriesIds: [s.id], granularity: '1h', issuedAt: asOf });
      assert.equal(issued.forecast, 1);
      await reconcileMatured(db, { asOf, deadlineMs: 2 * HOUR });
      await updateIntervals(store, { asOf });
    }
    await reconcileMatured(db, { asOf: start + (hours + 8) * HOUR, deadlineMs: 2 * HOUR });
    const rows = (await listForecasts(db, { seriesId: s.id })).filter((r) => r.modelVersionId === versionId);
    const day = (from: number, to: number) =>
      coverage(rows.filter((r) => r.issuedAt >= start + from * HOUR && r.issuedAt < start + to * HOUR));
    const first = day(0, 2);
    const last = day(hours - 72, hours);
    // Before any error was reconciled the champion issued its seeded, far too narrow, bands.
    assert.ok(first.p95 <= 0.25 && first.n === 12, `at first: ${JSON.stringify(first)}`);
    assert.ok(last.n > 300 && last.seeded < 0.2, JSON.stringify(last));
    assert.ok(last.p95 > 0.85 && last.p95 <= 1, `95% coverage converged: ${JSON.stringify(last)}`);
    assert.ok(last.p80 > 0.65 && last.p80 < 0.95, `80% coverage converged: ${JSON.stringify(last)}`);
    const widths = (await store.readIntervalWidths(versionId))!;
    assert.ok(widths.q95.slice(1).every((q, k) => q !== null && q >= widths.q80[k + 1]!));
  });

  it('a revised actual replaces its record’s earlier error in the state instead of counting again', async () => {
    const store = createModelStore(db);
    const asOf = s.window.from + (3 * 24 + 248) * HOUR;
    await updateIntervals(store, { asOf });
    const stateOf = async () =>
      JSON.parse(
        (await store.readIntervalStates([versionId])).get(versionId)!.state,
      ) as AdaptiveConformalState;
    const before = await stateOf();
    const rows = (await listForecasts(db, { seriesId: s.id })).filter((r) => r.actual !== null);
    const target = rows.at(-1)!.targetAt;
    const revised = rows.filter((r) => r.targetAt === target);
    assert.ok(revised.length >= 1);
    await upsertObservations(db, [{ seriesId: s.id, t: target, value: revised[0]!.actual! + 50 }]);
    await reconcileMatured(db, { asOf: asOf + HOUR, deadlineMs: 2 * HOUR });
    const update = await updateIntervals(store, { asOf: asOf + HOUR });
    assert.deepEqual(update, { versions: 1, errors: revised.length }, 'only the revised records');
    const after = await stateOf();
    for (const r of revised) {
      const [was, now] = [before.steps[r.horizonStep]!, after.steps[r.horizonStep]!];
      assert.equal(now.scores.length, was.scores.length, `step ${r.horizonStep}: counted once`);
      const at = now.keys!.indexOf(target);
      assert.ok(at >= 0 && at === was.keys!.indexOf(target), 'replaced where it was');
      assert.ok(Math.abs(was.scores[at]! - r.absError!) < 1e-9, 'the earlier error was there');
      const fresh = (await listForecasts(db, { seriesId: s.id })).find(
        (f) => f.targetAt === target && f.horizonStep === r.horizonStep,
      )!;
      assert.ok(
        Math.abs(now.scores[at]! - fresh.absError!) < 1e-9 && fresh.absError! > 40,
        'the revised error',
      );
    }
  });

  it('seeds a few calibration residuals per step without a single-step spike in the served widths', async () => {
    // As production at 5 minutes, 23 residuals per step; a daily spike (1.4 over a level of 0.13)
    // missed at one step and echoed by the seasonal forecast at the next.
    const steps = modelHorizon(6);
    const residuals = Array.from({ length: steps }, (_, k) =>
      Array.from({ length: 23 }, (_, i) =>
        k === 4 && i === 0 ? 1.4 : k === 5 && i === 0 ? -1.4 : 0.01 * ((i * (k + 3)) % 7),
      ),
    );
    const store = createModelStore(db);
    const artifact = await store.loadArtifact(versionId);
    const spiky = (await registerVersion(db, { ...keyOf(s.id), artifact })).id;
    await seedIntervals(store, spiky, s.id, { calibrationResiduals: residuals });
    const widths = (await store.readIntervalWidths(spiky))!;
    assert.ok(
      widths.q95.every((q) => q !== null && q < 0.1),
      `q95 ${widths.q95.join(' ')}`,
    );
  });

  it('seeds from the evaluation backtest after the calibration: a version serves from its newest errors', async () => {
    const steps = modelHorizon(6);
    const calibrationResiduals = Array.from({ length: steps }, () =>
      Array.from({ length: 60 }, (_, i) => 0.01 * (i % 10)),
    );
    // The evaluation segment's errors are ten times the calibration's.
    const evaluationFolds = Array.from({ length: 60 }, (_, origin) => {
      const point = Array.from({ length: steps }, () => 0);
      const actual = point.map((_, k) => ((origin + k) % 2 ? 1 : -1) * 0.1 * ((origin + k) % 10));
      return {
        origin,
        point,
        actual,
        p80: { lower: point, upper: point },
        p95: { lower: point, upper: point },
      };
    });
    const store = createModelStore(db);
    const artifact = await store.loadArtifact(versionId);
    const seededOnly = (await registerVersion(db, { ...keyOf(s.id), artifact })).id;
    const lived = (await registerVersion(db, { ...keyOf(s.id), artifact })).id;
    await seedIntervals(store, seededOnly, s.id, { calibrationResiduals });
    await seedIntervals(store, lived, s.id, { calibrationResiduals, evaluationFolds });
    const [before, after] = [
      (await store.readIntervalWidths(seededOnly))!,
      (await store.readIntervalWidths(lived))!,
    ];
    const expected = adaptiveHalfWidths(replayAdaptive(evaluationFolds, calibrationResiduals).state).q95;
    assert.deepEqual(after.q95, expected);
    after.q95.forEach((q, k) => assert.ok(q > 5 * before.q95[k]!, `step ${k}: ${before.q95[k]} → ${q}`));
  });

  it('a repeated update applies nothing twice; a version without state starts from its errors', async () => {
    const store = createModelStore(db);
    const asOf = s.window.from + 243 * HOUR + 3 * 24 * HOUR;
    const before = await snapshotTable(db, 'interval_state', 'model_version_id');
    assert.deepEqual(await updateIntervals(store, { asOf: asOf - 3 * HOUR }), { versions: 0, errors: 0 });
    assert.equal(await snapshotTable(db, 'interval_state', 'model_version_id'), before);
    await db.pool.query('DELETE FROM interval_state');
    const fresh = await updateIntervals(store, { asOf: asOf - 3 * HOUR });
    assert.equal(fresh.versions, 1);
    assert.ok(fresh.errors > 6 * MIN_SCORES);
    const widths = (await store.readIntervalWidths(versionId))!;
    assert.equal(widths.q95[0], null, 'no issued record is about the step under way');
    assert.ok(widths.q95.slice(1).every((q) => q !== null && q > 0.001));
  });
});
