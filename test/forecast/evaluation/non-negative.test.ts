import assert from 'node:assert/strict';
import { backtest, floorWhenNonNegative, type Forecast, type SeriesData } from '../../../src/forecast';
import { RecordingForecaster, newSeen } from './fakes';

const HOUR_MS = 3_600_000;
const series = (values: number[]): SeriesData => ({ start: 0, stepMs: HOUR_MS, values });
const band = (lower: number[], upper: number[]) => ({ lower, upper });
const forecast: Forecast = {
  times: [1, 2, 3],
  point: [-1.4, 0.5, 2],
  intervals: { p80: band([-3, -1, 1], [0.2, 2, 3]), p95: band([-28, -3, 0.5], [-0.5, 4, 3.5]) },
};

describe('forecasts floored at zero for series that never go negative', () => {
  it('floors the point and every bound when the history holds no negative value', () => {
    const floored = floorWhenNonNegative(forecast, series([2.3, 0, 2.4]));
    assert.deepEqual(floored.point, [0, 0.5, 2]);
    assert.deepEqual(floored.intervals.p80, band([0, 0, 1], [0.2, 2, 3]));
    assert.deepEqual(floored.intervals.p95, band([0, 0, 0.5], [0, 4, 3.5]));
    assert.deepEqual(floored.times, forecast.times);
  });

  it('leaves a series that has gone negative alone (a temperature, a signed delta)', () => {
    assert.equal(floorWhenNonNegative(forecast, series([2.3, -0.1, 2.4])), forecast);
  });

  it('never makes an error larger nor loses an actual at or above zero from a band', () => {
    const floored = floorWhenNonNegative(forecast, series([1, 2]));
    for (const actual of [0, 0.1, 0.5, 1, 3, 10])
      forecast.point.forEach((p, k) => {
        const f = floored.point[k] as number;
        assert.ok(Math.abs(f - actual) <= Math.abs(p - actual));
        for (const level of ['p80', 'p95'] as const) {
          const inside = (i: { lower: readonly number[]; upper: readonly number[] }) =>
            (i.lower[k] as number) <= actual && actual <= (i.upper[k] as number);
          if (inside(forecast.intervals[level])) assert.ok(inside(floored.intervals[level]));
        }
      });
  });

  it('applies in backtests, so calibration and scores see what production issues', async () => {
    // Naive with ±2 bands on a series between 1 and 3: unfloored, its lower bounds reach −1.
    const values = Array.from({ length: 50 }, (_, i) => 1 + (i % 3));
    const result = await backtest(() => new RecordingForecaster(newSeen(0), { width: 2 }), series(values), {
      horizon: 2,
      seasonPeriod: 1,
    });
    for (const fold of result.folds) {
      assert.ok(fold.point.every((p) => p >= 0));
      assert.ok(fold.p95.lower.every((l) => l >= 0));
    }
  });
});
