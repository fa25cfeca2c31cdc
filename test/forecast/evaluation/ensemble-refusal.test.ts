import assert from 'node:assert/strict';
import {
  createBaseline,
  EnsembleForecaster,
  EnsembleMethod,
  ForecastInputError,
  type Forecaster,
  type SeriesData,
} from '../../../src/forecast';
import { seasonalSeries } from './synthetic';

const options = { horizon: 6, seasonPeriod: 24 };
const history = seasonalSeries(240, { seed: 11 });
/** What is left after an outage: ten hours, less than seasonal naive's one season. */
const short: SeriesData = {
  ...history,
  start: history.start + 230 * history.stepMs,
  values: history.values.slice(230),
};

async function fitted(kind: 'naive' | 'seasonal-naive'): Promise<Forecaster> {
  const model = createBaseline(kind);
  await model.fit(history, options);
  return model;
}

describe('forecast/ensemble: a member that refuses a short history sits the forecast out', () => {
  it('combines the others, weights renormalised, in predict and predictBatch alike', async () => {
    const naive = await fitted('naive');
    const seasonal = await fitted('seasonal-naive');
    await assert.rejects(seasonal.predict({ history: short }), ForecastInputError);
    const alone = await naive.predict({ history: short });
    for (const method of [EnsembleMethod.inverseError, EnsembleMethod.median]) {
      const ensemble = new EnsembleForecaster([naive, seasonal], { method, weights: [0.3, 0.7] });
      const one = await ensemble.predict({ history: short });
      assert.deepEqual(one.point, alone.point, method);
      assert.deepEqual(one.intervals, alone.intervals, method);
      const [full, cut] = await ensemble.predictBatch([{ history }, { history: short }]);
      assert.deepEqual(cut, one, method);
      assert.deepEqual(full, await ensemble.predict({ history }), method);
    }
  });

  it('refuses when every member refuses', async () => {
    const ensemble = new EnsembleForecaster(
      [await fitted('seasonal-naive'), await fitted('seasonal-naive')],
      {
        method: EnsembleMethod.median,
        weights: [0.5, 0.5],
      },
    );
    await assert.rejects(ensemble.predict({ history: short }), ForecastInputError);
    await assert.rejects(ensemble.predictBatch([{ history }, { history: short }]), ForecastInputError);
  });
});
