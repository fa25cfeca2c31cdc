import assert from 'node:assert/strict';
import { createForecastShardActivities } from '../../src/activities/forecast-shard';
import { createTrainingActivities } from '../../src/activities/training';
import { getAlias, getRun } from '../../src/db';
import { NaiveForecaster, ProphetForecaster } from '../../src/forecast';
import { ChampionCache } from '../../src/modelling';
import { createTestDb, type TestDb } from '../support/test-db';
import { ingestNab, keyOf, registerChampion, type SeededSeries } from '../workflows/retrain-fixtures';

/** The error class a WebAssembly trap throws (`RuntimeError: unreachable`). */
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } })
  .WebAssembly;

/** Makes `method` of `proto` throw what Prophet's wasm optimizer throws, until the returned undo runs. */
function trapping(proto: object, method: string): () => void {
  const target = proto as Record<string, unknown>;
  const own = Object.prototype.hasOwnProperty.call(target, method);
  const before = target[method];
  target[method] = () => Promise.reject(new RuntimeError('unreachable'));
  return () => {
    if (own) target[method] = before;
    else delete target[method];
  };
}

describe('activities: a crashing model is a failed candidate, never a failed retrain or cycle', function () {
  this.timeout(300_000);
  let db: TestDb;
  let s: SeededSeries;

  before(async () => {
    db = await createTestDb('failmodel');
    s = await ingestNab(db, 'ec2_cpu_utilization_5f5533');
  });
  after(async () => db?.drop());

  it('records a Prophet wasm trap as a failed run with its reason and trains the other kinds', async () => {
    const undo = trapping(ProphetForecaster.prototype, 'fitModel');
    try {
      const summary = await createTrainingActivities({ db }).trainSeries({
        seriesId: s.id,
        granularity: '1h',
        window: s.window,
        kinds: ['prophet', 'naive'],
        runIdPrefix: 'retrain/trap/1',
        promote: 'champion-if-better',
      });
      assert.deepEqual(summary.failed, [
        { kind: 'prophet', error: 'prophet fit failed: RuntimeError: unreachable' },
      ]);
      assert.equal(summary.selected.kind, 'naive');
      assert.equal(summary.champion.promoted, true);
      const run = await getRun(db, 'retrain/trap/1/prophet');
      assert.deepEqual(
        [run?.status, run?.error, run?.modelVersionId],
        ['failed', 'prophet fit failed: RuntimeError: unreachable', null],
      );
      assert.equal((await getRun(db, 'retrain/trap/1/naive'))?.status, 'succeeded');
    } finally {
      undo();
    }
  });

  it('counts a champion that traps at predict as a failed series; the shard completes', async () => {
    await registerChampion(db, s, 'naive');
    const champion = (await getAlias(db, keyOf(s.id), 'champion'))!;
    const issuedAt = s.window.to;
    const shard = createForecastShardActivities({ db, championCache: new ChampionCache(0) });
    const undo = trapping(NaiveForecaster.prototype, 'predict');
    let trapped;
    try {
      trapped = await shard.forecastShard({ seriesIds: [s.id], granularity: '1h', issuedAt });
    } finally {
      undo();
    }
    assert.deepEqual([trapped.series, trapped.forecast, trapped.failed, trapped.rows], [1, 0, 1, 0]);
    assert.deepEqual(trapped.failures, [
      { seriesId: s.id, error: 'naive predict failed: RuntimeError: unreachable' },
    ]);
    // Once the model behaves, the same series forecasts again with the same champion.
    const healthy = await shard.forecastShard({ seriesIds: [s.id], granularity: '1h', issuedAt });
    assert.deepEqual([healthy.forecast, healthy.failed, healthy.rows], [1, 0, 6]);
    assert.equal(champion.kind, 'naive');
  });
});
