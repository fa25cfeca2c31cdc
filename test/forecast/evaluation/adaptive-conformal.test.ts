import assert from 'node:assert/strict';
import { adaptiveHalfWidths, createAdaptiveConformal, updateAdaptiveConformal } from '../../../src/forecast';
import { gaussian } from './synthetic';

describe('adaptive conformal intervals', () => {
  it('starts from the calibration residuals per step and leaves the given state unchanged', () => {
    // 100 scores a step: enough for each step to stand alone.
    const residuals = [
      Array.from({ length: 100 }, (_, i) => i + 1),
      Array.from({ length: 100 }, (_, i) => 2 * (i + 1)),
    ];
    const state = createAdaptiveConformal(residuals);
    const { q80, q95, support } = adaptiveHalfWidths(state);
    assert.deepEqual(
      [q80, q95, support],
      [
        [81, 162],
        [96, 192],
        [100, 100],
      ],
    );
    const next = updateAdaptiveConformal(state, { step: 0, residual: 1000 });
    assert.deepEqual(adaptiveHalfWidths(state).q95, [96, 192]);
    assert.ok((adaptiveHalfWidths(next).q95[0] ?? 0) > 96);
    assert.deepEqual(adaptiveHalfWidths(next).q95[1], 192, 'other steps are untouched');
  });

  it('calibrates a step with few scores on its neighbours: no single-step spike from one outlier', () => {
    const z = gaussian(5);
    const residuals = Array.from({ length: 13 }, () => Array.from({ length: 23 }, () => z()));
    (residuals[9] as number[])[0] = 20;
    let state = createAdaptiveConformal(residuals);
    const seeded = adaptiveHalfWidths(state);
    assert.ok(Math.max(...seeded.q95) < 3, `q95 ${seeded.q95.join(' ')}`);
    assert.ok(seeded.support.every((n) => n >= 100));
    // Two outliers in a row at one step: the misses move its whole neighbourhood's miss rate, so
    // the width grows over several steps together, not at one step alone.
    state = updateAdaptiveConformal(state, { step: 6, residual: 15 });
    state = updateAdaptiveConformal(state, { step: 6, residual: -15 });
    const after = adaptiveHalfWidths(state).q95;
    const six = after[6] ?? NaN;
    assert.ok(six > (seeded.q95[6] ?? NaN), `q95 ${after.join(' ')}`);
    assert.ok(six <= 2 * Math.min(after[5] ?? NaN, after[7] ?? NaN), `q95 ${after.join(' ')}`);
  });

  it('converges to nominal coverage after the noise doubles', () => {
    const z = gaussian(11);
    const calibration = [Array.from({ length: 100 }, () => z())];
    let state = createAdaptiveConformal(calibration, { gamma: 0.02, window: 200 });
    let hits80 = 0;
    let hits95 = 0;
    const n = 2000;
    for (let t = 0; t < n; t++) {
      const residual = 2 * z();
      const { q80, q95 } = adaptiveHalfWidths(state);
      if (t >= 500) {
        hits80 += Math.abs(residual) <= (q80[0] ?? 0) ? 1 : 0;
        hits95 += Math.abs(residual) <= (q95[0] ?? 0) ? 1 : 0;
      }
      state = updateAdaptiveConformal(state, { step: 0, residual });
    }
    const c80 = hits80 / (n - 500);
    const c95 = hits95 / (n - 500);
    assert.ok(c80 > 0.76 && c80 < 0.84, `coverage80 ${c80}`);
    assert.ok(c95 > 0.93 && c95 < 0.97, `coverage95 ${c95}`);
  });

  it('ignores steps it does not track and non-finite residuals', () => {
    const state = createAdaptiveConformal([[1, 2, 3]]);
    assert.equal(updateAdaptiveConformal(state, { step: 3, residual: 1 }), state);
    assert.equal(updateAdaptiveConformal(state, { step: 0, residual: NaN }), state);
  });

  it('a revision (an error whose key is already counted) replaces the earlier score and its misses', () => {
    const residuals = [Array.from({ length: 99 }, (_, i) => i + 1)];
    const seeded = createAdaptiveConformal(residuals);
    const once = updateAdaptiveConformal(seeded, { step: 0, residual: 500, key: 1_000 });
    assert.deepEqual([once.steps[0]?.scores.length, once.steps[0]?.keys?.slice(-2)], [100, [null, 1_000]]);
    assert.equal(once.steps[0]?.misses?.at(-1), 3, 'outside both bands');
    // The actual is revised: the error is now small. The record counts once, with the new error.
    const revised = updateAdaptiveConformal(once, { step: 0, residual: -2, key: 1_000 });
    const step = revised.steps[0]!;
    assert.equal(step.scores.length, 100);
    assert.deepEqual([step.scores.at(-1), step.misses?.at(-1)], [2, 0]);
    // As if the small error had come instead of the large one.
    const direct = updateAdaptiveConformal(seeded, { step: 0, residual: 2 });
    assert.ok(Math.abs(step.missRate.p80 - direct.steps[0]!.missRate.p80) < 1e-12);
    assert.ok(Math.abs(step.missRate.p95 - direct.steps[0]!.missRate.p95) < 1e-12);
    assert.deepEqual(adaptiveHalfWidths(revised), adaptiveHalfWidths(direct));
    // Another record is a new error; unkeyed errors never replace one.
    const other = updateAdaptiveConformal(revised, { step: 0, residual: 3, key: 2_000 });
    assert.equal(other.steps[0]?.scores.length, 101);
    assert.equal(updateAdaptiveConformal(other, { step: 0, residual: 3 }).steps[0]?.scores.length, 102);
  });
});
