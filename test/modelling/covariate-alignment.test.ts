import assert from 'node:assert/strict';
import type { ModelMetadata } from '../../src/forecast';
import {
  alignCovariate,
  alignCovariates,
  COVARIATE_MAX_AGE_MS,
  covariateInput,
  plainTwinOf,
} from '../../src/modelling';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1);
const hourly = (length: number) => ({ start: T0, stepMs: 60 * MIN, length });

describe('modelling/covariate-alignment: the newest value at or before each step, not too old', () => {
  it('takes the value at the step itself when there is one', () => {
    const points = [0, 1, 2].map((i) => ({ t: T0 + i * 60 * MIN, value: 10 + i }));
    assert.deepEqual(alignCovariate(hourly(3), points), [10, 11, 12]);
  });

  it('takes the newest earlier value within 30 minutes, never a later one', () => {
    // 5-minute samples lagging the hourly steps by 10 minutes: the step reads the sample before it.
    const points = [
      { t: T0 - 10 * MIN, value: 1 },
      { t: T0 + 50 * MIN, value: 2 },
      { t: T0 + 55 * MIN, value: 3 }, // newest before 01:00
      { t: T0 + 65 * MIN, value: 4 }, // after 01:00: not used for it
    ];
    assert.deepEqual(alignCovariate(hourly(2), points), [1, 3]);
  });

  it('leaves a step NaN when the newest value is older than the limit (a stopped feed or a gap)', () => {
    const points = [
      { t: T0, value: 1 },
      { t: T0 + 60 * MIN - COVARIATE_MAX_AGE_MS, value: 2 }, // exactly 30 minutes before 01:00
    ];
    const aligned = alignCovariate(hourly(3), points);
    assert.deepEqual(aligned.slice(0, 2), [1, 2]);
    assert.ok(Number.isNaN(aligned[2]), 'nothing within 30 minutes of 02:00');
    assert.ok(Number.isNaN(alignCovariate(hourly(1), [{ t: T0 + MIN, value: 9 }])[0]), 'only later points');
  });

  it('the age limit is a parameter', () => {
    const points = [{ t: T0 - 45 * MIN, value: 7 }];
    assert.ok(Number.isNaN(alignCovariate(hourly(1), points)[0]));
    assert.deepEqual(alignCovariate(hourly(1), points, 60 * MIN), [7]);
  });

  it('alignCovariates keeps the fully aligned covariates and names the others', () => {
    const target = { start: T0, stepMs: 60 * MIN, values: [1, 2, 3] };
    const full = [0, 1, 2].map((i) => ({ t: T0 + i * 60 * MIN, value: i }));
    const stopped = full.slice(0, 2);
    const { covariates, unaligned } = alignCovariates(target, [
      { name: 'series/7', points: full },
      { name: 'series/9', points: stopped },
    ]);
    assert.deepEqual(covariates, { 'series/7': [0, 1, 2] });
    assert.deepEqual(unaligned, ['series/9']);
  });

  describe('serving a twin', () => {
    const twin = {
      ...{ covariateNames: ['series/7'], window: 3, stepMs: 60 * MIN },
      hyperparameters: { withoutCovariates: 41, rollingWindow: 0 },
    } as unknown as ModelMetadata;

    it('knows a twin by its covariates and plain model; metadata without covariates (external) is none', () => {
      assert.equal(plainTwinOf(twin), 41);
      assert.equal(plainTwinOf({ kind: 'external' } as unknown as ModelMetadata), undefined);
      const plain = { covariateNames: [], hyperparameters: {} } as unknown as ModelMetadata;
      assert.equal(plainTwinOf(plain), undefined);
    });

    it('aligns the covariates over the input window only; a stale one gives no input', () => {
      const history = { start: T0, stepMs: 60 * MIN, values: [1, 2, 3, 4, 5, 6] };
      // A gap early in the covariate is outside the 3-step window the twin reads.
      const points = [0, 3, 4, 5].map((i) => ({ t: T0 + i * 60 * MIN, value: 10 * i }));
      const input = covariateInput(twin, history, new Map([[7 as never, points]]));
      assert.deepEqual(input?.history.values, [4, 5, 6]);
      assert.deepEqual(input?.covariates, { 'series/7': [30, 40, 50] });
      const stale = covariateInput(twin, history, new Map([[7 as never, points.slice(0, 3)]]));
      assert.equal(stale, undefined);
      assert.equal(covariateInput(twin, history, new Map()), undefined, 'a missing covariate');
    });
  });
});
