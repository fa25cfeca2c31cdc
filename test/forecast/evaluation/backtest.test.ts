import assert from 'node:assert/strict';
import { ForecastInputError, backtest } from '../../../src/forecast';
import { RecordingForecaster, newSeen, seriesOf } from './fakes';

// values[i] = i: the naive forecast from origin o is o − 1, so step k (0-based) errs by exactly k + 1,
// and the seasonal-naive scale with period 10 is exactly 10.
const linear = seriesOf(100, (i) => i);
const options = { horizon: 3, seasonPeriod: 10 };

describe('backtest', () => {
  it('steps origins through the last 20% and scores each horizon step', async () => {
    const seen = newSeen();
    const result = await backtest(() => new RecordingForecaster(seen), linear, options);
    assert.deepEqual(
      result.folds.map((f) => f.origin),
      Array.from({ length: 18 }, (_, i) => 80 + i),
    );
    assert.deepEqual(
      result.metrics.perStep.map((m) => m.mae),
      [1, 2, 3],
    );
    assert.deepEqual(
      result.metrics.perStep.map((m) => m.mase),
      [0.1, 0.2, 0.3],
    );
    assert.equal(result.metrics.overall.mae, 2);
    assert.deepEqual(result.scale, { scale: 10, lag: 10 });
    assert.deepEqual(result.residuals, [Array(18).fill(1), Array(18).fill(2), Array(18).fill(3)]);
    assert.deepEqual(result.folds[0]?.actual, [80, 81, 82]);
  });

  it('never shows a model data at or after the origin, even one built to cheat', async () => {
    const seen = newSeen();
    const result = await backtest(() => new RecordingForecaster(seen, { oracle: true }), linear, {
      ...options,
      refitEvery: 5,
    });
    // An oracle fitted on leaked data would score 0; it scores exactly like the naive forecast.
    assert.equal(result.metrics.overall.mae, 2);
    assert.deepEqual(seen.fits, [80, 85, 90, 95]);
    assert.deepEqual(
      seen.predicts,
      result.folds.map((f) => f.origin),
    );
    assert.equal(seen.maxEnd, 97, 'the last origin is 97: nothing past index 96 was shown');
    assert.equal(result.fits, 4);
    // Control: handed the whole series up front, the same oracle does cheat.
    const leaked = new RecordingForecaster(newSeen(), { oracle: true });
    await leaked.fit(linear, options);
    const cheated = await backtest(() => leaked, linear, {
      ...options,
      refitEvery: Infinity,
      fitted: leaked,
    });
    assert.equal(cheated.metrics.overall.mae, 0);
  });

  it('refits every k origins, once with Infinity, never when given a fitted model', async () => {
    const once = await backtest(() => new RecordingForecaster(newSeen()), linear, {
      ...options,
      refitEvery: Infinity,
    });
    assert.equal(once.fits, 1);
    const fitted = new RecordingForecaster(newSeen());
    await fitted.fit(linear, options);
    const reused = await backtest(() => new RecordingForecaster(newSeen()), linear, {
      ...options,
      refitEvery: Infinity,
      fitted,
    });
    assert.equal(reused.fits, 0);
    assert.equal(reused.predictions, 18);
  });

  it('honours originStep, maxTrainWindow and an explicit segment', async () => {
    const seen = newSeen();
    const result = await backtest(() => new RecordingForecaster(seen), linear, {
      ...options,
      originStep: 4,
      maxTrainWindow: 30,
      segment: { from: 50, to: 70 },
    });
    assert.deepEqual(
      result.folds.map((f) => f.origin),
      [50, 54, 58, 62, 66],
    );
    assert.ok(seen.fits.every((n) => n === 30));
    assert.ok(result.folds.every((f) => f.actual.every((v) => v < 70)));
  });

  it('measures interval coverage per step', async () => {
    const result = await backtest(() => new RecordingForecaster(newSeen(), { width: 1.5 }), linear, options);
    assert.deepEqual(result.coverage.perStep, [
      { p80: 1, p95: 1 },
      { p80: 0, p95: 0 },
      { p80: 0, p95: 0 },
    ]);
    assert.equal(result.coverage.p95, 1 / 3);
  });

  it('rejects bad options and bad series with ForecastInputError', async () => {
    const factory = () => new RecordingForecaster(newSeen());
    await assert.rejects(backtest(factory, linear, { ...options, horizon: 0 }), ForecastInputError);
    await assert.rejects(
      backtest(factory, linear, { ...options, segment: { from: 98, to: 100 } }),
      ForecastInputError,
    );
    await assert.rejects(backtest(factory, linear, { ...options, evalFraction: 1.5 }), ForecastInputError);
    const withNaN = seriesOf(100, (i) => (i === 3 ? NaN : i));
    await assert.rejects(backtest(factory, withNaN, options), /series\.values\[3\] must be a finite number/);
  });
});
