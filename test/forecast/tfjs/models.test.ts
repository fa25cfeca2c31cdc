import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createForecaster, loadForecaster } from '../../../src/forecast/tfjs';
import type { TfjsForecaster, TfjsKind } from '../../../src/forecast/tfjs';
import type { ModelArtifact } from '../../../src/forecast/types';
import { dailySine, head, leadingCovariate, originsBetween, scores, std } from './synthetic';

const HORIZON = 6;
// Small settings keep the file fast on two shared cores; accuracy bounds below hold with them.
const SETTINGS: Record<TfjsKind, Readonly<Record<string, number>>> = {
  lstm: { units: 16, epochs: 30 },
  tcn: { units: 12, epochs: 30 },
  dense: { epochs: 40 },
};
const KINDS = Object.keys(SETTINGS) as TfjsKind[];

/** The artifact as it would come back from a JSON registry (weights stay bytes). */
function throughJson(artifact: ModelArtifact): ModelArtifact {
  const { metadata, state } = JSON.parse(
    JSON.stringify({ metadata: artifact.metadata, state: artifact.state }),
  );
  return { metadata, state, ...(artifact.weights ? { weights: Uint8Array.from(artifact.weights) } : {}) };
}

describe('tfjs forecasters', () => {
  const series = dailySine();
  const train = head(series, 288);
  const inputs = originsBetween(series, 288, series.values.length - HORIZON + 1);
  const fitted = new Map<TfjsKind, TfjsForecaster>();

  before(async () => {
    for (const kind of KINDS) {
      const forecaster = createForecaster(kind);
      await forecaster.fit(train, { horizon: HORIZON, seed: 1, hyperparameters: SETTINGS[kind] });
      fitted.set(kind, forecaster);
    }
  });

  after(() => fitted.forEach((f) => f.dispose()));

  for (const kind of KINDS) {
    it(`${kind} learns a noisy daily sine: MAE < 0.3 std and < 0.4 naive MAE`, async () => {
      const forecasts = await fitted.get(kind)!.predictBatch(inputs);
      const { mae, naiveMae } = scores(
        series,
        inputs,
        forecasts.map((f) => f.point),
      );
      assert.ok(mae < 0.3 * std(train.values), `${kind} MAE ${mae} vs std ${std(train.values)}`);
      assert.ok(mae < 0.4 * naiveMae, `${kind} MAE ${mae} vs naive ${naiveMae}`);
    });

    it(`${kind} reloads from its artifact and predicts exactly the same numbers`, async () => {
      const original = fitted.get(kind)!;
      const reloaded = await loadForecaster(throughJson(await original.serialize()));
      try {
        assert.equal(reloaded.kind, kind);
        assert.deepEqual(
          await reloaded.predictBatch(inputs.slice(0, 5)),
          await original.predictBatch(inputs.slice(0, 5)),
        );
      } finally {
        reloaded.dispose();
      }
    });
  }

  it('records metadata: version, backend, window, covariates, conformal widths per step', async () => {
    const { metadata } = await fitted.get('lstm')!.serialize();
    assert.equal(metadata.formatVersion, 1);
    assert.equal(metadata.environment.tfjs, tf.version.tfjs);
    assert.equal(metadata.environment.backend, tf.getBackend());
    assert.equal(metadata.window, 24);
    assert.equal(metadata.hyperparameters.units, 16);
    assert.deepEqual(metadata.covariateNames, []);
    assert.equal(metadata.conformal?.q80.length, HORIZON);
    metadata.conformal?.q95.forEach((q95, h) => assert.ok(q95 >= (metadata.conformal?.q80[h] ?? Infinity)));
  });

  it('forecasts times after the origin and intervals around the point from the conformal widths', async () => {
    const forecaster = fitted.get('dense')!;
    const [forecast] = await forecaster.predictBatch(inputs.slice(0, 1));
    const { history } = inputs[0]!;
    const origin = history.start + (history.values.length - 1) * history.stepMs;
    assert.deepEqual(
      forecast!.times,
      [1, 2, 3, 4, 5, 6].map((h) => origin + h * history.stepMs),
    );
    forecaster.setConformal([1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]);
    const widened = await forecaster.predict(inputs[0]!);
    assert.deepEqual(
      widened.intervals.p95.upper,
      widened.point.map((p) => p + 2),
    );
    assert.deepEqual(
      widened.intervals.p80.lower,
      widened.point.map((p) => p - 1),
    );
    assert.deepEqual(forecaster.metadata?.conformal?.q80, [1, 1, 1, 1, 1, 1]);
    assert.throws(() => forecaster.setConformal([1], [2]), /conformal\.q80\.length must equal the horizon 6/);
  });

  it('predicts the same in one batch as one by one', async () => {
    const forecaster = fitted.get('tcn')!;
    const batch = await forecaster.predictBatch(inputs.slice(0, 4));
    for (const [i, input] of inputs.slice(0, 4).entries()) {
      const single = await forecaster.predict(input);
      single.point.forEach((p, h) => assert.ok(Math.abs(p - batch[i]!.point[h]!) < 1e-4));
    }
  });

  it('repeats a training run exactly for the same seed', async () => {
    const [a, b] = [createForecaster('dense'), createForecaster('dense')];
    try {
      await a.fit(train, { horizon: HORIZON, seed: 5, hyperparameters: { epochs: 5 } });
      await b.fit(train, { horizon: HORIZON, seed: 5, hyperparameters: { epochs: 5 } });
      assert.deepEqual(await a.predictBatch(inputs.slice(0, 3)), await b.predictBatch(inputs.slice(0, 3)));
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('reloads exactly with rolling statistics, a robust scaler and a covariate', async () => {
    const { target, covariate } = leadingCovariate();
    const hyperparameters = { rollingWindow: 6, scaler: 'robust', epochs: 3, window: 24 };
    const forecaster = createForecaster('tcn', { hyperparameters });
    await forecaster.fit(head(target, 200), {
      horizon: HORIZON,
      covariates: { lead: covariate.slice(0, 200) },
    });
    const held = originsBetween(target, 200, 204, covariate);
    const reloaded = await loadForecaster(throughJson(await forecaster.serialize()));
    try {
      assert.deepEqual(await reloaded.predictBatch(held), await forecaster.predictBatch(held));
      assert.deepEqual(reloaded.metadata?.covariateNames, ['lead']);
    } finally {
      forecaster.dispose();
      reloaded.dispose();
    }
  });

  it('beats itself without a covariate that leads the target by the horizon', async () => {
    const { target, covariate } = leadingCovariate();
    const errors: number[] = [];
    for (const withCovariate of [true, false]) {
      const forecaster = createForecaster('dense', { hyperparameters: { window: 24, epochs: 40 } });
      const covariates = withCovariate ? { lead: covariate.slice(0, 288) } : undefined;
      await forecaster.fit(head(target, 288), {
        horizon: HORIZON,
        seed: 1,
        ...(covariates ? { covariates } : {}),
      });
      const held = originsBetween(target, 288, 331, withCovariate ? covariate : undefined);
      const forecasts = await forecaster.predictBatch(held);
      errors.push(
        scores(
          target,
          held,
          forecasts.map((f) => f.point),
        ).mae,
      );
      forecaster.dispose();
    }
    const [withIt, without] = errors as [number, number];
    assert.ok(withIt < 0.5 * without, `MAE with covariate ${withIt}, without ${without}`);
  });
});
