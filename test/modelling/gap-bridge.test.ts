import assert from 'node:assert/strict';
import { bridgedHistory, MAX_BRIDGED_GAP_MS, type TimedValue } from '../../src/modelling/gap-bridge';

const MIN5 = 300_000;
const HOUR = 3_600_000;
const DAY_STEPS = 288;
const T0 = Date.UTC(2026, 0, 5);

/** A 5-minute series: a daily wave on a level that climbs by `drift` a step. */
function series(days: number, drift = 0): TimedValue[] {
  return Array.from({ length: days * DAY_STEPS }, (_, i) => ({
    t: T0 + i * MIN5,
    value: 50 + 20 * Math.sin((2 * Math.PI * i) / DAY_STEPS) + drift * i,
  }));
}

const without = (rows: readonly TimedValue[], from: number, count: number) =>
  rows.filter((_, i) => i < from || i >= from + count);

describe('modelling/gap-bridge: the history a model reads across short gaps', () => {
  it('leaves a gap-free history as it is', () => {
    const rows = series(2);
    const h = bridgedHistory(rows, MIN5);
    assert.deepEqual(h, { start: T0, stepMs: MIN5, values: rows.map((r) => r.value), bridged: 0 });
    assert.equal(bridgedHistory([], MIN5), undefined);
  });

  it('bridges an hour with the day before, moved to the level of both edges', () => {
    // The wave repeats daily and the level climbs steadily: the day-ago value plus the offset
    // interpolated between the edges is the missing value itself.
    const rows = series(3, 0.01);
    const gapStart = 2 * DAY_STEPS + 30;
    const h = bridgedHistory(without(rows, gapStart, 12), MIN5);
    assert.ok(h);
    assert.equal(h.bridged, 12);
    assert.equal(h.start, T0);
    assert.equal(h.values.length, rows.length);
    h.values.forEach((v, i) =>
      assert.ok(Math.abs(v - (rows[i] as TimedValue).value) < 1e-9, `slot ${i}: ${v}`),
    );
  });

  it('interpolates linearly when no day before the gap is stored', () => {
    const rows = series(1).slice(0, 100);
    const h = bridgedHistory(without(rows, 40, 3), MIN5);
    assert.ok(h);
    const left = (rows[39] as TimedValue).value;
    const right = (rows[43] as TimedValue).value;
    assert.deepEqual(
      h.values.slice(40, 43),
      [1, 2, 3].map((k) => left + (k / 4) * (right - left)),
    );
  });

  it('starts after a gap longer than six hours, and after a row off the grid', () => {
    const rows = series(3);
    const longGap = MAX_BRIDGED_GAP_MS / MIN5 + 1;
    const h = bridgedHistory(without(rows, DAY_STEPS, longGap), MIN5);
    assert.ok(h);
    assert.equal(h.start, (rows[DAY_STEPS + longGap] as TimedValue).t);
    assert.equal(h.bridged, 0);
    const bridgedAtLimit = bridgedHistory(without(rows, DAY_STEPS, longGap - 1), MIN5);
    assert.equal(bridgedAtLimit?.start, T0);
    assert.equal(bridgedAtLimit?.bridged, longGap - 1);

    const offGrid = rows.map((r, i) => (i === 500 ? { ...r, t: r.t + 60_000 } : r));
    assert.equal(bridgedHistory(offGrid, MIN5)?.start, (rows[501] as TimedValue).t);
  });

  it('never bridges below zero a series that never went negative', () => {
    // Hourly: the level dropped from 1 to 0 at hour 47, so both edges sit 1 below the day before,
    // and a day before the second slot read 0.5: moved down by 1 it would be -0.5.
    const value = (i: number) => (i >= 47 ? 0 : i === 27 ? 0.5 : 1);
    const rows = Array.from({ length: 72 }, (_, i) => ({ t: T0 + i * HOUR, value: value(i) }));
    const h = bridgedHistory(without(rows, 50, 2), HOUR);
    assert.ok(h);
    assert.equal(h.bridged, 2);
    assert.deepEqual(h.values.slice(50, 52), [0, 0]);
  });

  it('moves the day-ago values by the median change near each edge, not by one spike', () => {
    // Flat days, each one higher than the day before, with a spike right at the gap's left edge.
    const rows = Array.from({ length: 72 }, (_, i) => ({
      t: T0 + i * HOUR,
      value: 10 + Math.floor(i / 24) + (i === 49 ? 50 : 0),
    }));
    const h = bridgedHistory(without(rows, 50, 2), HOUR);
    assert.deepEqual(h?.values.slice(50, 52), [12, 12]);
  });
});
