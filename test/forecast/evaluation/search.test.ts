import assert from 'node:assert/strict';
import {
  candidates,
  createBaseline,
  searchHyperparameters,
  splitSeries,
  type SeriesData,
} from '../../../src/forecast';
import { seasonalSeries } from './synthetic';

describe('hyperparameter search', () => {
  const space = { a: [1, 2], b: ['x', 'y', 'z'] };

  it('grid enumerates every combination in order, capped by trials', () => {
    const grid = candidates({ space });
    assert.equal(grid.length, 6);
    assert.deepEqual(grid.slice(0, 3), [
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
    ]);
    assert.equal(candidates({ space, trials: 4 }).length, 4);
  });

  it('random search is seeded: same seed, same distinct draws', () => {
    const first = candidates({ space, mode: 'random', trials: 4, seed: 7 });
    assert.deepEqual(candidates({ space, mode: 'random', trials: 4, seed: 7 }), first);
    assert.equal(new Set(first.map((p) => JSON.stringify(p))).size, 4);
    assert.notDeepEqual(candidates({ space, mode: 'random', trials: 6, seed: 8 }), candidates({ space }));
  });

  it('scores every trial by validation MASE, records failures, returns the best, never reads evaluation', async () => {
    const series = seasonalSeries(240, { seed: 3 });
    const { evalStart } = splitSeries(series.values.length);
    const poisoned: SeriesData = {
      ...series,
      values: series.values.map((v, i) => (i >= evalStart ? NaN : v)),
    };
    const result = await searchHyperparameters(() => createBaseline('ets'), poisoned, {
      horizon: 6,
      seasonPeriod: 24,
      originStep: 6,
      space: { window: [12, 96, 0] },
    });
    assert.equal(result.trials.length, 3);
    const [short, long, invalid] = result.trials;
    assert.deepEqual(short?.params, { window: 12 });
    assert.ok(Number.isFinite(short?.metrics.mase) && Number.isFinite(long?.metrics.mase));
    assert.ok(result.trials.every((t) => t.durationMs >= 0));
    assert.ok(Number.isNaN(invalid?.metrics.mase));
    assert.match(invalid?.error ?? '', /window must be a positive integer, got 0/);
    const best = (short?.metrics.mase ?? 0) <= (long?.metrics.mase ?? 0) ? short : long;
    assert.equal(result.best, best);
  });
});
