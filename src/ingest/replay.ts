/**
 * The demo's replay source, as arithmetic: a recorded series (the bundled NAB files, from 2013–14)
 * becomes a live one by shifting its times to the present and repeating it. Pure: the caller reads
 * the files and stores the points.
 *
 * - **Shift**: whole weeks, so hour of day and day of week stay as recorded (a Monday peak is still
 *   on a Monday), chosen so the recording ends at least `holdBackMs` after the demo's start
 *   (`anchor`). What lies before the start is ingested at once; the rest is held back and released
 *   by the hourly cycle as its shifted times pass.
 * - **Repeat**: when the held-back points run out, the replay starts over with a fresh shift, one
 *   period later, so the feed never ends. The period is the recording's length rounded down to whole
 *   weeks (whole days for recordings shorter than a week), so copies join without a gap; copy `k`
 *   covers `(end_k − period, end_k]` with `end_k = last + shift + k × period`, taking the recording's
 *   last `period` of points. Copies before the first (`k < 0`) give the history before the start.
 */
import type { TimeRange } from './grid';
import type { Point } from './types';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** The recordings' step: a point stands for the five minutes it starts. */
const STEP_MS = 300_000;

/** A recording's first and last point times. */
export interface RecordingSpan {
  readonly first: number;
  readonly last: number;
}

/** How one recording is replayed. */
export interface ReplayPlan {
  /** Added to every recorded time of copy 0; whole weeks. */
  readonly shiftMs: number;
  /** Added once more per copy; whole weeks (whole days below a week). */
  readonly periodMs: number;
  /** The recording's last point; copies take the points in `(last − periodMs, last]`. */
  readonly last: number;
}

/** The span of a recording's points (any order). */
export function spanOf(points: readonly Point[]): RecordingSpan | undefined {
  if (points.length === 0) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const p of points) {
    first = Math.min(first, p.t);
    last = Math.max(last, p.t);
  }
  return { first, last };
}

/** Whole weeks of the recording, or whole days (at least one) when it is shorter than a week. */
export function replayPeriod(span: RecordingSpan): number {
  const length = span.last - span.first + STEP_MS;
  if (length >= WEEK_MS) return Math.floor(length / WEEK_MS) * WEEK_MS;
  return Math.max(1, Math.floor(length / DAY_MS)) * DAY_MS;
}

/** The replay of a recording for a demo started at `anchor`, holding back at least `holdBackMs`. */
export function planReplay(span: RecordingSpan, anchor: number, holdBackMs: number): ReplayPlan {
  const shiftMs = Math.ceil((anchor + holdBackMs - span.last) / WEEK_MS) * WEEK_MS;
  return { shiftMs, periodMs: replayPeriod(span), last: span.last };
}

/** End of copy `k` (its last shifted point). */
export function copyEnd(plan: ReplayPlan, k: number): number {
  return plan.last + plan.shiftMs + k * plan.periodMs;
}

/**
 * The copy a shifted time belongs to. Copy 0 ends at least the hold-back after the demo's start, so
 * it holds the start for recordings of a week or more; a shorter one repeats earlier copies first.
 */
export function copyAt(plan: ReplayPlan, t: number): number {
  return Math.ceil((t - copyEnd(plan, 0)) / plan.periodMs) + 0; // + 0: never -0
}

/**
 * The replayed points whose shifted times fall in `range`, in time order. Each shifted time maps to
 * one recorded point at most, so copies never overlap and a repeated call gives the same points.
 */
export function replayPoints(points: readonly Point[], plan: ReplayPlan, range: TimeRange): Point[] {
  const used = points
    .filter((p) => p.t > plan.last - plan.periodMs && p.t <= plan.last)
    .sort((a, b) => a.t - b.t);
  const out: Point[] = [];
  for (let k = copyAt(plan, range.from); copyEnd(plan, k) - plan.periodMs < range.to; k++) {
    const offset = plan.shiftMs + k * plan.periodMs;
    for (const p of used) {
      const t = p.t + offset;
      if (t >= range.from && t < range.to) out.push({ t, v: p.v });
    }
  }
  return out;
}
