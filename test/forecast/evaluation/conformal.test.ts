import assert from 'node:assert/strict';
import {
  conformalHalfWidth,
  evaluateModel,
  residualQuantiles,
  withConformal,
  type SeriesData,
} from '../../../src/forecast';
import { RecordingForecaster, newSeen } from './fakes';
import { gaussian } from './synthetic';

describe('conformal intervals', () => {
  it('takes the ⌈(n + 1)·level⌉-th smallest score (finite-sample correction)', () => {
    const oneTo = (n: number) => Array.from({ length: n }, (_, i) => n - i);
    assert.equal(conformalHalfWidth(oneTo(19), 0.95), 19);
    assert.equal(conformalHalfWidth(oneTo(39), 0.95), 38);
    assert.equal(conformalHalfWidth(oneTo(10), 0.8), 9);
    // Too few scores for the rank: the largest one, not an infinite width.
    assert.equal(conformalHalfWidth(oneTo(5), 0.95), 5);
    assert.ok(Number.isNaN(conformalHalfWidth([], 0.8)));
    assert.throws(() => conformalHalfWidth([1], 1), RangeError);
  });

  it('computes per-step quantiles from signed residuals', () => {
    const q = residualQuantiles([
      [-1, 2, -3, 4],
      [10, -20, 30, -40],
    ]);
    assert.deepEqual(q.q80, [4, 40]);
    assert.deepEqual(q.q95, [4, 40]);
  });

  it('covers close to nominal on Gaussian noise (train | calibration | evaluation)', async () => {
    const z = gaussian(2024);
    const series: SeriesData = {
      start: 0,
      stepMs: 60_000,
      values: Array.from({ length: 3000 }, () => 10 + z()),
    };
    const result = await evaluateModel(() => new RecordingForecaster(newSeen(), { window: 200 }), series, {
      horizon: 3,
      seasonPeriod: 10,
      refitEvery: Infinity,
    });
    // 600 evaluation origins: sampling error of a coverage share is about ±1–2 points.
    assert.ok(
      Math.abs(result.evaluation.coverage.p95 - 0.95) < 0.025,
      `p95 ${result.evaluation.coverage.p95}`,
    );
    assert.ok(Math.abs(result.evaluation.coverage.p80 - 0.8) < 0.04, `p80 ${result.evaluation.coverage.p80}`);
    // The 95% half-width of N(0, 1) errors (plus a little mean-estimation noise) is about 1.96.
    for (const q of result.conformal.q95) assert.ok(q > 1.8 && q < 2.25, `q95 ${q}`);
    // Calibration only saw data before the evaluation segment.
    assert.ok(result.calibration.folds.every((f) => f.origin + 3 <= result.split.evalStart));
  });

  it('wraps a forecaster: point unchanged, intervals point ± q per step', async () => {
    const inner = new RecordingForecaster(newSeen());
    const history = { start: 0, stepMs: 1000, values: [1, 2, 3] };
    await inner.fit(history, { horizon: 2 });
    const wrapped = withConformal(inner, { q80: [1, 2], q95: [3, 4] });
    const forecast = await wrapped.predict({ history });
    assert.deepEqual(forecast.point, [3, 3]);
    assert.deepEqual(forecast.intervals.p80, { lower: [2, 1], upper: [4, 5] });
    assert.deepEqual(forecast.intervals.p95, { lower: [0, -1], upper: [6, 7] });
  });
});
