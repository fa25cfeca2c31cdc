import assert from 'node:assert/strict';
import { evaluateOptions } from '../../bench/accuracy-config';
import { SINGLE_MODEL_KINDS, type SeriesData } from '../../src/forecast';
import { evaluateOptionsFor, planFor } from '../../src/modelling';

const FIVE_MINUTES = 300_000;
const series: SeriesData = {
  start: 0,
  stepMs: FIVE_MINUTES,
  values: Array.from({ length: 4032 }, (_, i) => i % 7),
};

describe('modelling/plan: what production fits is what bench:accuracy measured', () => {
  it('at 5 minutes, every kind gets the same windows and epochs in both', () => {
    const plan = planFor('5m', 12);
    for (const kind of SINGLE_MODEL_KINDS) {
      const served = evaluateOptionsFor(kind, plan).hyperparameters;
      const measured = evaluateOptions(kind, '5min', series).hyperparameters ?? {};
      const { engine: _engine, ...measuredCaps } = measured;
      assert.deepEqual(measuredCaps, served, kind);
    }
  });

  it('refits each kind in backtests as often in both (statistical kinds daily, networks once)', () => {
    const hourly: SeriesData = { ...series, stepMs: 12 * FIVE_MINUTES };
    for (const kind of SINGLE_MODEL_KINDS) {
      for (const [g, bench, data] of [
        ['1h', 'hourly', hourly],
        ['5m', '5min', series],
      ] as const) {
        const served = evaluateOptionsFor(kind, planFor(g, g === '1h' ? 6 : 12));
        const measured = evaluateOptions(kind, bench, data);
        assert.equal(served.refitEvery, measured.refitEvery, `${kind} ${g} refitEvery`);
        assert.equal(served.fitOnce, measured.fitOnce, `${kind} ${g} fitOnce`);
      }
    }
  });

  it('fits Theta on three days at 5 minutes, as the bench and its statsforecast peers do', () => {
    assert.deepEqual(evaluateOptionsFor('theta', planFor('5m', 12)).hyperparameters, { window: 3 * 288 });
    assert.deepEqual(evaluateOptionsFor('theta', planFor('1h', 6)).hyperparameters, {});
  });
});
