import assert from 'node:assert/strict';
import {
  EtsForecaster,
  SHIFT_RUN,
  etsFilter,
  etsMean,
  etsSkip,
  loadBaseline,
  type ModelArtifact,
  type SeriesData,
  type StoredEts,
} from '../../../src/forecast';
import { seasonalSeries } from '../evaluation/synthetic';

/** Level + drift + noise, hourly. */
const trending = seasonalSeries(240, { amplitude: 0, slope: 0.2, seed: 11 });
const head = (series: SeriesData, n: number): SeriesData => ({
  ...series,
  values: series.values.slice(0, n),
});
const roundTrip = (artifact: ModelArtifact): ModelArtifact =>
  JSON.parse(JSON.stringify(artifact)) as ModelArtifact;

async function fitted(series: SeriesData, hyperparameters = {}): Promise<EtsForecaster> {
  const model = new EtsForecaster();
  await model.fit(series, { horizon: 6, seasonPeriod: 24, hyperparameters });
  return model;
}

describe('ETS forecaster', () => {
  it('stores its fit and forecasts a later history by running the stored filter forward', async () => {
    const model = await fitted(head(trending, 200), { window: 72 });
    const artifact = roundTrip(await model.serialize());
    const state = artifact.state as { fitting: string; ets: StoredEts };
    assert.equal(state.fitting, 'stored-parameters');
    assert.equal(artifact.metadata.hyperparameters['engine'], 'own');
    const loaded = await loadBaseline(artifact);
    const later = head(trending, 230);
    // The same as one filter with the stored parameters over the fitting window and everything after it.
    const { spec, parameters, initial } = state.ets.fit;
    const window = 72;
    const whole = etsFilter(spec, parameters, initial, trending.values.slice(200 - window, 230));
    const expected = etsMean(spec, parameters, whole.state, 6);
    const point = (await loaded.predict({ history: later })).point;
    point.forEach((p, k) => assert.ok(Math.abs(p - (expected[k] ?? NaN)) < 1e-9, `step ${k + 1}: ${p}`));
    assert.deepEqual((await model.predict({ history: later })).point, point);
  });

  it('carries the state over steps the history no longer holds', async () => {
    const model = await fitted(head(trending, 100), { window: 72 });
    const { ets } = (await model.serialize()).state as { ets: StoredEts };
    const { spec, parameters, initial } = ets.fit;
    const whole = etsFilter(spec, parameters, initial, trending.values.slice(100 - 72, 100));
    // 140 new points, the forecast reads only the newest 72: the 68 before them count as missing.
    const skipped = etsSkip(spec, parameters, whole.state, 68);
    const expected = etsMean(
      spec,
      parameters,
      etsFilter(spec, parameters, skipped, trending.values.slice(-72)).state,
      6,
    );
    const point = (await model.predict({ history: trending })).point;
    point.forEach((p, k) => assert.ok(Math.abs(p - (expected[k] ?? NaN)) < 1e-9, `step ${k + 1}: ${p}`));
    assert.equal(model.guardRefits, 0);
  });

  it('refits when the new observations show a level shift, and only then', async () => {
    const model = await fitted(head(trending, 200));
    const calm = await model.predict({ history: head(trending, 220) });
    assert.equal(model.guardRefits, 0);
    const shifted = { ...trending, values: trending.values.map((v, t) => (t >= 215 ? v + 40 : v)) };
    const after = await model.predict({ history: head(shifted, 215 + SHIFT_RUN + 2) });
    assert.equal(model.guardRefits, 1);
    assert.ok(
      (after.point[0] ?? 0) > (calm.point[0] ?? 0) + 20,
      `refitted forecast ${after.point[0]} follows the shift`,
    );
  });

  it('engine augurs trains the old path on purpose', async () => {
    const model = await fitted(head(trending, 200), { engine: 'augurs' });
    const artifact = await model.serialize();
    assert.equal((artifact.state as { fitting: string }).fitting, 'refit-on-predict');
    assert.equal((artifact.state as { ets?: unknown }).ets, undefined);
    assert.ok(artifact.metadata.environment['augurs'] !== undefined);
  });

  it('loads a version stored before the engine choice and keeps its augurs path', async () => {
    const legacy: ModelArtifact = {
      metadata: {
        formatVersion: 1,
        kind: 'ets',
        horizon: 6,
        stepMs: trending.stepMs,
        seasonPeriod: 24,
        window: 72,
        covariateNames: [],
        hyperparameters: { window: 72, spec: 'ZZN' },
        environment: { augurs: '0.10.2' },
        trainedAt: 0,
      },
      state: { fitting: 'refit-on-predict', seed: 0 },
    };
    const loaded = await loadBaseline(legacy);
    const augurs = await fitted(head(trending, 200), { engine: 'augurs', window: 72 });
    const history = head(trending, 220);
    assert.deepEqual((await loaded.predict({ history })).point, (await augurs.predict({ history })).point);
    assert.equal(((await loaded.serialize()).state as { fitting: string }).fitting, 'refit-on-predict');
  });
});
