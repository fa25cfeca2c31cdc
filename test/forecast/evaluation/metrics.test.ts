import assert from 'node:assert/strict';
import {
  geometricMean,
  horizonMetrics,
  mae,
  mape,
  mase,
  maseScale,
  rmse,
  smape,
} from '../../../src/forecast/evaluation/metrics';

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} should equal ${expected}`);

describe('metrics', () => {
  // errors (actual − forecast): 1, 0, −1, −2
  const actual = [1, 2, 3, 4];
  const forecast = [2, 2, 2, 2];

  it('MAE, RMSE, MAPE and sMAPE match hand computation', () => {
    close(mae(actual, forecast), 1);
    close(rmse(actual, forecast), Math.sqrt(1.5));
    close(mape(actual, forecast), (100 * (1 + 0 + 1 / 3 + 1 / 2)) / 4);
    close(smape(actual, forecast), (200 / 3 + 0 + 40 + 200 / 3) / 4);
  });

  it('MAPE skips zero actuals and is NaN when all are zero', () => {
    close(mape([0, 2], [1, 1]), 50);
    assert.ok(Number.isNaN(mape([0, 0], [1, 1])));
  });

  it('sMAPE counts a 0 forecast of a 0 actual as perfect', () => {
    close(smape([0, 4], [0, 2]), (0 + 200 / 3) / 2);
  });

  it('MASE scale: seasonal-naive MAE, falling back to lag 1 when short or perfectly periodic', () => {
    assert.deepEqual(maseScale([1, 3, 2, 4, 3, 5], 2), { scale: 1, lag: 2 });
    assert.deepEqual(maseScale([1, 3, 2], 2), { scale: 1.5, lag: 1 });
    assert.deepEqual(maseScale([1, 2, 1, 2, 1, 2], 2), { scale: 1, lag: 1 });
    assert.deepEqual(maseScale([7, 7, 7, 7], 2), { scale: 0, lag: 1 });
  });

  it('MASE divides MAE by the scale; a zero scale gives 0 or Infinity', () => {
    close(mase(actual, forecast, 4), 0.25);
    assert.equal(mase([1], [1], 0), 0);
    assert.equal(mase([1], [2], 0), Infinity);
  });

  it('per-step and overall metrics', () => {
    const m = horizonMetrics(
      [
        [1, 2],
        [3, 5],
      ],
      [
        [1, 4],
        [2, 5],
      ],
      2,
    );
    close(m.perStep[0]?.mae ?? NaN, 0.5);
    close(m.perStep[1]?.mae ?? NaN, 1);
    close(m.perStep[1]?.mase ?? NaN, 0.5);
    close(m.overall.mae, 0.75);
    close(m.overall.rmse, Math.sqrt(5 / 4));
    assert.equal(m.overall.count, 4);
  });

  it('geometric mean skips zeros and non-finite values', () => {
    close(geometricMean([1, 4]), 2);
    close(geometricMean([1, 4, 0, Infinity, NaN]), 2);
    assert.ok(Number.isNaN(geometricMean([])));
  });
});
