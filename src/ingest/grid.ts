import type { GapReport, Point } from './types';

/** A half-open time range `[from, to)` in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Snaps points to the step grid (multiples of `stepMs` since the epoch, so 5-minute steps land on
 * :00, :05, …): each point goes to the nearest slot; when several land on one slot the later point wins
 * (for equal times, the later one in the input), because a later reading supersedes an earlier one.
 * With a range, only slots inside `[from, to)` are kept. The result is sorted.
 */
export function alignToGrid(points: readonly Point[], stepMs: number, range?: TimeRange): Point[] {
  const sorted = isSorted(points) ? points : [...points].sort((a, b) => a.t - b.t);
  const out: Point[] = [];
  for (const p of sorted) {
    const t = Math.round(p.t / stepMs) * stepMs;
    if (range && (t < range.from || t >= range.to)) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.t === t) last.v = p.v;
    else out.push({ t, v: p.v });
  }
  return out;
}

/** The first and last grid slots of a range or, without one, of the aligned points themselves. */
export function expectedSlots(aligned: readonly Point[], stepMs: number, range?: TimeRange): TimeRange {
  if (range)
    return {
      from: Math.ceil(range.from / stepMs) * stepMs,
      to: Math.ceil(range.to / stepMs) * stepMs - stepMs,
    };
  return { from: aligned[0]?.t ?? 0, to: aligned[aligned.length - 1]?.t ?? -stepMs };
}

/** Result of `fillGaps`. */
export interface FilledSeries {
  points: Point[];
  filled: number;
  gaps: GapReport[];
}

/**
 * Interpolates linearly across gaps whose missing span (missing slots × step) is at most `maxGapMs`;
 * longer gaps, and missing slots before the first or after the last point of `slots`, stay missing
 * and are reported. `aligned` must come from `alignToGrid`.
 */
export function fillGaps(
  aligned: readonly Point[],
  stepMs: number,
  maxGapMs: number,
  slots: TimeRange,
): FilledSeries {
  const points: Point[] = [];
  const gaps: GapReport[] = [];
  let filled = 0;
  const first = aligned[0];
  if (first && first.t > slots.from) gaps.push(gap(slots.from, first.t - stepMs, stepMs));
  for (let i = 0; i < aligned.length; i++) {
    const a = aligned[i] as Point;
    points.push({ t: a.t, v: a.v });
    const b = aligned[i + 1];
    if (b === undefined) break;
    const missing = Math.round((b.t - a.t) / stepMs) - 1;
    if (missing <= 0) continue;
    if (missing * stepMs > maxGapMs) {
      gaps.push(gap(a.t + stepMs, b.t - stepMs, stepMs));
      continue;
    }
    for (let k = 1; k <= missing; k++)
      points.push({ t: a.t + k * stepMs, v: a.v + ((b.v - a.v) * k) / (missing + 1) });
    filled += missing;
  }
  const last = aligned[aligned.length - 1];
  if (last && last.t < slots.to) gaps.push(gap(last.t + stepMs, slots.to, stepMs));
  return { points, filled, gaps };
}

function gap(from: number, to: number, stepMs: number): GapReport {
  return { from, to, missingPoints: Math.round((to - from) / stepMs) + 1 };
}

function isSorted(points: readonly Point[]): boolean {
  for (let i = 1; i < points.length; i++)
    if ((points[i] as Point).t < (points[i - 1] as Point).t) return false;
  return true;
}
