import assert from 'node:assert/strict';
import { summarizeFolds, type BacktestResult } from '../../src/forecast';
import { chooseCovariateTwin, pairedT, TWIN_MAX_MASE_RATIO, TWIN_MIN_T } from '../../src/modelling';

const TIMING = { fits: 1, fitMs: 0, predictions: 0, predictMs: 0 };
const flat = { lower: [0], upper: [0] };
/** A one-step backtest whose fold at origin i is off by `errors[i]`; the MASE scale is 1. */
function backtestWith(errors: readonly number[]): BacktestResult {
  const folds = errors.map((e, origin) => ({ origin, point: [e], actual: [0], p80: flat, p95: flat }));
  return summarizeFolds(folds, [0, 1, 0, 1], 1, TIMING);
}

describe('modelling/covariates: the covariate twin is served only when clearly and consistently better', () => {
  const plain = backtestWith([1, 1.2, 0.9, 1.1, 1, 1.3, 0.8, 1]);

  it('serves the twin when its MASE is >= 5% lower and the paired t reaches 1.645', () => {
    const twin = backtestWith([0.8, 1, 0.7, 0.9, 0.85, 1, 0.7, 0.8]);
    const choice = chooseCovariateTwin(plain, twin);
    assert.equal(choice.useTwin, true, choice.reason);
    assert.ok(choice.maseRatio <= TWIN_MAX_MASE_RATIO && choice.t >= TWIN_MIN_T);
    assert.equal(choice.origins, 8);
    assert.match(choice.reason, /^twin served: MASE 0\.844 vs 1\.038 \(ratio 0\.813\), paired t /);
  });

  it('keeps the plain model when the twin is better by less than 5%', () => {
    const twin = backtestWith([0.97, 1.17, 0.87, 1.07, 0.97, 1.27, 0.77, 0.97]);
    const choice = chooseCovariateTwin(plain, twin);
    assert.ok(choice.t > TWIN_MIN_T, 'consistently, but not enough');
    assert.ok(choice.maseRatio > TWIN_MAX_MASE_RATIO);
    assert.equal(choice.useTwin, false);
    assert.match(choice.reason, /^plain served: .*the twin needs ratio <= 0\.95 and t >= 1\.645$/);
  });

  it('keeps the plain model when the twin is much better on average but not consistently', () => {
    // One origin carries the whole gain: the mean drops 16%, the t statistic is 1.
    const twin = backtestWith([1, 1.2, 0.9, 1.1, 1, 0, 0.8, 1]);
    const choice = chooseCovariateTwin(plain, twin);
    assert.ok(choice.maseRatio <= TWIN_MAX_MASE_RATIO, String(choice.maseRatio));
    assert.ok(choice.t < TWIN_MIN_T, String(choice.t));
    assert.equal(choice.useTwin, false);
  });

  it('keeps the plain model when the twin is worse', () => {
    const choice = chooseCovariateTwin(plain, backtestWith([1.5, 1.6, 1.4, 1.5, 1.5, 1.6, 1.4, 1.5]));
    assert.equal(choice.useTwin, false);
    assert.ok(choice.t < 0 && choice.maseRatio > 1);
  });

  it('pairedT: mean over its standard error; all-equal differences are infinitely sure', () => {
    assert.equal(pairedT([1, 3]), 2);
    assert.equal(pairedT([0.5, 0.5]), Infinity);
    assert.equal(pairedT([1]), 0);
  });
});
