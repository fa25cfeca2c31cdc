import assert from 'node:assert/strict';
import {
  DEFAULT_EVENTS,
  SPATIAL_SCORE,
  decodeOnlineState,
  encodeOnlineState,
  initialLikelihoodState,
  likelihoodOptions,
  likelihoodScores,
  likelihoodStep,
  newOnlineState,
  restoreOnlineState,
  scoreNewPoints,
  storeOnlineState,
  type LikelihoodOptions,
  type OnlineState,
} from '../../src/anomaly';
import { DAY_POINTS, STEP, wave, withShift, withSpike } from './synthetic';

const SPIKE_AT = 3 * DAY_POINTS + 40;
const values = withSpike(wave(4), SPIKE_AT, 40);
const points = values.map((value, i) => ({ t: i * STEP, value }));
const setting = DEFAULT_EVENTS.likelihood;

describe('the online likelihood detector', () => {
  it('scores the same in hourly pieces, stored and restored between them, as in one pass', () => {
    let state = newOnlineState(STEP);
    const pieces: number[] = [];
    for (let from = 0; from < points.length; from += 12) {
      const run = scoreNewPoints(
        restoreOnlineState(storeOnlineState(state), STEP),
        points.slice(from, from + 12),
        setting,
      );
      pieces.push(...run.detections.map((d) => d.t));
      state = run.state;
    }
    const whole = scoreNewPoints(newOnlineState(STEP), points, setting).detections.map((d) => d.t);
    assert.deepEqual(pieces, whole);
    assert.ok(whole.includes(SPIKE_AT * STEP), `detections at ${whole.map((t) => t / STEP).join(',')}`);
    assert.equal(state.detector.predictors.n, points.length);
  });

  it('gives the batch scores in hourly pieces over nine days, the jump check included', () => {
    const JUMP_AT = 8 * DAY_POINTS + DAY_POINTS / 2; // inside the range, after a week of memory
    const long = withSpike(wave(9, 11), JUMP_AT, 6);
    const all = { threshold: -1, refractoryMs: 0 };
    let state = newOnlineState(STEP);
    const scores: number[] = [];
    for (let from = 0; from < long.length; from += 12) {
      const piece = long.slice(from, from + 12).map((value, i) => ({ t: (from + i) * STEP, value }));
      const run = scoreNewPoints(restoreOnlineState(storeOnlineState(state), STEP), piece, all);
      scores.push(...run.detections.map((d) => d.score));
      state = run.state;
    }
    const batch = likelihoodScores(long, likelihoodOptions(STEP));
    assert.deepEqual(scores, batch);
    assert.equal(batch[JUMP_AT], SPATIAL_SCORE);
    assert.equal(state.detector.jumps.largest.length, 168, 'the jump memory stays one number an hour');
  });

  it('matches the batch scores of the benchmark, and flags a level shift once per quiet time', () => {
    const batch = likelihoodScores(values, likelihoodOptions(STEP));
    const online = scoreNewPoints(newOnlineState(STEP), points, { threshold: -1, refractoryMs: 0 });
    assert.deepEqual(
      online.detections.map((d) => d.score),
      batch,
    );
    const shifted = withShift(wave(4), SPIKE_AT, 30).map((value, i) => ({ t: i * STEP, value }));
    const flagged = scoreNewPoints(newOnlineState(STEP), shifted, setting).detections.map((d) => d.t / STEP);
    assert.equal(flagged[0], SPIKE_AT);
    assert.ok(
      flagged.every((t, i) => i === 0 || t - (flagged[i - 1] as number) >= setting.refractoryMs / STEP),
    );
  });

  it('reports nothing on a clean wave, and nothing before reportFrom on a first run', () => {
    assert.deepEqual(
      scoreNewPoints(
        newOnlineState(STEP),
        wave(4).map((value, i) => ({ t: i * STEP, value })),
        setting,
      ).detections,
      [],
    );
    const late = scoreNewPoints(newOnlineState(STEP), points, setting, (SPIKE_AT + 1) * STEP);
    assert.ok(late.detections.every((d) => d.t >= (SPIKE_AT + 1) * STEP));
  });

  it('relearns from scratch when the stored state is unreadable or of another step', () => {
    assert.equal(restoreOnlineState('{not json', STEP).detector.predictors.n, 0);
    const learned = scoreNewPoints(newOnlineState(STEP), points.slice(0, 50), setting).state;
    assert.equal(restoreOnlineState(storeOnlineState(learned), STEP).detector.predictors.n, 50);
    assert.equal(restoreOnlineState(storeOnlineState(learned), 3_600_000).detector.predictors.n, 0);
  });

  it('relearns a 1-minute state learned with the 6-hour window of 360 points, keeping range and quiet time', () => {
    const MINUTE = 60_000;
    const options = likelihoodOptions(MINUTE);
    assert.equal(options.longPoints, 72, 'the long window is capped at 72 points');
    const minutes = wave(1).map((value, i) => ({ t: i * MINUTE, value }));
    const learn = (o: LikelihoodOptions, upTo: number): OnlineState => {
      const detector = initialLikelihoodState(o);
      minutes.slice(0, upTo).forEach((p) => likelihoodStep(detector, p.value, p.t, o));
      return { version: 4, stepMs: MINUTE, detector, quietUntil: 123 * MINUTE };
    };
    const old = learn({ ...options, longPoints: 360 }, 200);
    const restored = restoreOnlineState(storeOnlineState(old), MINUTE);
    assert.equal(restored.detector.predictors.n, 0, 'its streams relearn');
    assert.equal(restored.detector.min, old.detector.min);
    assert.equal(restored.detector.max, old.detector.max);
    assert.equal(restored.quietUntil, old.quietUntil);
    const fromBytes = decodeOnlineState(encodeOnlineState(old), MINUTE);
    assert.equal(fromBytes.detector.predictors.n, 0, 'also from the binary form');
    // Before 72 points the two windows left the same state behind: it is kept.
    const early = learn({ ...options, longPoints: 360 }, 60);
    assert.deepStrictEqual(restoreOnlineState(storeOnlineState(early), MINUTE), early);
    const current = learn(options, 200);
    assert.deepStrictEqual(restoreOnlineState(storeOnlineState(current), MINUTE), current);
    assert.deepStrictEqual(decodeOnlineState(encodeOnlineState(current), MINUTE), current);
  });

  it('keeps a learned hourly state, whose change ring (10 points) is longer than its 6-point long window', () => {
    const HOUR = 3_600_000;
    const hours = wave(10)
      .slice(0, 300)
      .map((value, i) => ({ t: i * HOUR, value }));
    const learned = scoreNewPoints(newOnlineState(HOUR), hours, setting).state;
    assert.equal(learned.detector.streams[0]?.raw.length, 10);
    assert.deepStrictEqual(restoreOnlineState(storeOnlineState(learned), HOUR), learned);
    assert.deepStrictEqual(decodeOnlineState(encodeOnlineState(learned), HOUR), learned);
  });

  it('refuses points out of time order, naming the field', () => {
    assert.throws(
      () => scoreNewPoints(newOnlineState(STEP), [points[1]!, points[0]!], setting),
      /points must be in time order with finite values, got 0/,
    );
  });
});
