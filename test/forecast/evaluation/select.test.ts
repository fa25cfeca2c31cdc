import assert from 'node:assert/strict';
import {
  EnsembleForecaster,
  createBaseline,
  evaluateEnsemble,
  evaluateModel,
  loadEnsemble,
  loadBaseline,
  planEnsemble,
  selectBest,
  splitSeries,
  validationScores,
  type BaselineKind,
  type SeriesData,
} from '../../../src/forecast';
import { RecordingForecaster, newSeen } from './fakes';
import { seasonalSeries } from './synthetic';

const series = seasonalSeries(240, { seed: 5 });
const options = { horizon: 6, seasonPeriod: 24, originStep: 3 };

describe('model selection and ensembles', () => {
  it('selects by validation MASE without ever reading the evaluation segment', async () => {
    const { evalStart } = splitSeries(series.values.length);
    // Poison the evaluation segment: any read of it would fail validation.
    const poisoned: SeriesData = {
      ...series,
      values: series.values.map((v, i) => (i >= evalStart ? NaN : v)),
    };
    const seen = newSeen(series.start);
    const scores = await validationScores(
      [
        { name: 'naive', factory: () => createBaseline('naive') },
        { name: 'seasonal-naive', factory: () => createBaseline('seasonal-naive') },
        { name: 'spy', factory: () => new RecordingForecaster(seen) },
      ],
      poisoned,
      options,
    );
    assert.equal(selectBest(scores).name, 'seasonal-naive');
    assert.ok(seen.maxEnd <= evalStart - options.horizon, `saw up to ${seen.maxEnd}`);
  });

  it('plans ensembles: best k, median weights equal, inverse-error weights ∝ 1 / MASE', () => {
    const score = (name: string, mase: number) => ({
      name,
      calibration: { metrics: { overall: { mase } } } as Parameters<
        typeof selectBest
      >[0][number]['calibration'],
    });
    const scores = [score('a', 2), score('b', 1), score('c', 4), score('d', NaN)];
    assert.deepEqual(planEnsemble(scores, 2, 'median'), {
      method: 'median',
      members: ['b', 'a'],
      weights: [0.5, 0.5],
    });
    const weighted = planEnsemble(scores, 3, 'inverse-error');
    assert.deepEqual(weighted.members, ['b', 'a', 'c']);
    assert.deepEqual(weighted.weights, [4 / 7, 2 / 7, 1 / 7]);
  });

  it('evaluateEnsemble gives the numbers of backtesting an EnsembleForecaster', async () => {
    const kinds: BaselineKind[] = ['naive', 'seasonal-naive', 'ets', 'mstl'];
    const candidates = [];
    for (const kind of kinds) {
      candidates.push({
        name: kind,
        evaluation: await evaluateModel(() => createBaseline(kind), series, options),
      });
    }
    const { plan, evaluation: combined } = evaluateEnsemble(candidates, 3, 'median');
    const direct = await evaluateModel(
      () =>
        new EnsembleForecaster(
          plan.members.map((m) => createBaseline(m as BaselineKind)),
          plan,
        ),
      series,
      options,
    );
    assert.deepEqual(combined.conformal, direct.conformal);
    assert.deepEqual(combined.evaluation.metrics, direct.evaluation.metrics);
    assert.deepEqual(combined.evaluation.coverage, direct.evaluation.coverage);
  });

  it('an ensemble saved and loaded predicts exactly the same numbers', async () => {
    const ensemble = new EnsembleForecaster(
      [createBaseline('naive'), createBaseline('mstl'), createBaseline('prophet')],
      {
        method: 'inverse-error',
        weights: [0.2, 0.3, 0.5],
      },
    );
    await ensemble.fit(series, { ...options, seed: 9 });
    const before = await ensemble.predict({ history: series });
    const artifact = JSON.parse(JSON.stringify(await ensemble.serialize())) as Awaited<
      ReturnType<typeof ensemble.serialize>
    >;
    assert.equal(artifact.metadata.kind, 'ensemble');
    const loaded = await loadEnsemble(artifact, loadBaseline);
    assert.deepEqual(await loaded.predict({ history: series }), before);
    const parts = await Promise.all(ensemble.members.map((m) => m.predict({ history: series })));
    before.point.forEach((p, k) => {
      const expected = 0.2 * parts[0]!.point[k]! + 0.3 * parts[1]!.point[k]! + 0.5 * parts[2]!.point[k]!;
      assert.ok(Math.abs(p - expected) < 1e-9, `step ${k}: ${p} vs ${expected}`);
    });
    loaded.dispose();
    ensemble.dispose();
  });
});
