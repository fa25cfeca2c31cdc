import assert from 'node:assert/strict';
import { DEFAULT_MAX_GAP_MS, regularize, roundStep } from '../../bench/accuracy-data';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 0, 5);

/** Rows at `step` from START, skipping the indices in `missing`, each moved by `jitter(i)` ms. */
function rows(count: number, step: number, missing: readonly number[] = [], jitter = (_i: number) => 0) {
  return Array.from({ length: count }, (_, i) => i)
    .filter((i) => !missing.includes(i))
    .map((i) => ({ time: START + i * step + jitter(i), value: i }));
}

describe('bench:accuracy reading a file onto its grid', () => {
  it('reads jittered hourly stamps as hourly and fills one missed hour instead of cutting there', () => {
    const jitter = (i: number) => ((i * 37) % 7) * 20_000 - 60_000; // within ±1 minute
    const { series, read } = regularize(rows(48, HOUR, [10, 30], jitter), DEFAULT_MAX_GAP_MS);
    assert.equal(series.stepMs, HOUR);
    assert.deepEqual(read, { rows: 46, stepMs: HOUR, filled: 2, longGaps: 0, kept: 48 });
    assert.equal(series.values[10], 10);
  });

  it('still cuts an hourly file where two hours in a row are missing', () => {
    const { series, read } = regularize(rows(48, HOUR, [30, 31]), DEFAULT_MAX_GAP_MS);
    assert.equal(read.longGaps, 1);
    assert.equal(series.values.length, 30);
  });

  it('keeps ingestion’s 30-minute fill limit at 5 minutes', () => {
    const six = regularize(rows(48, 5 * MINUTE, [10, 11, 12, 13, 14, 15]), DEFAULT_MAX_GAP_MS).read;
    const seven = regularize(rows(48, 5 * MINUTE, [10, 11, 12, 13, 14, 15, 16]), DEFAULT_MAX_GAP_MS).read;
    assert.deepEqual([six.filled, six.longGaps, seven.longGaps], [6, 0, 1]);
  });

  it('fills nothing at a fill limit of 0, whatever the step', () => {
    const { read } = regularize(rows(48, HOUR, [10]), 0);
    assert.deepEqual([read.filled, read.longGaps], [0, 1]);
  });

  it('reads a median spacing near a round step as that step, and any other as itself', () => {
    assert.equal(roundStep(60.12 * MINUTE), HOUR);
    assert.equal(roundStep(30.33 * MINUTE), 30 * MINUTE);
    assert.equal(roundStep(5 * MINUTE), 5 * MINUTE);
    assert.equal(roundStep(7 * MINUTE), 7 * MINUTE);
    assert.equal(roundStep(2 * HOUR), 2 * HOUR);
  });
});
