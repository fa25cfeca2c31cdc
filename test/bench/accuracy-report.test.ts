import assert from 'node:assert/strict';
import { MASE_FLOOR, maseOverSeries } from '../../bench/accuracy-report';

describe('bench:accuracy MASE over series', () => {
  it('scores near-exact and exact forecasts of a flat segment alike, and drops neither', () => {
    const others = [0.8, 0.5];
    const tiny = maseOverSeries([...others, 1e-10]);
    const exact = maseOverSeries([...others, 0]);
    assert.equal(tiny, exact);
    assert.ok(Math.abs(exact - Math.cbrt(0.8 * 0.5 * MASE_FLOOR)) < 1e-12);
  });

  it('is the plain geometric mean above the floor, and skips series without a score', () => {
    assert.ok(Math.abs(maseOverSeries([0.5, 2, Number.NaN]) - 1) < 1e-12);
  });
});
