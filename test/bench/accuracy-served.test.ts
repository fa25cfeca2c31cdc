import assert from 'node:assert/strict';
import {
  describeProductionKinds,
  kindSetRows,
  productionKinds,
  productionView,
} from '../../bench/accuracy-kind-sets';
import { DEFAULT_POLICY, productionPolicy, servePolicies } from '../../bench/accuracy-policies';
import type { SeriesOutcome } from '../../bench/accuracy-run';
import { createForecaster, evaluateModel, type ModelEvaluation, type SeriesData } from '../../src/forecast';
import { DEFAULT_RETRAIN_KINDS } from '../../src/workflows/retrain';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const series: SeriesData = {
  start: 0,
  stepMs: HOUR,
  values: Array.from({ length: 24 * 12 }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 24) + (i % 5)),
};
const options = { horizon: 6, seasonPeriod: 24, originStep: 1, seed: 42 };

describe("bench:accuracy's served row is what production serves", () => {
  let outcome: SeriesOutcome;
  before(async () => {
    const naive = await evaluateModel(() => createForecaster('naive'), series, options);
    const seasonal = await evaluateModel(() => createForecaster('seasonal-naive'), series, options);
    // A bench-only candidate (production's retrain does not train it) that beats every other one.
    const bestBenchOnly: ModelEvaluation = seasonal;
    outcome = {
      name: 's',
      byModel: new Map<string, ModelEvaluation>([
        ['naive', naive],
        ['seasonal-naive', seasonal],
        ['prophet', bestBenchOnly],
      ]),
      failed: new Map([['dense', 'trap']]),
      guardRefits: new Map(),
    };
  });

  it('keeps only the kinds the retrain trains hourly, failures included', () => {
    const [view] = productionView([outcome], 'hourly') as [SeriesOutcome];
    assert.deepEqual([...view.byModel.keys()], ['naive', 'seasonal-naive']);
    assert.deepEqual([...view.failed.keys()], []);
    for (const kind of view.byModel.keys()) assert.ok(DEFAULT_RETRAIN_KINDS['1h'].includes(kind as never));
  });

  it('keeps the dense network at 5 minutes, where production trains it', () => {
    const [view] = productionView([outcome], '5min') as [SeriesOutcome];
    assert.deepEqual([...view.byModel.keys()], ['naive', 'seasonal-naive']);
    assert.deepEqual([...view.failed.keys()], ['dense']);
    assert.deepEqual(productionKinds('5min', 5 * MINUTE), [
      ...DEFAULT_RETRAIN_KINDS['1h'],
      'dense',
      'recent-median',
    ]);
  });

  it("serves a file recorded hourly as production's hourly series, at the native row too", () => {
    const [view] = productionView([outcome], '5min', () => HOUR) as [SeriesOutcome];
    assert.deepEqual([...view.failed.keys()], []);
    assert.deepEqual(productionKinds('5min', HOUR), DEFAULT_RETRAIN_KINDS['1h']);
    const mixed = [outcome, { ...outcome, name: 'hourly file' }];
    const stepOf = (name: string) => (name === 'hourly file' ? HOUR : 5 * MINUTE);
    assert.match(
      describeProductionKinds(mixed, '5min', stepOf),
      /^1 series as 5m: .*dense, recent-median; 1 series as 1h: /,
    );
    assert.equal(describeProductionKinds(mixed, 'hourly', stepOf), DEFAULT_RETRAIN_KINDS['1h'].join(', '));
  });

  it('serves under the default policy when fixed, never a candidate production lacks', () => {
    const [served] = servePolicies(productionView([outcome], 'hourly'), DEFAULT_POLICY);
    assert.equal(served?.chosen, DEFAULT_POLICY);
    assert.ok(!served?.served.decision.combination.members.includes('prophet'));
    const [every] = servePolicies([outcome]);
    assert.ok(every?.served.decision.scores.some((c) => c.name === 'prophet'));
  });

  it('scores a set of kinds under the policy production serves at each granularity', () => {
    const kinds = ['naive', 'seasonal-naive'];
    for (const [bench, production] of [
      ['hourly', '1h'],
      ['5min', '5m'],
    ] as const) {
      const [row] = kindSetRows([outcome], [kinds], bench);
      const [served] = servePolicies(productionView([outcome], bench), productionPolicy(production));
      assert.equal(row?.mase, served?.served.evaluation.metrics.overall.mase, bench);
    }
  });
});
