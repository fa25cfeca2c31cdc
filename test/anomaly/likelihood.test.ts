import assert from 'node:assert/strict';
import {
  DEFAULT_EVENTS,
  SPATIAL_SCORE,
  likelihoodOptions,
  likelihoodScores,
  newOnlineState,
  restoreOnlineState,
  scoreNewPoints,
  storeOnlineState,
  toDetections,
} from '../../src/anomaly';
import { DAY_POINTS, STEP, wave } from './synthetic';

const HOUR_POINTS = 12;
const options = likelihoodOptions(STEP);
const { threshold } = DEFAULT_EVENTS.likelihood;
const quiet = DEFAULT_EVENTS.likelihood.refractoryMs / STEP;
/** Detections under production's event rule, after the first `from` points. */
const detected = (values: readonly number[], from: number, times?: readonly number[]): number[] =>
  toDetections(likelihoodScores(values, options, times), { threshold, refractory: quiet, from }).map(
    (d) => d.index,
  );

describe('the likelihood detector', () => {
  const clean = wave(6);
  const AT = 5 * DAY_POINTS + 6 * HOUR_POINTS; // a morning, on the rising side of the wave

  it('stays quiet on a clean wave after its day of learning', () => {
    assert.deepEqual(detected(clean, 0), []);
  });

  it('flags a metric that stops moving (the two-sided variability stream), within hours', () => {
    const stuck = clean.map((v, i) => (i >= AT ? (clean[AT] as number) : v));
    const found = detected(stuck, AT - 1);
    assert.ok(found.length > 0, 'a flatline is flagged');
    const first = found[0] as number;
    assert.ok(first >= AT && first <= AT + 6 * HOUR_POINTS, `flagged ${first - AT} points after it stopped`);
  });

  it('flags a day that keeps its night-time level, which never leaves the range seen', () => {
    // From the anomaly on, the wave is replaced by its own minimum plus the usual noise.
    const low = Math.min(...clean.slice(0, DAY_POINTS));
    const night = clean.map((v, i) => (i >= AT && i < AT + 8 * HOUR_POINTS ? low + 1 + (v % 1) : v));
    const scores = likelihoodScores(night, options);
    assert.ok(
      night.slice(AT).every((v) => v >= low - 2),
      'the night level is inside the range already seen, so only the error streams can see it',
    );
    const found = detected(night, AT - 1);
    assert.ok(found.length > 0 && (found[0] as number) < AT + 8 * HOUR_POINTS, `found at ${found.join(',')}`);
    assert.ok((scores[found[0] as number] as number) < SPATIAL_SCORE, 'not the spatial check');
  });

  it('places points on the clock by their stamps (hour-of-day and hour-of-week profiles)', () => {
    const plain = likelihoodScores(clean, options);
    // Every stamp an hour later: each clock hour is relabelled, nothing else changes.
    const later = clean.map((_, i) => 3_600_000 + i * STEP);
    assert.deepEqual(likelihoodScores(clean, options, later), plain);
    // Stamps twice as dense put different values into each hour, and the scores move.
    const dense = clean.map((_, i) => (i * STEP) / 2);
    assert.notDeepEqual(likelihoodScores(clean, options, dense), plain);
    assert.throws(() => likelihoodScores(clean, options, later.slice(1)), /times\.length must equal/);
  });
});

describe('stored likelihood states', () => {
  const points = wave(3).map((value, i) => ({ t: i * STEP, value }));

  it('reads a version-1 state: its range and quiet time carry over and the streams relearn', () => {
    const v1 = JSON.stringify({
      version: 1,
      stepMs: STEP,
      quietUntil: 123_000,
      detector: { version: 1, n: 5000, season: [1, 2], min: 3, max: 70, raw: [], mean: [], variance: [] },
    });
    const state = restoreOnlineState(v1, STEP);
    assert.equal(state.version, 3);
    assert.equal(state.quietUntil, 123_000);
    assert.deepEqual([state.detector.min, state.detector.max], [3, 70]);
    assert.equal(state.detector.predictors.n, 0);
    // It scores on: the learned range already flags a value far beyond it once learning is over.
    const run = scoreNewPoints(state, points, { threshold: SPATIAL_SCORE, refractoryMs: 0 });
    assert.deepEqual(run.detections, []);
    const far = scoreNewPoints(run.state, [{ t: points.length * STEP, value: 500 }], {
      threshold: SPATIAL_SCORE,
      refractoryMs: 0,
    });
    assert.equal(far.detections.length, 1);
  });

  it('reads a version-2 state: all it learned carries over and the jump memory starts empty', () => {
    const learned = scoreNewPoints(newOnlineState(STEP), points, { threshold: 4, refractoryMs: 0 }).state;
    // The stored form of the same state as the previous version wrote it (NaN as a string).
    const stored = JSON.parse(storeOnlineState(learned)) as Record<string, Record<string, unknown>>;
    const { change1: _c, jumps: _j, ...before } = stored.detector as Record<string, unknown>;
    const v2 = JSON.stringify({ ...stored, version: 2, detector: { ...before, version: 2 } });
    const state = restoreOnlineState(v2, STEP);
    assert.equal(state.version, 3);
    assert.deepEqual(
      { ...state.detector, change1: learned.detector.change1, jumps: learned.detector.jumps },
      learned.detector,
    );
    assert.equal(state.detector.jumps.hour, -Infinity);
    assert.equal(state.detector.change1.count, 0);
    // It scores on, and its jump memory fills from the next point.
    const next = scoreNewPoints(state, [{ t: points.length * STEP, value: 40 }], {
      threshold: 4,
      refractoryMs: 0,
    });
    assert.equal(next.state.detector.predictors.n, points.length + 1);
    assert.equal(next.state.detector.jumps.hour, Math.floor((points.length * STEP) / 3_600_000));
  });
});
