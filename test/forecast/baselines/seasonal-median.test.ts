import assert from 'node:assert/strict';
import { createBaseline, loadBaseline, seasonalMedian } from '../../../src/forecast';

describe('seasonal median', () => {
  it('forecasts each phase as the median of the same phase over the whole seasons read', () => {
    // Three seasons of 4; the middle one has a spike at phase 1 that seasonal naive would repeat.
    const values = [1, 2, 3, 4, 1, 90, 3, 4, 1, 2, 3, 5];
    assert.deepEqual(seasonalMedian(values, 4, 6), [1, 2, 3, 4, 1, 2]);
    // Two seasons: the mean of the middle two; a NaN is left out; no whole season gives NaN.
    assert.deepEqual(seasonalMedian([2, 4, 6, 8], 2, 2), [4, 6]);
    assert.deepEqual(seasonalMedian([1, NaN, 3, 4, 5, 6], 2, 2), [3, 5]);
    assert.ok(Number.isNaN(seasonalMedian([1], 2, 1)[0]));
  });

  it('reads seven seasons by default and survives serialization', async () => {
    // Ten seasons: the first five 50 higher (the median of all ten would follow them), a spike in the last.
    const values = Array.from(
      { length: 10 * 4 },
      (_, i) => (i % 4) + (i < 20 ? 50 : 0) + (i === 38 ? 100 : 0),
    );
    const history = { start: 0, stepMs: 1000, values };
    const model = createBaseline('seasonal-median');
    await model.fit(history, { horizon: 4, seasonPeriod: 4 });
    const forecast = await model.predict({ history });
    assert.deepEqual(forecast.point, [0, 1, 2, 3]);
    const loaded = await loadBaseline(await model.serialize());
    assert.deepEqual((await loaded.predict({ history })).point, forecast.point);
  });
});
