import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  GlobalForecaster,
  createForecaster,
  loadForecaster,
  syntheticSeries,
  type SeriesData,
} from '../../../src/forecast';
import { seasonalSeries } from '../evaluation/synthetic';

const HOUR = 3_600_000;
const small = { horizon: 6, seasonPeriod: 24, epochs: 3, maxSamples: 3000, seed: 7 };

describe('global model', function () {
  this.timeout(120_000);
  let model: GlobalForecaster;
  const train = syntheticSeries({ count: 8, length: 24 * 14, stepMs: HOUR, seed: 1 });

  before(async () => {
    model = await GlobalForecaster.train(train, small);
  });
  after(() => model.dispose());

  it('makes the same synthetic series from the same seed', () => {
    const again = syntheticSeries({ count: 8, length: 24 * 14, stepMs: HOUR, seed: 1 });
    assert.deepEqual(again, train);
    assert.notDeepEqual(syntheticSeries({ count: 8, length: 24 * 14, stepMs: HOUR, seed: 2 })[0], train[0]);
  });

  it('forecasts many series in one batch, with ordered quantile intervals', async () => {
    const inputs = Array.from({ length: 50 }, (_, i) => ({
      history: seasonalSeries(48 + i, { seed: i, level: 10 * (i + 1) }),
    }));
    const forecasts = await model.predictBatch(inputs);
    assert.equal(forecasts.length, 50);
    forecasts.forEach((f, i) => {
      assert.equal(f.point.length, 6);
      const last = inputs[i]?.history.values.at(-1) as number;
      // Per-window normalisation: forecasts live at each series' own level.
      assert.ok(
        Math.abs((f.point[0] as number) - last) < 0.5 * (10 * (i + 1)),
        `series ${i}: ${f.point[0]} vs ${last}`,
      );
      f.point.forEach((p, k) => {
        assert.ok((f.intervals.p95.lower[k] as number) <= (f.intervals.p80.lower[k] as number));
        assert.ok((f.intervals.p80.lower[k] as number) <= p && p <= (f.intervals.p80.upper[k] as number));
        assert.ok((f.intervals.p80.upper[k] as number) <= (f.intervals.p95.upper[k] as number));
      });
    });
  });

  it('forecasts a new series from one day of history (cold start), and from less', async () => {
    const day: SeriesData = { start: Date.UTC(2024, 0, 1), stepMs: HOUR, values: seasonalSeries(24).values };
    const f = await model.predict({ history: day });
    assert.equal(f.point.length, 6);
    assert.ok(f.point.every(Number.isFinite));
    assert.equal(f.times[0], day.start + 24 * HOUR);
    const hours = await model.predict({ history: { ...day, values: day.values.slice(0, 3) } });
    assert.ok(hours.point.every(Number.isFinite));
  });

  it('warm-starts from a previous version: same weights before the update, different after', async () => {
    const updated = await GlobalForecaster.train([seasonalSeries(24 * 10, { seed: 5 })], {
      ...small,
      epochs: 1,
      warmStart: model,
    });
    try {
      assert.equal(updated.metadata?.hyperparameters['warmStart'], true);
      const a = (await model.serialize()).weights as Uint8Array;
      const b = (await updated.serialize()).weights as Uint8Array;
      assert.equal(a.length, b.length);
      assert.notDeepEqual(a, b);
    } finally {
      updated.dispose();
    }
  });

  it('round-trips through serialize and loadForecaster, and refuses a different step', async () => {
    const artifact = await model.serialize();
    assert.equal(artifact.metadata.kind, 'global');
    const loaded = await loadForecaster(artifact);
    try {
      const history = seasonalSeries(72, { seed: 3 });
      assert.deepEqual((await loaded.predict({ history })).point, (await model.predict({ history })).point);
      await assert.rejects(
        loaded.predict({ history: { ...history, stepMs: 300_000 } }),
        /input\.history\.stepMs must equal the model's step 3600000, got 300000/,
      );
    } finally {
      loaded.dispose();
    }
  });

  it('fits on one series through the catalogue and leaks no tensors across predictions', async () => {
    const single = createForecaster('global');
    try {
      await single.fit(seasonalSeries(24 * 6, { seed: 8 }), {
        horizon: 6,
        seasonPeriod: 24,
        hyperparameters: { epochs: 1 },
      });
      const history = seasonalSeries(48, { seed: 2 });
      await single.predict({ history });
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) await single.predictBatch([{ history }, { history }]);
      assert.equal(tf.memory().numTensors, before);
    } finally {
      single.dispose();
    }
  });
});
