import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  conformalHalfWidth,
  createForecaster,
  evaluateModel,
  residualQuantiles,
  withConformal,
  type SeriesData,
} from '../../../src/forecast';
import { RecordingForecaster, newSeen } from './fakes';
import { nabDir } from '../../ingest/support/paths';
import { gaussian } from './synthetic';

describe('conformal intervals', () => {
  it('takes the ⌈(n + 1)·level⌉-th smallest score (finite-sample correction)', () => {
    const oneTo = (n: number) => Array.from({ length: n }, (_, i) => n - i);
    assert.equal(conformalHalfWidth(oneTo(19), 0.95), 19);
    assert.equal(conformalHalfWidth(oneTo(39), 0.95), 38);
    assert.equal(conformalHalfWidth(oneTo(10), 0.8), 9);
    // Too few scores for the rank: the largest one, not an infinite width.
    assert.equal(conformalHalfWidth(oneTo(5), 0.95), 5);
    assert.ok(Number.isNaN(conformalHalfWidth([], 0.8)));
    assert.throws(() => conformalHalfWidth([1], 1), RangeError);
  });

  it('computes per-step quantiles from signed residuals', () => {
    const oneTo = (n: number, sign: number) => Array.from({ length: n }, (_, i) => sign * (i + 1));
    const q = residualQuantiles([oneTo(100, -1), oneTo(100, 2).map((r, i) => (i % 2 ? r : -r))]);
    assert.deepEqual(q.q80, [81, 162]);
    assert.deepEqual(q.q95, [96, 192]);
  });

  it('pools neighbouring steps while each holds few residuals: one outlier does not set a width', () => {
    const z = gaussian(7);
    const steps = Array.from({ length: 13 }, () => Array.from({ length: 23 }, () => z()));
    const spikeAt = (k: number, r: number) => {
      const step = steps[k] as number[];
      step[0] = r;
    };
    // A daily spike missed at one step and echoed (a seasonal-naive forecast) at another.
    spikeAt(9, 20);
    spikeAt(10, -20);
    const { q80, q95 } = residualQuantiles(steps);
    // With 23 scores alone, the 95% rank is the largest: 20 at steps 10 and 11.
    for (const q of q95) assert.ok(q > 1.5 && q < 3, `q95 ${q95.join(' ')}`);
    for (const q of q80) assert.ok(q > 0.9 && q < 1.8, `q80 ${q80.join(' ')}`);
  });

  it('gives the bundled spiky CPU series (production 5-minute plan) no single-step spikes, still calibrated', async () => {
    const file = path.join(nabDir(), 'ec2_cpu_utilization_24ae8d.csv');
    const values = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[1]));
    // Production at 5 minutes: five days, 13 steps (12 issued + 1 lead), origins an hour apart.
    const series: SeriesData = { start: 0, stepMs: 300_000, values: values.slice(0, 1440) };
    const plan = { horizon: 13, seasonPeriod: 288, originStep: 12 };
    const result = await evaluateModel(() => createForecaster('seasonal-naive'), series, plan);
    assert.equal(result.calibration.residuals[0]?.length, 23);
    const q95 = result.conformal.q95;
    // The level is about 0.13 and daily spikes reach 1.5: before pooling, two steps' bands were ±1.3.
    assert.ok(Math.max(...q95) < 3 * Math.min(...q95), `q95 ${q95.join(' ')}`);
    assert.ok(Math.max(...q95) < 0.3, `q95 ${q95.join(' ')}`);
    assert.ok(result.evaluation.coverage.p95 >= 0.92, `coverage95 ${result.evaluation.coverage.p95}`);
    assert.ok(result.evaluation.coverage.p80 >= 0.75, `coverage80 ${result.evaluation.coverage.p80}`);
  });

  it('covers close to nominal on Gaussian noise (train | calibration | evaluation)', async () => {
    const z = gaussian(2024);
    const series: SeriesData = {
      start: 0,
      stepMs: 60_000,
      values: Array.from({ length: 3000 }, () => 10 + z()),
    };
    const result = await evaluateModel(() => new RecordingForecaster(newSeen(), { window: 200 }), series, {
      horizon: 3,
      seasonPeriod: 10,
      refitEvery: Infinity,
    });
    // 600 evaluation origins: sampling error of a coverage share is about ±1–2 points.
    assert.ok(
      Math.abs(result.evaluation.coverage.p95 - 0.95) < 0.025,
      `p95 ${result.evaluation.coverage.p95}`,
    );
    assert.ok(Math.abs(result.evaluation.coverage.p80 - 0.8) < 0.04, `p80 ${result.evaluation.coverage.p80}`);
    // The 95% half-width of N(0, 1) errors (plus a little mean-estimation noise) is about 1.96.
    for (const q of result.conformal.q95) assert.ok(q > 1.8 && q < 2.25, `q95 ${q}`);
    // Calibration only saw data before the evaluation segment.
    assert.ok(result.calibration.folds.every((f) => f.origin + 3 <= result.split.evalStart));
  });

  it('wraps a forecaster: point unchanged, intervals point ± q per step', async () => {
    const inner = new RecordingForecaster(newSeen());
    const history = { start: 0, stepMs: 1000, values: [1, 2, 3] };
    await inner.fit(history, { horizon: 2 });
    const wrapped = withConformal(inner, { q80: [1, 2], q95: [3, 4] });
    const forecast = await wrapped.predict({ history });
    assert.deepEqual(forecast.point, [3, 3]);
    assert.deepEqual(forecast.intervals.p80, { lower: [2, 1], upper: [4, 5] });
    assert.deepEqual(forecast.intervals.p95, { lower: [0, -1], upper: [6, 7] });
  });
});
