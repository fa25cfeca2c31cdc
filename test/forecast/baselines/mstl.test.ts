import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MstlForecaster,
  etsFilter,
  etsMean,
  loadBaseline,
  reestimateEts,
  stl,
  type ModelArtifact,
  type SeriesData,
  type StoredMstl,
} from '../../../src/forecast';
import { seasonalSeries } from '../evaluation/synthetic';

const seasonal = seasonalSeries(240, { seed: 7, slope: 0.05 });
const head = (series: SeriesData, n: number): SeriesData => ({
  ...series,
  values: series.values.slice(0, n),
});
const roundTrip = (artifact: ModelArtifact): ModelArtifact =>
  JSON.parse(JSON.stringify(artifact)) as ModelArtifact;

async function fitted(series: SeriesData, hyperparameters = {}, seasonPeriod = 24): Promise<MstlForecaster> {
  const model = new MstlForecaster();
  await model.fit(series, { horizon: 6, seasonPeriod, hyperparameters });
  return model;
}

describe('MSTL', () => {
  it("STL decomposes as statsmodels' STL does (no robustness, jumps of 1)", () => {
    const reference = JSON.parse(readFileSync(join(__dirname, 'stl-statsmodels.json'), 'utf8')) as {
      period: number;
      y: number[];
      seasonal: number[];
      trend: number[];
    };
    const ours = stl(reference.y, reference.period);
    ours.seasonal.forEach((v, t) =>
      assert.ok(Math.abs(v - (reference.seasonal[t] ?? NaN)) < 1e-7, `seasonal ${t}`),
    );
    ours.trend.forEach((v, t) => assert.ok(Math.abs(v - (reference.trend[t] ?? NaN)) < 1e-7, `trend ${t}`));
  });

  it('update filter: forecasts a later history by the stored filter over the new points less the stored season', async () => {
    const model = await fitted(head(seasonal, 200), { update: 'filter' });
    const artifact = roundTrip(await model.serialize());
    assert.equal(artifact.metadata.hyperparameters['engine'], 'own');
    const { mstl } = artifact.state as { mstl: StoredMstl };
    assert.equal(mstl.profile.length, 24);
    const loaded = await loadBaseline(artifact);
    const point = (await loaded.predict({ history: head(seasonal, 230) })).point;
    // Expected: ETS state at the fit's end, filtered over points 200..229 less their season (phase (t − 199) mod 24).
    const season = (t: number): number => mstl.profile[(((t - 199 + 23) % 24) + 24) % 24] ?? NaN;
    const { spec, parameters, final } = mstl.ets.fit;
    const adjusted = seasonal.values.slice(200, 230).map((v, i) => v - season(200 + i));
    const state = etsFilter(spec, parameters, final, adjusted).state;
    const expected = etsMean(spec, parameters, state, 6).map((v, k) => v + season(230 + k));
    point.forEach((p, k) => assert.ok(Math.abs(p - (expected[k] ?? NaN)) < 1e-9, `step ${k + 1}: ${p}`));
    const truth = seasonal.values.slice(230, 236);
    const mae = point.reduce((s, p, k) => s + Math.abs(p - (truth[k] ?? 0)), 0) / 6;
    assert.ok(mae < 2, `forecast MAE ${mae}`);
  });

  it('update reestimate (default): re-estimates the stored ETS member on the window less the stored season', async () => {
    const model = await fitted(head(seasonal, 200));
    const artifact = roundTrip(await model.serialize());
    assert.equal(artifact.metadata.hyperparameters['update'], 'reestimate');
    const { mstl } = artifact.state as { mstl: StoredMstl };
    const point = (await (await loadBaseline(artifact)).predict({ history: head(seasonal, 230) })).point;
    const season = (t: number): number => mstl.profile[(((t - 199 + 23) % 24) + 24) % 24] ?? NaN;
    const adjusted = seasonal.values.slice(230 - 96, 230).map((v, i) => v - season(230 - 96 + i));
    const expected = reestimateEts(adjusted, mstl.ets.fit.spec, 6).map((v, k) => v + season(230 + k));
    point.forEach((p, k) => assert.ok(Math.abs(p - (expected[k] ?? NaN)) < 1e-9, `step ${k + 1}: ${p}`));
  });

  it('update filter: refits on a level shift among the new observations', async () => {
    const model = await fitted(head(seasonal, 200), { update: 'filter' });
    await model.predict({ history: head(seasonal, 220) });
    assert.equal(model.guardRefits, 0);
    const shifted = { ...seasonal, values: seasonal.values.map((v, t) => (t >= 212 ? v + 30 : v)) };
    const point = (await model.predict({ history: head(shifted, 220) })).point;
    assert.equal(model.guardRefits, 1);
    assert.ok((point[0] ?? 0) > 70, `refitted forecast ${point[0]} follows the shift`);
  });

  it('engine augurs trains the old path, and versions stored before the engine choice keep it', async () => {
    const fine = {
      start: 0,
      stepMs: 300_000,
      values: Array.from({ length: 600 }, (_, t) => 10 + Math.sin(t / 20) + (t % 7)),
    };
    assert.equal((await (await fitted(fine, {}, 288)).serialize()).metadata.hyperparameters['engine'], 'own');
    const model = await fitted(fine, { engine: 'augurs' }, 288);
    const artifact = await model.serialize();
    assert.equal(artifact.metadata.hyperparameters['engine'], 'augurs');
    assert.equal((artifact.state as { fitting: string }).fitting, 'refit-on-predict');
    const legacy: ModelArtifact = {
      metadata: { ...artifact.metadata, hyperparameters: { window: 1152 } },
      state: { fitting: 'refit-on-predict', seed: 0 },
    };
    const loaded = await loadBaseline(legacy);
    assert.deepEqual(
      (await loaded.predict({ history: fine })).point,
      (await model.predict({ history: fine })).point,
    );
  });
});
