import assert from 'node:assert/strict';
import { autoEts, etsFilter, etsMean, etsSkip, etsStep, etsVariance } from '../../../src/forecast/baselines';
import type { EtsParameters, EtsSpec, EtsState } from '../../../src/forecast/baselines';
import { gaussian } from '../evaluation/synthetic';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} should be ${expected}`);

/** Simulates an ETS member from its innovations form with N(0, σ²) innovations. */
function simulate(spec: EtsSpec, n: number, sigma: number, seed: number, level = 100): number[] {
  const z = gaussian(seed);
  // A multiplicative error feeds the trend in proportion to the level: a smaller β keeps it stable.
  const parameters = { alpha: 0.3, beta: spec.error === 'A' ? 0.1 : 0.01, phi: 1 };
  let state = { level, trend: spec.trend === 'N' ? 0 : 2 };
  return Array.from({ length: n }, () => {
    const fitted = state.level + state.trend;
    const y = spec.error === 'A' ? fitted + sigma * z() : fitted * (1 + sigma * z());
    state = etsStep(spec, parameters, state, y).state;
    return y;
  });
}

describe('ETS state-space model', () => {
  it('updates level and trend as the hand-computed recursions do', () => {
    const ann = etsFilter(
      { error: 'A', trend: 'N' },
      { alpha: 0.5, beta: 0, phi: 1 },
      { level: 10, trend: 0 },
      [12, 11],
    );
    assert.deepEqual(ann.errors, [2, 0]);
    close(ann.state.level, 11, 'ANN level');
    // One step by hand: [spec, parameters, state, y, ŷ, error, level, trend].
    const steps: [EtsSpec, EtsParameters, EtsState, number, number, number, number, number][] = [
      [
        { error: 'A', trend: 'Ad' },
        { alpha: 0.5, beta: 0.1, phi: 0.9 },
        { level: 10, trend: 1 },
        12,
        10.9,
        1.1,
        11.45,
        1.01,
      ],
      [
        { error: 'M', trend: 'A' },
        { alpha: 0.5, beta: 0.1, phi: 1 },
        { level: 10, trend: 1 },
        12.1,
        11,
        0.1,
        11.55,
        1.11,
      ],
    ];
    for (const [spec, parameters, state, y, fitted, error, level, trend] of steps) {
      const name = `${spec.error}${spec.trend}N`;
      const step = etsStep(spec, parameters, state, y);
      close(step.fitted, fitted, `${name} ŷ`);
      close(step.error, error, `${name} error`);
      close(step.state.level, level, `${name} level`);
      close(step.state.trend, trend, `${name} trend`);
      // The filter inlines the same step: it must agree with it.
      assert.deepEqual(etsFilter(spec, parameters, state, [y]).state, step.state);
    }
  });

  it('forecasts the damped trend and skips missing steps with the same recursion', () => {
    const spec: EtsSpec = { error: 'A', trend: 'Ad' };
    const parameters = { alpha: 0.5, beta: 0.1, phi: 0.5 };
    const mean = etsMean(spec, parameters, { level: 10, trend: 4 }, 3);
    [12, 13, 13.5].forEach((v, i) => close(mean[i] ?? NaN, v, `mean ${i + 1}`));
    const skipped = etsSkip(spec, parameters, { level: 10, trend: 4 }, 2);
    close(skipped.level, 13, 'level after two missing steps');
    close(skipped.trend, 1, 'trend after two missing steps');
  });

  it('gives the analytic forecast variances of both classes', () => {
    const v = etsVariance(
      { error: 'A', trend: 'N' },
      { alpha: 0.5, beta: 0, phi: 1 },
      { level: 10, trend: 0 },
      3,
      1,
    );
    [1, 1.25, 1.5].forEach((e, i) => close(v[i] ?? NaN, e, `ANN v${i + 1}`));
    // AAN closed form: σ²[1 + (h−1){α² + αβh + β²h(2h−1)/6}].
    const aan = etsVariance(
      { error: 'A', trend: 'A' },
      { alpha: 0.5, beta: 0.1, phi: 1 },
      { level: 10, trend: 1 },
      3,
      1,
    );
    [1, 1.36, 1.85].forEach((e, i) => close(aan[i] ?? NaN, e, `AAN v${i + 1}`));
    const mnn = etsVariance(
      { error: 'M', trend: 'N' },
      { alpha: 0.5, beta: 0, phi: 1 },
      { level: 10, trend: 0 },
      2,
      0.01,
    );
    [1, 1.2525].forEach((e, i) => close(mnn[i] ?? NaN, e, `MNN v${i + 1}`));
  });

  it('a filter resumed from its final state equals one filter over the whole series', () => {
    const y = simulate({ error: 'A', trend: 'A' }, 200, 1, 4);
    const spec: EtsSpec = { error: 'A', trend: 'Ad' };
    const parameters = { alpha: 0.4, beta: 0.05, phi: 0.9 };
    const whole = etsFilter(spec, parameters, { level: 100, trend: 1 }, y);
    const head = etsFilter(spec, parameters, { level: 100, trend: 1 }, y.slice(0, 150));
    const tail = etsFilter(spec, parameters, head.state, y.slice(150));
    assert.deepEqual(tail.state, whole.state);
    assert.deepEqual([...head.errors, ...tail.errors], whole.errors);
  });

  describe('AICc selection picks the generating model', () => {
    // Additive-error series start at 0 (they cross it, so no multiplicative member competes);
    // multiplicative ones grow with a trend, where their level-proportional noise shows.
    const cases: [EtsSpec, number, number][] = [
      [{ error: 'A', trend: 'N' }, 2, 0],
      [{ error: 'A', trend: 'A' }, 2, 0],
      [{ error: 'M', trend: 'N' }, 0.05, 100],
      [{ error: 'M', trend: 'A' }, 0.03, 100],
    ];
    for (const [spec, sigma, level] of cases) {
      it(`${spec.error}${spec.trend}N`, () => {
        const fit = autoEts(simulate(spec, 300, sigma, 17, level));
        assert.equal(fit.spec.error, spec.error);
        // A damped trend with φ near its bound is the same model as an undamped one on 300 points.
        assert.equal(fit.spec.trend === 'N' ? 'N' : 'A', spec.trend);
        assert.ok(fit.parameters.alpha > 0.15 && fit.parameters.alpha < 0.5, `α ${fit.parameters.alpha}`);
      });
    }
  });
});
