/**
 * Bridging short gaps in the history a model reads. Storage keeps gaps longer than ingestion's fill
 * limit (30 minutes by default); models need a regular grid. Starting the history after the newest
 * gap instead would make one missed hour stop a series' forecasts until the model's whole window
 * (two days of 5-minute points for MSTL) has come in again, so gaps up to
 * {@link MAX_BRIDGED_GAP_MS} are filled, and only a longer outage starts the history anew.
 *
 * A slot is filled with the value a day earlier moved by the series' offset from that day, the
 * offset interpolated between the gap's two edges (the daily shape carries through the gap, the level
 * joins both edges); without a stored day before, linearly between the edges. Each edge's offset is
 * the median over an hour of points on its side (at least 3), so one spike at an edge or a day
 * before it does not shift the whole bridge. The history says how many slots it bridged, so callers
 * can report it.
 */
import type { SeriesData } from '../forecast';

/** Longest gap bridged: a quarter of the daily season, fixed in advance (not tuned on scores). */
export const MAX_BRIDGED_GAP_MS = 6 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A stored observation as the bridge reads it. */
export interface TimedValue {
  readonly t: number;
  readonly value: number;
}

/** A regular history whose `bridged` slots were filled rather than observed. */
export interface BridgedHistory extends SeriesData {
  readonly bridged: number;
}

/**
 * The newest stretch of `rows` (sorted by time) on a regular `stepMs` grid in which no gap is longer
 * than `maxGapMs`, those gaps bridged; undefined when there are no rows. A row off the grid ends the
 * stretch as a long gap does.
 */
export function bridgedHistory(
  rows: readonly TimedValue[],
  stepMs: number,
  maxGapMs = MAX_BRIDGED_GAP_MS,
  edgePoints = Math.max(3, Math.round(HOUR_MS / stepMs)),
): BridgedHistory | undefined {
  const last = rows[rows.length - 1];
  if (last === undefined) return undefined;
  let first = rows.length - 1;
  while (first > 0 && bridgeable((rows[first] as TimedValue).t - (rows[first - 1] as TimedValue).t)) first--;
  const kept = rows.slice(first);
  const start = (kept[0] as TimedValue).t;
  const values: number[] = new Array<number>(Math.round((last.t - start) / stepMs) + 1).fill(NaN);
  for (const r of kept) values[Math.round((r.t - start) / stepMs)] = r.value;
  const bridged = values.length - kept.length;
  if (bridged > 0)
    fillGaps(values, { season: DAY_MS % stepMs === 0 ? DAY_MS / stepMs : 0, edgePoints }, kept);
  return { start, stepMs, values, bridged };

  function bridgeable(delta: number): boolean {
    return delta > 0 && delta % stepMs === 0 && delta - stepMs <= maxGapMs;
  }
}

interface FillRule {
  readonly season: number;
  readonly edgePoints: number;
}

/** Fills each run of NaN between two known values, left to right (so a fill can lean on an earlier one). */
function fillGaps(values: number[], rule: FillRule, observed: readonly TimedValue[]): void {
  const nonNegative = observed.every((r) => r.value >= 0);
  let left = 0;
  for (let i = 1; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    if (i - left > 1) fillBetween(values, left, i, rule);
    left = i;
  }
  if (nonNegative) for (let i = 0; i < values.length; i++) values[i] = Math.max(0, values[i] as number);
}

function fillBetween(values: number[], left: number, right: number, { season, edgePoints }: FillRule): void {
  const at = (k: number) => values[k] as number;
  // A day back from every slot and both edges must be known: the gap is shorter than a day.
  const daily = season > 0 && left - season >= 0 && right - left <= season;
  /** The median day-over-day change of the known points among `slots`. */
  const offset = (slots: readonly number[]) =>
    median(slots.filter((k) => k - season >= 0 && !Number.isNaN(at(k))).map((k) => at(k) - at(k - season)));
  const side = (from: number, direction: 1 | -1) =>
    Array.from({ length: edgePoints }, (_, j) => from + direction * j).filter(
      (k) => k >= 0 && k < values.length,
    );
  const offsetLeft = daily ? offset(side(left, -1)) : 0;
  const offsetRight = daily ? offset(side(right, 1)) : 0;
  for (let k = left + 1; k < right; k++) {
    const f = (k - left) / (right - left);
    values[k] = daily
      ? at(k - season) + offsetLeft + f * (offsetRight - offsetLeft)
      : at(left) + f * (at(right) - at(left));
  }
}

/** The median of a non-empty list (both edges are known, so a side never comes up empty). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
