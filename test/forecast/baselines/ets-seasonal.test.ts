import assert from 'node:assert/strict';
import {
  EtsForecaster,
  autoEts,
  etsFilter,
  etsMean,
  etsSeasonOf,
  etsSkip,
  etsSpecs,
  etsStep,
  etsVariance,
  initialSeason,
  loadBaseline,
  type EtsParameters,
  type EtsSpec,
  type EtsState,
  type ModelArtifact,
  type StoredEts,
} from '../../../src/forecast';
import { seasonalSeries } from '../evaluation/synthetic';

const close = (actual: number, expected: number, what: string, tolerance = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${what}: ${actual} should be ${expected}`);

/** A daily shape that no sine describes exactly: a night trough, a working-day plateau and a spike. */
const SHAPE = Array.from({ length: 24 }, (_, h) => (h < 7 ? -8 : h < 18 ? 5 + (h === 12 ? 6 : 0) : -1));

describe('ETS with an additive season', () => {
  it('updates level, trend and season as the hand-computed recursions do', () => {
    const season = [2, -2];
    const seasonal = (error: 'A' | 'M', trend: 'N' | 'Ad'): EtsSpec => ({
      error,
      trend,
      season: 'A',
      period: 2,
    });
    const smoothing = (beta: number, phi: number): EtsParameters => ({ alpha: 0.5, beta, phi, gamma: 0.1 });
    // [spec, parameters, state, then by hand: y, ŷ, error, level, trend, new seasonal state].
    const steps: [EtsSpec, EtsParameters, EtsState, number[]][] = [
      [seasonal('A', 'N'), smoothing(0, 1), { level: 10, trend: 0, season }, [13, 12, 1, 10.5, 0, 2.1]],
      [seasonal('M', 'N'), smoothing(0, 1), { level: 10, trend: 0, season }, [13.2, 12, 0.1, 10.6, 0, 2.12]],
      [
        seasonal('A', 'Ad'),
        smoothing(0.1, 0.9),
        { level: 10, trend: 1, season },
        [13.9, 12.9, 1, 11.4, 1, 2.1],
      ],
    ];
    for (const [
      spec,
      parameters,
      state,
      [y = NaN, fitted = NaN, error = NaN, level = NaN, trend = NaN, next = NaN],
    ] of steps) {
      const step = etsStep(spec, parameters, state, y);
      close(step.fitted, fitted, 'ŷ');
      close(step.error, error, 'error');
      close(step.state.level, level, 'level');
      close(step.state.trend, trend, 'trend');
      // The state used moves to the back, updated; the other one is next.
      assert.equal(step.state.season?.[0], -2);
      close(step.state.season?.[1] ?? NaN, next, 'seasonal state');
      assert.deepEqual(etsFilter(spec, parameters, state, [y]).state, step.state);
    }
  });

  const spec: EtsSpec = { error: 'A', trend: 'Ad', season: 'A', period: 24 };
  const parameters = { alpha: 0.3, beta: 0.05, phi: 0.9, gamma: 0.1 };
  const start: EtsState = { level: 50, trend: 0.5, season: SHAPE };
  const y = seasonalSeries(200, { amplitude: 10, slope: 0.1, seed: 5 }).values;

  it('a filter resumed from its final state equals one filter, and agrees with step by step', () => {
    const whole = etsFilter(spec, parameters, start, y);
    const head = etsFilter(spec, parameters, start, y.slice(0, 77));
    const tail = etsFilter(spec, parameters, head.state, y.slice(77));
    assert.deepEqual(tail.state, whole.state);
    assert.deepEqual([...head.errors, ...tail.errors], whole.errors);
    let state = start;
    for (const v of y) state = etsStep(spec, parameters, state, v).state;
    assert.deepEqual(state.season, whole.state.season);
    close(state.level, whole.state.level, 'level');
  });

  it('skipping k steps lands on the forecast recursion k steps on', () => {
    const { state } = etsFilter(spec, parameters, start, y);
    const mean = etsMean(spec, parameters, state, 60);
    for (const k of [1, 23, 24, 25, 50]) {
      const skipped = etsSkip(spec, parameters, state, k);
      close(etsMean(spec, parameters, skipped, 1)[0] ?? NaN, mean[k] ?? NaN, `${k} steps skipped`);
    }
  });

  it('gives class 1 variances with the season term at multiples of the period', () => {
    const v = etsVariance(
      { error: 'A', trend: 'N', season: 'A', period: 2 },
      { alpha: 0.5, beta: 0, phi: 1, gamma: 0.1 },
      { level: 10, trend: 0, season: [1, -1] },
      3,
      1,
    );
    // c₁ = α, c₂ = α + γ: v = σ²(1, 1 + α², 1 + α² + (α + γ)²).
    [1, 1.25, 1.61].forEach((e, i) => close(v[i] ?? NaN, e, `ANA v${i + 1}`));
  });

  it('decomposes a pure season exactly and forecasts it exactly', () => {
    const pure = Array.from({ length: 24 * 7 }, (_, t) => 100 + (SHAPE[t % 24] ?? 0));
    const mean = SHAPE.reduce((a, b) => a + b, 0) / 24;
    initialSeason(pure, 24).forEach((s, i) => close(s, (SHAPE[i] ?? 0) - mean, `initial state ${i}`));
    const fit = autoEts(pure, 24);
    assert.equal(fit.spec.season, 'A');
    etsMean(fit.spec, fit.parameters, fit.final, 48).forEach((v, h) =>
      close(v, 100 + (SHAPE[h % 24] ?? 0), `step ${h + 1}`, 1e-6),
    );
  });

  it('AICc picks a season only where there is one, and none beyond 24 steps', () => {
    const daily = seasonalSeries(24 * 7, { amplitude: 10, seed: 8 }).values;
    assert.equal(autoEts(daily, 24).spec.season, 'A');
    const flat = seasonalSeries(24 * 7, { amplitude: 0, seed: 8 }).values;
    assert.notEqual(autoEts(flat, 24).spec.season, 'A');
    assert.equal(autoEts(daily).spec.season, undefined);
    assert.ok(etsSpecs(288).every((s) => s.season === undefined));
    assert.ok(etsSpecs(24).some((s) => s.season === 'A' && s.trend === 'Ad'));
  });

  it('stores a seasonal fit that a loaded version forecasts from exactly as the saved one', async () => {
    const series = seasonalSeries(24 * 10, { amplitude: 10, slope: 0.05, seed: 3 });
    const model = new EtsForecaster();
    await model.fit({ ...series, values: series.values.slice(0, 24 * 8) }, { horizon: 30, seasonPeriod: 24 });
    const artifact = JSON.parse(JSON.stringify(await model.serialize())) as ModelArtifact;
    const { ets } = artifact.state as { ets: StoredEts };
    assert.equal(ets.fit.spec.season, 'A');
    assert.equal(ets.fit.final.season?.length, 24);
    const loaded = await loadBaseline(artifact);
    const later = { ...series, values: series.values.slice(0, 24 * 9 + 5) };
    const point = (await loaded.predict({ history: later })).point;
    assert.deepEqual((await model.predict({ history: later })).point, point);
    // The stored filter run over the new observations, as one filter from the stored initial state.
    const window = artifact.metadata.window ?? 0;
    const { spec: fitted, parameters: p, initial } = ets.fit;
    const whole = etsFilter(fitted, p, initial, series.values.slice(24 * 8 - window, 24 * 9 + 5));
    etsMean(fitted, p, whole.state, 30).forEach((v, k) => close(point[k] ?? NaN, v, `step ${k + 1}`));
  });

  it('keeps versions stored with spec ZZN non-seasonal, and 5-minute seasons too', () => {
    const settings = { horizon: 6, stepMs: 3_600_000, seasonPeriod: 24, window: 72, seed: 0, trainedAt: 0 };
    assert.equal(etsSeasonOf({ ...settings, hyperparameters: { spec: 'ZZN' } }), undefined);
    assert.equal(etsSeasonOf({ ...settings, hyperparameters: { spec: 'ZZZ' } }), 24);
    assert.equal(
      etsSeasonOf({ ...settings, seasonPeriod: 288, hyperparameters: { spec: 'ZZZ' } }),
      undefined,
    );
  });
});
