import assert from 'node:assert/strict';
import {
  EnsembleForecaster,
  SINGLE_MODEL_KINDS,
  createForecaster,
  loadForecaster,
  withConformal,
  type ModelArtifact,
} from '../../../src/forecast';
import { seasonalSeries } from './synthetic';

const series = seasonalSeries(240, { seed: 13 });
const options = { horizon: 6, seasonPeriod: 24, seed: 1 };
const roundTrip = (artifact: ModelArtifact): ModelArtifact => {
  // Registries store JSON beside the binary weights: mimic that.
  const json = JSON.parse(JSON.stringify({ ...artifact, weights: undefined })) as ModelArtifact;
  return { ...json, weights: artifact.weights };
};

describe('model catalogue', () => {
  it('creates every kind', () => {
    for (const kind of SINGLE_MODEL_KINDS) {
      const model = createForecaster(kind);
      assert.equal(model.kind, kind);
      model.dispose();
    }
  });

  it('loads a calibrated baseline with the same point and intervals', async () => {
    const model = withConformal(createForecaster('mstl'), {
      q80: [1, 1, 2, 2, 3, 3],
      q95: [2, 2, 4, 4, 6, 6],
    });
    await model.fit(series, options);
    const before = await model.predict({ history: series });
    const artifact = roundTrip(await model.serialize());
    assert.deepEqual(artifact.metadata.conformal?.q95, [2, 2, 4, 4, 6, 6]);
    const loaded = await loadForecaster(artifact);
    assert.deepEqual(await loaded.predict({ history: series }), before);
    assert.equal(before.intervals.p95.upper[5], (before.point[5] ?? NaN) + 6);
  });

  it('loads an ensemble mixing a tfjs network and baselines', async function () {
    this.timeout(60_000);
    const ensemble = new EnsembleForecaster(
      [createForecaster('dense'), createForecaster('seasonal-naive'), createForecaster('ets')],
      { method: 'median', weights: [1 / 3, 1 / 3, 1 / 3] },
    );
    await ensemble.fit(series, { ...options, hyperparameters: { epochs: 3 } });
    const before = await ensemble.predictBatch([
      { history: series },
      { history: { ...series, values: series.values.slice(0, 200) } },
    ]);
    const loaded = await loadForecaster(roundTrip(await ensemble.serialize()));
    assert.equal(loaded.kind, 'ensemble');
    assert.deepEqual(
      await loaded.predictBatch([
        { history: series },
        { history: { ...series, values: series.values.slice(0, 200) } },
      ]),
      before,
    );
    loaded.dispose();
    ensemble.dispose();
  });

  it('refuses an unknown kind or format', async () => {
    const artifact = {
      metadata: { formatVersion: 1, kind: 'crystal-ball' },
      state: {},
    } as unknown as ModelArtifact;
    await assert.rejects(loadForecaster(artifact), /metadata\.kind must be a known model kind/);
    const future = { metadata: { formatVersion: 2, kind: 'naive' }, state: {} } as unknown as ModelArtifact;
    await assert.rejects(loadForecaster(future), /formatVersion must be 1/);
  });
});
