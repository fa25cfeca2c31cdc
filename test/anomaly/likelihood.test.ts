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
    assert.equal(state.version, 4);
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

  it('reads a version-2 or version-3 state: its range and quiet time carry over and the streams relearn', () => {
    const learned = scoreNewPoints(newOnlineState(STEP), points, { threshold: 4, refractoryMs: 0 }).state;
    // The stored forms of the same state as versions 2 (before the jump check) and 3 (before the
    // smoothed forecast) wrote them.
    const stored = JSON.parse(storeOnlineState({ ...learned, quietUntil: 123_000 })) as Record<
      string,
      Record<string, unknown>
    >;
    const {
      smoothedLevel: _l,
      smoothedSeason: _s,
      ...predictors
    } = stored.detector!.predictors as Record<string, unknown>;
    const v3detector: Record<string, unknown> = {
      ...stored.detector,
      version: 3,
      predictors,
      streams: learned.detector.streams.slice(0, 5),
    };
    const { change1: _c, jumps: _j, ...v2detector }: Record<string, unknown> = { ...v3detector, version: 2 };
    for (const [version, detector] of [
      [3, v3detector],
      [2, v2detector],
    ] as const) {
      const state = restoreOnlineState(JSON.stringify({ ...stored, version, detector }), STEP);
      assert.equal(state.version, 4);
      assert.equal(state.detector.predictors.n, 0, `version ${version}: its streams relearn`);
      assert.deepEqual(
        [state.detector.min, state.detector.max],
        [learned.detector.min, learned.detector.max],
      );
      assert.equal(state.quietUntil, 123_000);
    }
  });
});
