import assert from 'node:assert/strict';
import {
  BASELINE_KINDS,
  ForecastInputError,
  backtest,
  createBaseline,
  loadBaseline,
  type BaselineKind,
  type SeriesData,
} from '../../../src/forecast';
import { seasonalSeries } from '../evaluation/synthetic';

/** Hourly daily-seasonal series: 10 days, amplitude 10, noise σ = 1 (seasonal-naive MAE ≈ 1.13). */
const seasonal = seasonalSeries(240, { seed: 7 });
/** Level + drift + noise: what the non-seasonal ETS is built for. */
const trending = seasonalSeries(240, { amplitude: 0, slope: 0.2, seed: 11 });

async function backtestMase(kind: BaselineKind, series: SeriesData): Promise<number> {
  const result = await backtest(() => createBaseline(kind), series, {
    horizon: 6,
    seasonPeriod: 24,
    originStep: 6,
    refitEvery: kind === 'prophet' || kind === 'arima' || kind === 'sarima' ? Infinity : 1,
    seed: 1,
  });
  return result.metrics.overall.mase;
}

describe('baselines', () => {
  describe('learn a synthetic series to a stated accuracy (rolling-origin MASE on the last 20%)', () => {
    // MASE here is scaled by the in-sample seasonal-naive MAE, so seasonal naive itself lands near 1.
    const cases: [BaselineKind, SeriesData, number][] = [
      ['seasonal-naive', seasonal, 1.2],
      ['mstl', seasonal, 0.85],
      ['prophet', seasonal, 0.85],
      ['arima', seasonal, 0.95],
      ['sarima', seasonal, 0.95],
      ['ets', trending, 0.35],
      ['naive', trending, 0.4],
    ];
    for (const [kind, series, bound] of cases) {
      it(`${kind} reaches MASE < ${bound}`, async () => {
        const mase = await backtestMase(kind, series);
        assert.ok(mase < bound, `${kind} MASE ${mase.toFixed(3)} should be below ${bound}`);
      });
    }

    it('naive repeats the last value and seasonal naive the last season', async () => {
      const history = { start: 0, stepMs: 1000, values: [1, 2, 3, 4, 5, 6, 7, 8] };
      const naive = createBaseline('naive');
      await naive.fit(history, { horizon: 3, seasonPeriod: 4 });
      assert.deepEqual((await naive.predict({ history })).point, [8, 8, 8]);
      const seasonalNaive = createBaseline('seasonal-naive');
      await seasonalNaive.fit(history, { horizon: 6, seasonPeriod: 4 });
      const forecast = await seasonalNaive.predict({ history });
      assert.deepEqual(forecast.point, [5, 6, 7, 8, 5, 6]);
      assert.deepEqual(forecast.times, [8000, 9000, 10000, 11000, 12000, 13000]);
    });
  });

  describe('serialize → load', () => {
    for (const kind of BASELINE_KINDS) {
      it(`${kind} predicts exactly the same numbers after a JSON round trip`, async () => {
        const model = createBaseline(kind);
        await model.fit(seasonal, { horizon: 6, seasonPeriod: 24, seed: 3 });
        const later: SeriesData = { ...seasonal, values: seasonal.values.slice(0, 230) };
        const before = await model.predict({ history: later });
        const artifact = JSON.parse(JSON.stringify(await model.serialize())) as Awaited<
          ReturnType<typeof model.serialize>
        >;
        const loaded = await loadBaseline(artifact);
        assert.deepEqual(await loaded.predict({ history: later }), before);
        assert.equal(artifact.metadata.kind, kind);
        assert.ok(
          ['stateless', 'refit-on-predict', 'refit-on-load', 'stored-parameters'].includes(
            (artifact.state as { fitting: string }).fitting,
          ),
        );
        model.dispose();
        loaded.dispose();
      });
    }
  });

  describe('bad input', () => {
    const options = { horizon: 6, seasonPeriod: 24 };
    for (const kind of BASELINE_KINDS) {
      it(`${kind} rejects NaN, a too-short history and horizon 0 with ForecastInputError`, async () => {
        const withNaN = { ...seasonal, values: seasonal.values.map((v, i) => (i === 17 ? NaN : v)) };
        await assert.rejects(createBaseline(kind).fit(withNaN, options), (e: Error) => {
          assert.ok(e instanceof ForecastInputError);
          assert.match(e.message, /history\.values\[17\] must be a finite number, got NaN/);
          return true;
        });
        // Kinds that forecast from one point (the last value, the recent median) refuse only an empty history.
        const fromOnePoint = kind === 'naive' || kind === 'recent-median' || kind === 'recent-median-long';
        const short = { ...seasonal, values: seasonal.values.slice(0, fromOnePoint ? 0 : 9) };
        await assert.rejects(createBaseline(kind).fit(short, options), ForecastInputError);
        await assert.rejects(
          createBaseline(kind).fit(seasonal, { ...options, horizon: 0 }),
          ForecastInputError,
        );
      });

      it(`${kind} falls back to the naive forecast on a constant series`, async () => {
        const constant = { ...seasonal, values: seasonal.values.map(() => 4.5) };
        const model = createBaseline(kind);
        await model.fit(constant, options);
        const forecast = await model.predict({ history: constant });
        assert.deepEqual(forecast.point, [4.5, 4.5, 4.5, 4.5, 4.5, 4.5]);
        assert.deepEqual((await model.serialize()).metadata.fallback, {
          kind: 'naive',
          reason: 'constant series',
        });
      });
    }

    it('refuses to predict before fit, and a history on another step', async () => {
      await assert.rejects(createBaseline('ets').predict({ history: seasonal }), /used before fit/);
      const model = createBaseline('naive');
      await model.fit(seasonal, { horizon: 2 });
      await assert.rejects(model.predict({ history: { ...seasonal, stepMs: 60_000 } }), ForecastInputError);
    });
  });
});
