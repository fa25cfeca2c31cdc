import assert from 'node:assert/strict';
import {
  ModelFailureError,
  createBaseline,
  evaluateCandidate,
  guardForecaster,
  type Forecast,
  type Forecaster,
} from '../../../src/forecast';
import { seasonalSeries } from './synthetic';

// The class Prophet's wasm traps throw (`WebAssembly` is not in this project's TypeScript lib).
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } })
  .WebAssembly;

/** Seasonal naive whose predict fails the way Prophet's wasm optimizer does, or returns NaN. */
function broken(mode: 'trap' | 'nan' | 'fit'): Forecaster {
  const inner = createBaseline('seasonal-naive');
  return {
    kind: 'prophet',
    fit: (history, options) => {
      if (mode === 'fit') return Promise.reject(new TypeError('Cannot read properties of undefined'));
      return inner.fit(history, options);
    },
    predict: async (input): Promise<Forecast> => {
      if (mode === 'trap') throw new RuntimeError('unreachable');
      const f = await inner.predict(input);
      return { ...f, point: f.point.map(() => NaN) };
    },
    predictBatch: (inputs) => inner.predictBatch(inputs),
    serialize: () => inner.serialize(),
    dispose: () => inner.dispose(),
  };
}

const series = seasonalSeries(24 * 10, { seed: 4 });
const options = { horizon: 6, seasonPeriod: 24, originStep: 6 };

describe('failing models are failed candidates', () => {
  it('records a wasm trap as a failure with its reason instead of throwing', async () => {
    const outcome = await evaluateCandidate('prophet', () => broken('trap'), series, options);
    assert.deepEqual(outcome, { name: 'prophet', ok: false, failure: 'RuntimeError: unreachable' });
  });

  it('records non-finite forecasts and throwing fits', async () => {
    const nan = await evaluateCandidate('prophet', () => broken('nan'), series, options);
    assert.equal(nan.ok, false);
    assert.match(nan.ok ? '' : nan.failure, /non-finite forecast \(NaN\) at step 1/);
    const fit = await evaluateCandidate('prophet', () => broken('fit'), series, options);
    assert.deepEqual(fit, {
      name: 'prophet',
      ok: false,
      failure: 'TypeError: Cannot read properties of undefined',
    });
  });

  it('evaluates a healthy model as usual', async () => {
    const outcome = await evaluateCandidate(
      'seasonal-naive',
      () => createBaseline('seasonal-naive'),
      series,
      options,
    );
    assert.equal(outcome.ok, true);
    assert.ok(outcome.ok && outcome.evaluation.evaluation.metrics.overall.mase < 2);
  });

  it('wraps failures in ModelFailureError naming the model and operation', async () => {
    const model = guardForecaster(broken('trap'));
    await model.fit(series, { horizon: 6, seasonPeriod: 24 });
    const error = await model.predict({ history: series }).catch((e: unknown) => e);
    assert.ok(error instanceof ModelFailureError);
    assert.equal(error.kind, 'prophet');
    assert.equal(error.operation, 'predict');
    assert.equal(error.message, 'prophet predict failed: RuntimeError: unreachable');
    assert.ok(error.cause instanceof RuntimeError);
  });
});
