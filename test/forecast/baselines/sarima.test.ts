import assert from 'node:assert/strict';
import {
  SarimaForecaster,
  autoSarima,
  backtest,
  createBaseline,
  fitSarima,
  forecastSarima,
  ndiffs,
  nsdiffs,
} from '../../../src/forecast';
import { minRootModulus } from '../../../src/forecast/baselines/sarima-model';
import { HOUR_MS, gaussian, seasonalSeries } from '../evaluation/synthetic';

/** AR(1) around 10 with φ = 0.7 and unit noise. */
function ar1(length: number, seed: number): number[] {
  const z = gaussian(seed);
  const out = [10];
  for (let t = 1; t < length; t++) out.push(10 + 0.7 * ((out[t - 1] as number) - 10) + z());
  return out;
}

/** A random walk whose daily shape repeats: y_t = y_{t−24} + N(0,1), the seasonal random walk. */
function seasonalWalk(length: number, seed: number): number[] {
  const z = gaussian(seed);
  const out = Array.from({ length: 24 }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 24));
  for (let t = 24; t < length; t++) out.push((out[t - 24] as number) + z());
  return out;
}

describe('seasonal AutoARIMA', () => {
  it('finds the roots of known polynomials', () => {
    assert.ok(Math.abs(minRootModulus([0.5]) - 2) < 1e-9);
    // 1 − 1.281z + 0.369z²: numpy's polyroots gives 1.18543 as the smaller modulus.
    assert.ok(Math.abs(minRootModulus([1.281, -0.369]) - 1.18543) < 1e-4);
    assert.ok(Math.abs(minRootModulus([0, 0.25]) - 2) < 1e-9);
    assert.equal(minRootModulus([]), Infinity);
  });

  it('differences a random walk once and white noise not at all (KPSS at 5%)', () => {
    const z = gaussian(5);
    const noise = Array.from({ length: 300 }, () => z());
    let level = 0;
    const walk = noise.map((v) => (level += v));
    assert.equal(ndiffs(noise, 2), 0);
    assert.equal(ndiffs(walk, 2), 1);
  });

  it('takes the seasonal difference only where the daily shape dominates', () => {
    assert.equal(nsdiffs(seasonalSeries(24 * 10, { noise: 0.5, seed: 2 }).values, 24), 1);
    assert.equal(nsdiffs(ar1(240, 3), 24), 0);
  });

  it('recovers an AR(1) coefficient by conditional least squares', () => {
    const y = ar1(600, 7);
    const fit = fitSarima(y, { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 24, constant: true }, 1);
    assert.ok(fit !== undefined);
    assert.ok(Math.abs((fit.ar[0] ?? NaN) - 0.7) < 0.08, `φ ${fit.ar[0]}`);
    assert.ok(Math.abs(fit.mean - 10) < 0.5, `mean ${fit.mean}`);
    assert.ok(Math.abs(fit.sigma2 - 1) < 0.2, `σ² ${fit.sigma2}`);
  });

  it('chooses a low-order stationary model for an AR(1) and forecasts its decay to the mean', () => {
    const y = ar1(400, 11);
    const fit = autoSarima(y, 24);
    assert.ok(fit !== undefined);
    assert.equal(fit.order.d + fit.order.D, 0, JSON.stringify(fit.order));
    assert.ok(fit.order.p + fit.order.q <= 3, JSON.stringify(fit.order));
    const far = forecastSarima(y, fit, 48).at(-1) as number;
    assert.ok(Math.abs(far - 10) < 0.6, `48 steps ahead ${far}`);
  });

  it('beats seasonal naive on a seasonal random walk with noise (the model it nests)', async () => {
    const z = gaussian(21);
    const values = seasonalWalk(24 * 14, 13).map((v) => v + z());
    const series = { start: Date.UTC(2024, 0, 1), stepMs: HOUR_MS, values };
    const options = { horizon: 6, seasonPeriod: 24, originStep: 6, refitEvery: 4, seed: 1 };
    const sarima = await backtest(() => createBaseline('sarima'), series, options);
    const seasonalNaive = await backtest(() => createBaseline('seasonal-naive'), series, options);
    const ratio = sarima.metrics.overall.mase / seasonalNaive.metrics.overall.mase;
    assert.ok(ratio < 0.97, `sarima ÷ seasonal naive ${ratio.toFixed(3)}`);
  });

  it('stores its orders and coefficients and moves them forward onto a longer history', async () => {
    const series = seasonalSeries(24 * 8, { noise: 1, seed: 4 });
    const model = createBaseline('sarima');
    await model.fit(series, { horizon: 6, seasonPeriod: 24 });
    assert.ok(model instanceof SarimaForecaster);
    const fitted = model.fitted;
    assert.ok(fitted !== undefined);
    const longer = { ...series, values: [...series.values, 52, 55, 57] };
    const forecast = await model.predict({ history: longer });
    assert.deepEqual(forecast.point, forecastSarima(longer.values.slice(-168), fitted, 6));
  });
});
