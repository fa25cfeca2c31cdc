import assert from 'node:assert/strict';
import { likelihoodScores } from '../../src/anomaly/likelihood';
import {
  newOnlineState,
  restoreOnlineState,
  scoreNewPoints,
  storeOnlineState,
} from '../../src/anomaly/online';
import { decodeOnlineState, encodeOnlineState } from '../../src/anomaly/online-codec';
import { DEFAULT_EVENTS, likelihoodOptions } from '../../src/anomaly/settings';
import { DAY_POINTS, STEP, wave, withSpike } from './synthetic';

const SPIKE_AT = 8 * DAY_POINTS + 40;
const values = withSpike(wave(9, 11), SPIKE_AT, 40);
const points = values.map((value, i) => ({ t: i * STEP, value }));
const setting = DEFAULT_EVENTS.likelihood;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the online state codec', () => {
  const learned = scoreNewPoints(newOnlineState(STEP), points.slice(0, SPIKE_AT - 5), setting).state;

  it('restores exactly the state it was given, NaN and ±Infinity included, in under 60% of the JSON bytes', () => {
    const fresh = newOnlineState(STEP);
    assert.deepStrictEqual(decodeOnlineState(encodeOnlineState(fresh), STEP), fresh);
    assert.deepStrictEqual(decodeOnlineState(encodeOnlineState(learned), STEP), learned);
    const bytes = encodeOnlineState(learned).length;
    const json = utf8(storeOnlineState(learned)).length;
    assert.ok(bytes < 0.6 * json, `binary ${bytes} bytes, JSON ${json}`);
  });

  it('gives the batch scores and the same final state with the state encoded and decoded every hour', () => {
    const all = { threshold: -1, refractoryMs: 0 };
    const hours = Array.from({ length: Math.ceil(points.length / 12) }, (_, h) =>
      points.slice(12 * h, 12 * h + 12),
    );
    const pieced = hours.reduce(
      (run, hour) => {
        const next = scoreNewPoints(decodeOnlineState(encodeOnlineState(run.state), STEP), hour, all);
        return { state: next.state, scores: [...run.scores, ...next.detections.map((d) => d.score)] };
      },
      { state: newOnlineState(STEP), scores: [] as number[] },
    );
    assert.deepEqual(pieced.scores, likelihoodScores(values, likelihoodOptions(STEP)));
    assert.deepStrictEqual(pieced.state, scoreNewPoints(newOnlineState(STEP), points, all).state);
    const flagged = scoreNewPoints(newOnlineState(STEP), points, setting).detections.map((d) => d.t);
    assert.ok(flagged.includes(SPIKE_AT * STEP), `detections at ${flagged.map((t) => t / STEP).join(',')}`);
  });

  it('still reads a state stored as JSON, as rows written before the binary form hold', () => {
    const json = utf8(storeOnlineState(learned));
    assert.deepStrictEqual(
      decodeOnlineState(json, STEP),
      restoreOnlineState(storeOnlineState(learned), STEP),
    );
    assert.equal(decodeOnlineState(json, STEP).detector.predictors.n, SPIKE_AT - 5);
  });

  it('relearns from scratch when the bytes are missing, cut short, of another layout or another step', () => {
    const bytes = encodeOnlineState(learned);
    const relearns = (b: Uint8Array | null, step = STEP) => decodeOnlineState(b, step).detector.predictors.n;
    assert.equal(relearns(null), 0);
    assert.equal(relearns(new Uint8Array(0)), 0);
    assert.equal(relearns(bytes.slice(0, bytes.length - 3)), 0);
    assert.equal(relearns(Uint8Array.from([...bytes, 0])), 0);
    assert.equal(relearns(Uint8Array.from(bytes, (b, i) => (i === 1 ? 9 : b))), 0);
    assert.equal(relearns(bytes, 3_600_000), 0);
    assert.equal(relearns(bytes), SPIKE_AT - 5);
  });

  it('reads a layout-1 state (version 3, before the smoothed forecast) for its range and quiet time, and relearns', () => {
    const state = decodeOnlineState(layoutOne(STEP, 123_000, 3, 70), STEP);
    assert.equal(state.version, 4);
    assert.equal(state.detector.predictors.n, 0);
    assert.deepEqual([state.detector.min, state.detector.max, state.quietUntil], [3, 70, 123_000]);
    assert.equal(decodeOnlineState(layoutOne(STEP, 123_000, 3, 70), 3_600_000).quietUntil, -Infinity);
  });

  it('leaves the state it scores from unchanged', () => {
    const before = decodeOnlineState(encodeOnlineState(learned), STEP);
    scoreNewPoints(learned, points.slice(SPIKE_AT - 5, SPIKE_AT + 5), setting);
    assert.deepStrictEqual(learned, before);
  });
});

/**
 * A layout-1 state as the previous codec wrote it (five forecasts, no smoothed forecast), with
 * empty arrays where only the order matters.
 */
function layoutOne(stepMs: number, quietUntil: number, min: number, max: number): Uint8Array {
  const bytes: number[] = [0xb3, 1];
  const f64 = (v: number): void => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    bytes.push(...b);
  };
  const array = (values: readonly number[]): void => {
    const b = new Uint8Array(5);
    new DataView(b.buffer).setUint32(0, values.length, true); // kind 0: float64s
    bytes.push(...b);
    values.forEach(f64);
  };
  const stream = (): void => {
    f64(0); // count, then raw errors, means and variances
    array([]);
    array([]);
    array([]);
  };
  f64(stepMs);
  f64(quietUntil);
  f64(5000); // predictors: n, season, seasonSum, mae, maeCount, hour of day and week and counts
  array([]);
  f64(0);
  array([1, 1, 1, 1, 1]);
  array([9, 9, 9, 9, 9]);
  [24, 24, 168, 168].forEach((n) => array(new Array<number>(n).fill(1)));
  bytes.push(5);
  for (let i = 0; i < 6; i++) stream(); // five streams, then change1
  f64(min);
  f64(max);
  f64(-Infinity);
  f64(-Infinity);
  array([]);
  return Uint8Array.from(bytes);
}
