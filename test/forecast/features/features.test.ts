import assert from 'node:assert/strict';
import {
  applyScaler,
  covariateChannels,
  covariateNames,
  fitScaler,
  invertScaler,
  lag,
  rollingMean,
  rollingStd,
  scalerFromJson,
  slidingWindows,
  timeEncodings,
  windowCount,
} from '../../../src/forecast/features';
import { ForecastInputError } from '../../../src/forecast/validate';

const close = (actual: ArrayLike<number>, expected: readonly number[], tol = 1e-6): void => {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) =>
    assert.ok(Math.abs((actual[i] as number) - e) <= tol, `[${i}] ${actual[i]} != ${e}`),
  );
};

describe('features', () => {
  describe('slidingWindows', () => {
    it('cuts every window of inputs, interleaving channels by step, with the horizon after it', () => {
      const target = [0, 1, 2, 3, 4, 5];
      const other = [10, 11, 12, 13, 14, 15];
      const w = slidingWindows([target, other], target, 3, 2);
      assert.equal(w.count, windowCount(6, 3, 2));
      assert.equal(w.count, 2);
      assert.deepEqual([...w.inputs], [0, 10, 1, 11, 2, 12, 1, 11, 2, 12, 3, 13]);
      assert.deepEqual([...w.targets], [3, 4, 4, 5]);
      assert.deepEqual([...w.lastValues], [2, 3]);
    });

    it('yields no window when the series is shorter than window + horizon', () => {
      assert.equal(slidingWindows([[1, 2, 3]], [1, 2, 3], 3, 1).count, 0);
    });

    it('rejects channels not aligned with the target', () => {
      assert.throws(() => slidingWindows([[1, 2]], [1, 2, 3], 1, 1), ForecastInputError);
    });
  });

  describe('scalers', () => {
    it('standard: zero mean, unit std, and inverts exactly', () => {
      const s = fitScaler([1, 2, 3, 4, 5], 'standard');
      assert.equal(s.center, 3);
      close([s.scale], [Math.sqrt(2)]);
      close(invertScaler(applyScaler([1, 5], s), s), [1, 5], 1e-5);
    });

    it('robust: median and IQR/1.349, unmoved by a spike', () => {
      const s = fitScaler([1, 2, 3, 4, 1000], 'robust');
      assert.equal(s.center, 3);
      close([s.scale], [2 / 1.349]);
    });

    it('falls back to scale 1 on constant data instead of dividing by zero', () => {
      assert.equal(fitScaler([7, 7, 7], 'standard').scale, 1);
      assert.equal(fitScaler([7, 7, 7], 'robust').scale, 1);
    });

    it('round-trips through JSON and rejects a corrupt one', () => {
      const s = fitScaler([1, 2, 4], 'robust');
      assert.deepEqual(scalerFromJson(JSON.parse(JSON.stringify(s))), s);
      assert.throws(() => scalerFromJson({ kind: 'standard', center: 0, scale: 0 }), /scaler\.scale must be/);
    });
  });

  describe('lags and rolling statistics', () => {
    it('lag back-fills with the first value', () => {
      assert.deepEqual([...lag([1, 2, 3, 4], 2)], [1, 1, 1, 2]);
    });

    it('rolling mean and std use partial windows at the start', () => {
      close(rollingMean([2, 4, 6, 8], 2), [2, 3, 5, 7]);
      close(rollingStd([2, 4, 6, 8], 2), [0, 1, 1, 1]);
      close(rollingStd([5, 5, 5], 3), [0, 0, 0]);
    });
  });

  describe('timeEncodings', () => {
    it('encodes hour of day and weekday (UTC, Monday 00:00 at phase 0) as sin/cos', () => {
      const monday = Date.UTC(2024, 0, 1); // a Monday
      const [hs, hc, ds, dc] = timeEncodings(monday, 6 * 3_600_000, 2, { hourOfDay: true, dayOfWeek: true });
      assert.deepEqual(
        [hs?.name, hc?.name, ds?.name, dc?.name],
        ['hour_sin', 'hour_cos', 'dow_sin', 'dow_cos'],
      );
      close(hs!.values, [0, 1]);
      close(hc!.values, [1, 0]);
      close(ds!.values, [0, Math.sin((2 * Math.PI * 0.25) / 7)]);
      close(dc!.values, [1, Math.cos((2 * Math.PI * 0.25) / 7)]);
    });

    it('produces only what is asked for', () => {
      assert.equal(timeEncodings(0, 1, 3, { hourOfDay: false, dayOfWeek: true }).length, 2);
    });
  });

  describe('covariates', () => {
    it('orders channels by name and checks alignment and finiteness', () => {
      const covariates = { net: [1, 2, 3], mem: [4, 5, 6] };
      const names = covariateNames(covariates);
      assert.deepEqual(names, ['mem', 'net']);
      assert.deepEqual(
        covariateChannels(covariates, names, 3).map((c) => [...c]),
        [
          [4, 5, 6],
          [1, 2, 3],
        ],
      );
      assert.throws(() => covariateChannels(covariates, names, 4), /covariates\.net\.length must equal/);
      assert.throws(
        () => covariateChannels({ mem: [1, NaN] }, ['mem'], 2),
        /covariates\.mem\[1\] must be a finite number, got NaN/,
      );
      assert.throws(() => covariateChannels({}, ['mem'], 2), /covariates\.mem must be given/);
    });
  });
});
