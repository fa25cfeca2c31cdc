import assert from 'node:assert/strict';
import {
  DAY_MS,
  WEEK_MS,
  copyAt,
  copyEnd,
  planReplay,
  replayPeriod,
  replayPoints,
  spanOf,
} from '../../src/ingest/replay';
import type { Point } from '../../src/ingest';

const STEP = 300_000;
const HOUR = 3_600_000;
/** A recording of `days` days at 5 minutes from Friday 2014-02-14 14:30 UTC; value = index. */
function recording(days: number, first = Date.UTC(2014, 1, 14, 14, 30)): Point[] {
  return Array.from({ length: (days * DAY_MS) / STEP }, (_, i) => ({ t: first + i * STEP, v: i }));
}
/** The demo's start: Friday 2026-12-04 16:00 UTC. */
const ANCHOR = Date.UTC(2026, 11, 4, 16);

describe('ingest/replay', () => {
  it('shifts by whole weeks, so the hour of day and the day of week stay as recorded', () => {
    const points = recording(14);
    const plan = planReplay(spanOf(points)!, ANCHOR, 72 * HOUR);
    assert.equal(plan.shiftMs % WEEK_MS, 0);
    const end = copyEnd(plan, 0);
    assert.ok(end >= ANCHOR + 72 * HOUR, 'at least three days are held back');
    assert.ok(end < ANCHOR + 72 * HOUR + WEEK_MS, 'and less than a week more');
    const [p] = replayPoints(points, plan, { from: ANCHOR - DAY_MS, to: ANCHOR });
    const original = new Date(p!.t - plan.shiftMs);
    assert.equal(original.getUTCDay(), new Date(p!.t).getUTCDay());
    assert.equal(original.getUTCHours(), new Date(p!.t).getUTCHours());
  });

  it('repeats a recording every whole number of weeks, or days when it is shorter than a week', () => {
    assert.equal(replayPeriod(spanOf(recording(14))!), 2 * WEEK_MS);
    assert.equal(replayPeriod(spanOf(recording(16.4))!), 2 * WEEK_MS);
    assert.equal(replayPeriod(spanOf(recording(4.3))!), 4 * DAY_MS);
    assert.equal(replayPeriod(spanOf(recording(0.5))!), DAY_MS);
  });

  it('feeds one point per step with no gap and no overlap across copies, for ever', () => {
    for (const days of [14, 16.4, 4.3]) {
      const points = recording(days);
      const plan = planReplay(spanOf(points)!, ANCHOR, 72 * HOUR);
      // Six weeks around the start: the history before it, the held-back days, three restarts.
      const range = { from: ANCHOR - 21 * DAY_MS, to: ANCHOR + 21 * DAY_MS };
      const out = replayPoints(points, plan, range);
      assert.equal(out.length, (range.to - range.from) / STEP, `${days} days`);
      for (let i = 1; i < out.length; i++) assert.equal(out[i]!.t - out[i - 1]!.t, STEP);
      // The last point of each copy is the recording's last point, and the next copy starts over.
      const seam = out.findIndex((p) => p.t === copyEnd(plan, 0));
      assert.equal(out[seam]!.v, points.at(-1)!.v);
      assert.equal(out[seam + 1]!.v, points.at(-1)!.v - plan.periodMs / STEP + 1);
    }
  });

  it('gives the same points for a window whichever way it is split', () => {
    const points = recording(14);
    const plan = planReplay(spanOf(points)!, ANCHOR, 72 * HOUR);
    const whole = replayPoints(points, plan, { from: ANCHOR - 2 * HOUR, to: ANCHOR + 30 * DAY_MS });
    const parts = [];
    for (let t = ANCHOR - 2 * HOUR; t < ANCHOR + 30 * DAY_MS; t += 7 * HOUR)
      parts.push(
        ...replayPoints(points, plan, { from: t, to: Math.min(t + 7 * HOUR, ANCHOR + 30 * DAY_MS) }),
      );
    assert.deepEqual(parts, whole);
  });

  it('numbers copies from the one holding the demo start', () => {
    const plan = planReplay(spanOf(recording(14))!, ANCHOR, 72 * HOUR);
    assert.equal(copyAt(plan, ANCHOR), 0);
    assert.equal(copyAt(plan, copyEnd(plan, 0)), 0);
    assert.equal(copyAt(plan, copyEnd(plan, 0) + 1), 1);
    assert.equal(copyAt(plan, copyEnd(plan, 0) - plan.periodMs), -1);
  });
});
