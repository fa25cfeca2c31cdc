import assert from 'node:assert/strict';
import { createBaseline, loadBaseline, recentMedian } from '../../../src/forecast';

describe('recent median', () => {
  it('is the median of the finite values, NaN when there is none', () => {
    assert.equal(recentMedian([1, 90, 2, 3, 2]), 2);
    assert.equal(recentMedian([1, NaN, 3]), 2);
    assert.ok(Number.isNaN(recentMedian([NaN])));
  });

  it('reads the last hour (twin: two hours) at 5-minute steps and forecasts it flat, through serialization', async () => {
    // Two hours at 5 minutes: the first at 50, the second at 10 with one spike that naive would repeat.
    const values = [...Array<number>(12).fill(50), ...Array<number>(11).fill(10), 400];
    const history = { start: 0, stepMs: 300_000, values };
    const short = createBaseline('recent-median');
    await short.fit(history, { horizon: 3, seasonPeriod: 288 });
    assert.deepEqual((await short.predict({ history })).point, [10, 10, 10]);
    const long = createBaseline('recent-median-long');
    await long.fit(history, { horizon: 3, seasonPeriod: 288 });
    // Two hours: 13 of the 24 points are 50 or more, so the level is still the first hour's.
    assert.deepEqual((await long.predict({ history })).point, [50, 50, 50]);
    for (const model of [short, long]) {
      const stored = await model.serialize();
      const loaded = await loadBaseline(stored);
      assert.equal(loaded.kind, model.kind);
      assert.deepEqual((await loaded.predict({ history })).point, (await model.predict({ history })).point);
    }
  });

  it('reads at least three points (six for the twin) at hourly steps', async () => {
    const history = { start: 0, stepMs: 3_600_000, values: [5, 5, 5, 5, 7, 1, 100] };
    const short = createBaseline('recent-median');
    await short.fit(history, { horizon: 2, seasonPeriod: 24 });
    assert.deepEqual((await short.predict({ history })).point, [7, 7]);
    const long = createBaseline('recent-median-long');
    await long.fit(history, { horizon: 2, seasonPeriod: 24 });
    assert.deepEqual((await long.predict({ history })).point, [5, 5]);
  });
});
