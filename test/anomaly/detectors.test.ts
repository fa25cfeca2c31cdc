import assert from 'node:assert/strict';
import {
  AnomalyInputError,
  changepointScores,
  extremeScores,
  oneStepBandScores,
  outlierScores,
  rollingSigmaScores,
  scoreAll,
  toDetections,
  voteScores,
} from '../../src/anomaly';
import { DAY_POINTS, STEP, flagged, wave, withShift, withSpike } from './synthetic';

const SPIKE_AT = 3 * DAY_POINTS + 100;
const SHIFT_AT = 3 * DAY_POINTS + 150;

describe('anomaly detectors on synthetic series', function () {
  this.timeout(120_000);
  const clean = wave(4);
  const spiked = withSpike(clean, SPIKE_AT, 30);
  const shifted = withShift(clean, SHIFT_AT, 25);

  it('3-sigma flags the planted spike and nothing on the clean series', () => {
    assert.deepEqual(flagged(rollingSigmaScores(spiked, { window: DAY_POINTS }), 3.5), [SPIKE_AT]);
    assert.deepEqual(flagged(rollingSigmaScores(clean, { window: DAY_POINTS }), 3.5), []);
  });

  it('the one-step conformal band flags the spike (and the point after, whose naive forecast is the spike)', () => {
    const options = { method: 'naive', period: DAY_POINTS, calibration: DAY_POINTS } as const;
    assert.deepEqual(flagged(oneStepBandScores(spiked, options), 5), [SPIKE_AT, SPIKE_AT + 1]);
    assert.deepEqual(flagged(oneStepBandScores(clean, options), 5), []);
  });

  it('a new extreme flags the spike and the first points of a level shift above the two-day range', () => {
    assert.deepEqual(flagged(extremeScores(spiked, { window: 2 * DAY_POINTS }), 1), [SPIKE_AT]);
    const shift = flagged(extremeScores(shifted, { window: 2 * DAY_POINTS }), 1);
    assert.equal(shift[0], SHIFT_AT);
    assert.deepEqual(flagged(extremeScores(clean, { window: 2 * DAY_POINTS }), 1), []);
  });

  it('changepoints report a level shift once, within the hour after it, with its size', async () => {
    // A flat noisy metric: within one day of the wave, BOCPD rightly sees changes in the slope.
    const options = { window: DAY_POINTS, every: 12, hazardLambda: 250 };
    const flatNoise = wave(4, 11, 0);
    const scores = await changepointScores(withShift(flatNoise, SHIFT_AT, 5), options);
    const big = flagged(scores, 3);
    assert.equal(big.length, 1, `one report, got ${big.join(',')}`);
    assert.ok(big[0]! >= SHIFT_AT && big[0]! < SHIFT_AT + 24, `reported at ${big[0]}, shift at ${SHIFT_AT}`);
    assert.deepEqual(flagged(await changepointScores(flatNoise, options), 3), []);
  });

  it('the daily outlier detector scores the spiked hour far above every clean hour', async () => {
    const options = { period: DAY_POINTS, days: 3, every: 12 };
    const spikedScores = await outlierScores(spiked, options);
    const cleanMax = Math.max(...(await outlierScores(clean, options)));
    assert.ok(spikedScores[SPIKE_AT]! > 3 * cleanMax, `${spikedScores[SPIKE_AT]} vs clean max ${cleanMax}`);
    assert.equal(spikedScores.indexOf(Math.max(...spikedScores)), SPIKE_AT);
  });

  it('the outlier detector copes with a flat metric (augurs refuses a zero MAD)', async () => {
    const flat = withSpike(new Array<number>(4 * DAY_POINTS).fill(5), SPIKE_AT, 1);
    const scores = await outlierScores(flat, { period: DAY_POINTS, days: 3, every: 12 });
    assert.ok(scores[SPIKE_AT]! > 100);
    assert.equal(scores[SPIKE_AT - 1], 0);
  });

  it('scoreAll runs every detector over a series at its own step', async () => {
    const scores = await scoreAll(spiked, STEP);
    for (const name of ['band95', 'changepoint', 'outlier', 'extreme', 'sigma3'] as const)
      assert.equal(scores[name].length, spiked.length, name);
    assert.ok(scores.extreme[SPIKE_AT]! > 1);
    assert.ok(scores.band95[SPIKE_AT]! > 5);
  });

  it('detections respect the refractory period and the start index', () => {
    const scores = [0, 5, 5, 0, 5, 0, 0, 5];
    assert.deepEqual(
      toDetections(scores, { threshold: 1, refractory: 3 }).map((d) => d.index),
      [1, 4, 7],
    );
    assert.deepEqual(
      toDetections(scores, { threshold: 1, refractory: 0, from: 3 }).map((d) => d.index),
      [4, 7],
    );
  });

  it('the vote counts members that fired within the tolerance', () => {
    const a = [0, 2, 0, 0, 0, 0];
    const b = [0, 0, 0, 2, 0, 0];
    assert.deepEqual(voteScores([a, b], [1, 1], 2), [0, 1, 1, 2, 1, 1]);
    assert.deepEqual(voteScores([a, b], [1, 1], 0), [0, 1, 0, 1, 0, 0]);
  });

  it('bad input names the field and the value', () => {
    assert.throws(
      () => rollingSigmaScores([1, Number.NaN, 3], { window: 2 }),
      (e: unknown) =>
        e instanceof AnomalyInputError && e.message === 'values[1] must be a finite number, got NaN',
    );
    assert.throws(() => extremeScores([1, 2], { window: 0 }), /extreme.window must be an integer ≥ 2, got 0/);
  });
});
