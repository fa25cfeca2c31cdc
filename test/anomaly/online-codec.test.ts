import assert from 'node:assert/strict';
import {
  DEFAULT_EVENTS,
  decodeOnlineState,
  encodeOnlineState,
  newOnlineState,
  restoreOnlineState,
  scoreNewPoints,
  storeOnlineState,
} from '../../src/anomaly';
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

  it('scores the same in hourly pieces, encoded and decoded between them, as in one pass', () => {
    let state = newOnlineState(STEP);
    const pieces: number[] = [];
    for (let from = 0; from < points.length; from += 12) {
      const run = scoreNewPoints(
        decodeOnlineState(encodeOnlineState(state), STEP),
        points.slice(from, from + 12),
        setting,
      );
      pieces.push(...run.detections.map((d) => d.t));
      state = run.state;
    }
    const whole = scoreNewPoints(newOnlineState(STEP), points, setting).detections.map((d) => d.t);
    assert.deepEqual(pieces, whole);
    assert.ok(whole.includes(SPIKE_AT * STEP), `detections at ${whole.map((t) => t / STEP).join(',')}`);
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

  it('leaves the state it scores from unchanged', () => {
    const before = decodeOnlineState(encodeOnlineState(learned), STEP);
    scoreNewPoints(learned, points.slice(SPIKE_AT - 5, SPIKE_AT + 5), setting);
    assert.deepStrictEqual(learned, before);
  });
});
