import assert from 'node:assert/strict';
import { COMBINATION, decideServing, summarizeWithScale, type BacktestFold } from '../../../src/forecast';
import { SERVING_OPTIONS } from '../../../src/modelling/plan';

const TIMING = { fits: 0, fitMs: 0, predictions: 0, predictMs: 0 };

/** A calibration backtest whose forecasts miss the actual (0) by `errors[i]` at origin i. */
function calibration(errors: readonly number[]) {
  const folds: BacktestFold[] = errors.map((e, i) => {
    const empty = { lower: [NaN], upper: [NaN] };
    return { origin: 100 + i, point: [e], actual: [0], p80: empty, p95: empty };
  });
  return summarizeWithScale(folds, { scale: 1, lag: 1 }, TIMING);
}

const constant = (value: number, n = 40): number[] => new Array<number>(n).fill(value);
/** The first policy: weighted mean of the better half, a single model when it wins by 10%. */
const WEIGHTED_HALF = { method: 'weighted', memberShare: 0.5, margin: 0.1 } as const;

describe('decideServing', () => {
  it('by default serves the median of the best two thirds, whatever a single model does', () => {
    // Six candidates: the best four (two thirds) make the median; 'wild' is far off at one origin.
    const wild = constant(0.5).map((v, i) => (i === 7 ? 1000 : v));
    const decision = decideServing([
      { name: 'a', calibration: calibration(constant(0.3)) },
      { name: 'b', calibration: calibration(constant(-0.4)) },
      { name: 'c', calibration: calibration(constant(0.6)) },
      { name: 'wild', calibration: calibration(wild) },
      { name: 'e', calibration: calibration(constant(30)) },
      { name: 'f', calibration: calibration(constant(40)) },
    ]);
    assert.equal(decision.served, COMBINATION);
    assert.equal(decision.combination.method, 'median');
    assert.deepEqual(decision.combination.members, ['a', 'b', 'c', 'wild']);
    // Median of four = mean of the middle two: (0.3 + 0.5) / 2, and (0.3 + 0.6) / 2 where 'wild' is
    // 1000: the runaway value only reorders the members, it never enters the forecast.
    assert.ok(
      Math.abs(decision.combinationMase - (39 * 0.4 + 0.45) / 40) < 1e-12,
      `combination MASE ${decision.combinationMase}`,
    );
    assert.match(decision.reasons.join(' '), /best 67% by validation MASE\), their median/);
    assert.match(decision.reasons.join(' '), /always served/);
  });

  it('a weighted mean of the better half is pulled by a member that runs away; the median is not', () => {
    const wild = constant(0.2).map((v, i) => (i === 3 ? 2000 : v));
    const candidates = [
      { name: 'steady', calibration: calibration(constant(0.3)) },
      { name: 'wild', calibration: calibration(wild) },
      { name: 'other', calibration: calibration(constant(-0.35)) },
    ];
    const weighted = decideServing(candidates, { method: 'weighted', memberShare: 1, margin: Infinity });
    const median = decideServing(candidates, { method: 'median', memberShare: 1, margin: Infinity });
    assert.ok(median.combinationMase < 0.25, `median ${median.combinationMase}`);
    assert.ok(weighted.combinationMase > 1, `weighted ${weighted.combinationMase}`);
  });

  it('names a member share outside (0, 1]', () => {
    assert.throws(
      () => decideServing([{ name: 'a', calibration: calibration(constant(1)) }], { memberShare: 0 }),
      /options\.memberShare must be in \(0, 1\], got 0/,
    );
  });

  it('serves the combination of the better half when no model wins clearly', () => {
    const decision = decideServing(
      [
        { name: 'a', calibration: calibration(constant(1)) },
        { name: 'b', calibration: calibration(constant(-1.05)) },
        { name: 'c', calibration: calibration(constant(3)) },
        { name: 'd', calibration: calibration(constant(4)) },
      ],
      WEIGHTED_HALF,
    );
    assert.equal(decision.served, COMBINATION);
    assert.deepEqual(decision.combination.members, ['a', 'b']);
    // Errors of opposite sign cancel in the combination: it beats both members.
    assert.ok(decision.combinationMase < 0.1, `combination MASE ${decision.combinationMase}`);
    const weights = decision.combination.weights;
    assert.ok(Math.abs((weights[0] ?? 0) + (weights[1] ?? 0) - 1) < 1e-12);
    assert.deepEqual(
      decision.scores.map((s) => [s.name, s.status]),
      [
        ['a', 'member'],
        ['b', 'member'],
        ['c', 'left-out'],
        ['d', 'left-out'],
      ],
    );
  });

  it('serves a single model that wins by the margin in both halves of the segment', () => {
    const decision = decideServing(
      [
        { name: 'good', calibration: calibration(constant(0.2)) },
        { name: 'poor', calibration: calibration(constant(2)) },
        { name: 'worse', calibration: calibration(constant(3)) },
      ],
      WEIGHTED_HALF,
    );
    assert.equal(decision.served, 'good');
    assert.match(decision.reasons.join(' '), /good beats it by more than 10% overall and in both halves/);
  });

  it('keeps the combination when the winner was lucky in only one half', () => {
    // Excellent in the first half, poor in the second: its overall score alone would pick it.
    const lucky = [...constant(0.01, 20), ...constant(1.2, 20)];
    const decision = decideServing(
      [
        { name: 'lucky', calibration: calibration(lucky) },
        { name: 'steady', calibration: calibration(constant(1)) },
        { name: 'other', calibration: calibration(constant(-1)) },
      ],
      WEIGHTED_HALF,
    );
    assert.equal(decision.served, COMBINATION);
    assert.match(decision.reasons.join(' '), /lucky beats it overall but not in both halves/);
  });

  it('lists failed candidates with their reason and never serves them', () => {
    const decision = decideServing([
      { name: 'prophet', failure: 'RuntimeError: unreachable' },
      { name: 'naive', calibration: calibration(constant(1)) },
    ]);
    assert.equal(decision.served, COMBINATION);
    assert.deepEqual(decision.combination.members, ['naive']);
    const failed = decision.scores.find((s) => s.name === 'prophet');
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.reason, 'RuntimeError: unreachable');
    assert.match(decision.reasons.join(' '), /prophet failed: RuntimeError: unreachable/);
  });

  it('refuses when every candidate failed, naming the field', () => {
    assert.throws(
      () => decideServing([{ name: 'x', failure: 'NaN' }]),
      /candidates must hold at least one candidate that did not fail, got 1/,
    );
  });

  it("production's options: always combined hourly; at 5 minutes a clear, consistent winner alone", () => {
    const candidates = [
      { name: 'median level', calibration: calibration(constant(0.2)) },
      { name: 'mean level', calibration: calibration(constant(1)) },
      { name: 'last value', calibration: calibration(constant(1.5)) },
    ];
    assert.equal(decideServing(candidates, SERVING_OPTIONS['1h']).served, COMBINATION);
    assert.equal(decideServing(candidates, SERVING_OPTIONS['5m']).served, 'median level');
  });
});
