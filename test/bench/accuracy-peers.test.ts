import assert from 'node:assert/strict';
import { planFor } from '../../bench/accuracy-config';
import { approximateArima } from '../../bench/accuracy-peers';

const MINUTE = 60_000;

describe('bench:accuracy peers: where AutoARIMA searches its orders approximately', () => {
  it('keeps the exact search hourly and at 5 minutes, where earlier figures were measured', () => {
    assert.equal(approximateArima(planFor('hourly', 5 * MINUTE)), false);
    assert.equal(approximateArima(planFor('hourly', 60 * MINUTE)), false);
    assert.equal(approximateArima(planFor('5min', 5 * MINUTE)), false);
    assert.equal(approximateArima(planFor('5min', 10 * MINUTE)), false);
  });

  it('approximates on 30-minute files read at their own step, a season of 48 over 7 seasons', () => {
    assert.equal(approximateArima(planFor('5min', 30 * MINUTE)), true);
  });
});
