import assert from 'node:assert/strict';
import { SPIKE_CLEANED_KINDS, createBaseline, loadBaseline, type SeriesData } from '../../../src/forecast';
import { cleanSpikes } from '../../../src/forecast/features';
import { seasonalSeries } from '../evaluation/synthetic';

/** Eight hourly days with two isolated spikes, one of them a day before the end. */
function spiky(): SeriesData {
  const series = seasonalSeries(24 * 8, { noise: 4, seed: 11 });
  const values = [...series.values];
  values[100] = 400;
  values[24 * 7 - 3] = 400;
  return { ...series, values };
}

const options = (cleanSpikes?: boolean) => ({
  horizon: 6,
  seasonPeriod: 24,
  hyperparameters: cleanSpikes === undefined ? undefined : { cleanSpikes },
});

describe('spike cleaning in the statistical baselines', () => {
  it('fits and forecasts the listed kinds on the cleaned window when cleanSpikes is set', async () => {
    const history = spiky();
    const cleaned = { ...history, values: cleanSpikes(history.values) };
    for (const kind of ['ets', 'theta', 'sarima', 'arima', 'mstl'] as const) {
      assert.ok(SPIKE_CLEANED_KINDS.has(kind));
      const onSpiky = createBaseline(kind);
      await onSpiky.fit(history, options(true));
      const onCleaned = createBaseline(kind);
      await onCleaned.fit(cleaned, options(false));
      assert.deepEqual(
        (await onSpiky.predict({ history })).point,
        (await onCleaned.predict({ history: cleaned })).point,
        kind,
      );
    }
  });

  it('is off by default and a no-op for the kinds outside the list', async () => {
    const history = spiky();
    for (const kind of ['theta', 'seasonal-naive'] as const) {
      const plain = createBaseline(kind);
      await plain.fit(history, options());
      const flagged = createBaseline(kind);
      await flagged.fit(history, options(true));
      const same = kind === 'seasonal-naive';
      const [a, b] = [(await plain.predict({ history })).point, (await flagged.predict({ history })).point];
      assert.equal(JSON.stringify(a) === JSON.stringify(b), same, kind);
    }
  });

  it('keeps the setting through serialization', async () => {
    const history = spiky();
    const model = createBaseline('theta');
    await model.fit(history, options(true));
    const artifact = await model.serialize();
    assert.equal(artifact.metadata.hyperparameters['cleanSpikes'], true);
    const loaded = await loadBaseline(JSON.parse(JSON.stringify(artifact)) as typeof artifact);
    assert.deepEqual((await loaded.predict({ history })).point, (await model.predict({ history })).point);
  });
});
