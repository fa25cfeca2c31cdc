import assert from 'node:assert/strict';
import {
  adaptiveHalfWidths,
  createAdaptiveConformal,
  replayAdaptive,
  residualsPerStep,
  updateAdaptiveConformal,
  type BacktestFold,
} from '../../../src/forecast';
import { gaussian } from './synthetic';

/** Folds every `originStep` points over `values` with point forecast 0 (residual = actual). */
function foldsOver(values: readonly number[], horizon: number, originStep: number): BacktestFold[] {
  const folds: BacktestFold[] = [];
  for (let o = 0; o + horizon <= values.length; o += originStep) {
    const point = Array.from({ length: horizon }, () => 0);
    const empty = { lower: point, upper: point };
    folds.push({ origin: o, point, actual: values.slice(o, o + horizon), p80: empty, p95: empty });
  }
  return folds;
}

describe('adaptive conformal replayed over a backtest', () => {
  const z = gaussian(3);
  const calibration = Array.from({ length: 3 }, () => Array.from({ length: 120 }, () => z()));

  it('gives each fold the widths of the errors observed before its origin only', () => {
    const values = Array.from({ length: 60 }, () => z());
    const quiet = replayAdaptive(foldsOver(values, 3, 1), calibration);
    // A huge error at the last target: no fold's interval may know it (its target is never before an origin).
    const loud = replayAdaptive(foldsOver([...values.slice(0, -1), 1e6], 3, 1), calibration);
    assert.deepEqual(
      loud.folds.map((f) => f.p95),
      quiet.folds.map((f) => f.p95),
    );
    // The first fold sees only the calibration residuals.
    const seeded = adaptiveHalfWidths(createAdaptiveConformal(calibration));
    assert.deepEqual(quiet.folds[0]?.p95.upper, seeded.q95);
    // But the end state has it: production serves from that state.
    assert.notDeepEqual(adaptiveHalfWidths(loud.state).q95, adaptiveHalfWidths(quiet.state).q95);
  });

  it('ends with every error applied in the order its target was observed', () => {
    const values = Array.from({ length: 20 }, () => 3 * z());
    const folds = foldsOver(values, 3, 2);
    let expected = createAdaptiveConformal(calibration);
    const errors = folds.flatMap((f) =>
      f.point.map((p, k) => ({ at: f.origin + k + 1, step: k, residual: (f.actual[k] ?? NaN) - p })),
    );
    errors.sort((a, b) => a.at - b.at || a.step - b.step);
    for (const e of errors) expected = updateAdaptiveConformal(expected, e);
    assert.deepEqual(replayAdaptive(folds, calibration).state, expected);
    assert.deepEqual(replayAdaptive([], calibration).state, createAdaptiveConformal(calibration));
  });

  it('widens after the errors grow, by the end of the evaluation', () => {
    const values = Array.from({ length: 300 }, () => 4 * z());
    const { state } = replayAdaptive(foldsOver(values, 3, 1), calibration);
    const before = adaptiveHalfWidths(createAdaptiveConformal(calibration)).q95;
    const after = adaptiveHalfWidths(state).q95;
    after.forEach((q, k) => assert.ok(q > 2 * (before[k] ?? NaN), `step ${k}: ${before[k]} → ${q}`));
  });

  it('reads residuals per step from folds', () => {
    const folds = foldsOver([1, 2, 3, 4], 2, 2);
    assert.deepEqual(residualsPerStep(folds), [
      [1, 3],
      [2, 4],
    ]);
    assert.deepEqual(residualsPerStep([]), []);
  });
});
