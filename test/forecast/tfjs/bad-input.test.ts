import assert from 'node:assert/strict';
import { createForecaster, loadForecaster } from '../../../src/forecast/tfjs';
import type { TfjsForecaster } from '../../../src/forecast/tfjs';
import type { SeriesData } from '../../../src/forecast/types';
import { ForecastInputError } from '../../../src/forecast/validate';
import { HOUR, START, dailySine, head } from './synthetic';

const FAST = { epochs: 2, window: 24 };

/** Asserts a `ForecastInputError` with this field, value and message. */
function rejects(fn: () => Promise<unknown>, field: string, value: unknown, message: string | RegExp) {
  return assert.rejects(fn, (err: unknown) => {
    assert.ok(err instanceof ForecastInputError, String(err));
    assert.equal(err.name, 'ForecastInputError');
    assert.equal(err.field, field);
    assert.deepEqual(err.value, value);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

function withValue(series: SeriesData, index: number, value: number): SeriesData {
  const values = [...series.values];
  values[index] = value;
  return { ...series, values };
}

describe('tfjs forecasters: bad input', () => {
  const series = dailySine(120);
  let fitted: TfjsForecaster;

  before(async () => {
    fitted = createForecaster('dense', { hyperparameters: FAST });
    await fitted.fit(series, { horizon: 6, seed: 1 });
  });

  after(() => fitted.dispose());

  it('rejects NaN and Infinity in the history, naming the index', async () => {
    const fresh = createForecaster('lstm');
    await rejects(
      () => fresh.fit(withValue(series, 17, NaN), { horizon: 6 }),
      'history.values[17]',
      NaN,
      'history.values[17] must be a finite number, got NaN',
    );
    await rejects(
      () => fitted.predict({ history: withValue(series, 3, Infinity) }),
      'history.values[3]',
      Infinity,
      /got Infinity$/,
    );
    const good = { history: series };
    await rejects(
      () => fitted.predictBatch([good, { history: withValue(series, 5, -Infinity) }]),
      'inputs[1].history.values[5]',
      -Infinity,
      /must be a finite number/,
    );
  });

  it('rejects histories too short for window + horizon (fit) or window (predict)', async () => {
    await rejects(
      () =>
        createForecaster('tcn', { hyperparameters: { window: 48 } }).fit(head(series, 50), { horizon: 6 }),
      'history.values.length',
      50,
      'history.values.length must be at least 54 (window 48 + horizon 6), got 50',
    );
    await rejects(
      () => fitted.predict({ history: head(series, 10) }),
      'history.values.length',
      10,
      'history.values.length must be at least 24 (window 24), got 10',
    );
  });

  it('rejects a horizon that is not a positive integer', async () => {
    for (const horizon of [0, -3, 1.5]) {
      await rejects(
        () => createForecaster('dense').fit(series, { horizon }),
        'options.horizon',
        horizon,
        `options.horizon must be a positive integer, got ${horizon}`,
      );
    }
  });

  it('rejects bad covariates at fit and missing ones at predict', async () => {
    const dense = createForecaster('dense', { hyperparameters: FAST });
    const short = { cpu: series.values.slice(1) };
    await rejects(
      () => dense.fit(series, { horizon: 6, covariates: short }),
      'options.covariates.cpu.length',
      119,
      /must equal the target's length 120/,
    );
    const nan = { cpu: [...series.values.slice(1), NaN] };
    await rejects(
      () => dense.fit(series, { horizon: 6, covariates: nan }),
      'options.covariates.cpu[119]',
      NaN,
      /finite number, got NaN/,
    );
    await dense.fit(series, { horizon: 6, covariates: { cpu: [...series.values] } });
    await rejects(
      () => dense.predict({ history: series }),
      'covariates.cpu',
      undefined,
      /covariates\.cpu must be given: the model was fitted with \[cpu\]/,
    );
    dense.dispose();
  });

  it('rejects a step different from the one the model was fitted on', async () => {
    await rejects(
      () => fitted.predict({ history: { ...series, stepMs: 300_000 } }),
      'history.stepMs',
      300_000,
      `history.stepMs must equal the model's step ${HOUR}, got 300000`,
    );
  });

  it('rejects malformed hyperparameters', async () => {
    await rejects(
      () => createForecaster('lstm').fit(series, { horizon: 6, hyperparameters: { window: 'long' } }),
      'hyperparameters.window',
      'long',
      /must be a number, got "long"/,
    );
    await rejects(
      () => createForecaster('lstm').fit(series, { horizon: 6, hyperparameters: { window: 0 } }),
      'hyperparameters.window',
      0,
      /positive integer/,
    );
  });

  it('falls back to naive on a constant series, flagged in metadata, and survives a reload', async () => {
    const flat: SeriesData = { start: START, stepMs: HOUR, values: new Array<number>(100).fill(42) };
    const lstm = createForecaster('lstm');
    await lstm.fit(flat, { horizon: 6 });
    assert.deepEqual(lstm.metadata?.fallback, { kind: 'naive', reason: 'constant series' });
    const reloaded = await loadForecaster(await lstm.serialize());
    for (const forecaster of [lstm, reloaded]) {
      const forecast = await forecaster.predict({
        history: { ...flat, values: [...flat.values.slice(1), 43] },
      });
      assert.deepEqual(forecast.point, [43, 43, 43, 43, 43, 43]);
      assert.deepEqual(forecast.intervals.p95, { lower: forecast.point, upper: forecast.point });
      forecaster.dispose();
    }
  });

  it('refuses use before fit and after dispose', async () => {
    const fresh = createForecaster('tcn');
    await assert.rejects(() => fresh.predict({ history: series }), /must be fitted \(or loaded\) before use/);
    fresh.dispose();
    await assert.rejects(() => fresh.fit(series, { horizon: 6 }), /was disposed/);
  });

  it('rejects an artifact of another format or kind', async () => {
    const artifact = await fitted.serialize();
    await rejects(
      () => loadForecaster({ ...artifact, metadata: { ...artifact.metadata, kind: 'arima' } }),
      'metadata.kind',
      'arima',
      /be 'lstm', 'tcn' or 'dense'/,
    );
    await rejects(
      () => loadForecaster({ ...artifact, state: {} }),
      'state.spec',
      undefined,
      /state\.spec must be an object/,
    );
  });
});
