/**
 * Which stretch of time a series' chart shows: the chosen range of history up to "now" (the issue
 * time of the newest forecast), then the forecast to its last target. Pure.
 */
import type { Granularity, TimeRange } from '../shared';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The ranges an operator picks from: history shown before "now". */
export const CHART_RANGES = { '6h': 6 * HOUR, '1d': DAY, '4d': 4 * DAY, '14d': 14 * DAY } as const;
export type ChartRange = keyof typeof CHART_RANGES;
export const CHART_RANGE_NAMES = Object.keys(CHART_RANGES) as ChartRange[];

/**
 * A day of hourly points, six hours of 5-minute ones: the forecast (6 hours, or 1 hour at 5 minutes)
 * then takes a sixth of the width, wide enough to read, with the recent past beside it.
 */
export const DEFAULT_RANGE: Readonly<Record<Granularity, ChartRange>> = { '1h': '1d', '5m': '6h' };

/** What the window is anchored on. */
export interface WindowAnchors {
  readonly newestObservationAt: number | null;
  /** Issue time of the newest champion forecast, and its last target. */
  readonly issuedAt: number | null;
  readonly lastTargetAt: number | null;
}

export interface ChartWindow extends TimeRange {
  /**
   * The "now" marker: the newest forecast's issue time (the cycle's hour, after which its band
   * lies); null without a forecast.
   */
  readonly now: number | null;
  /** True when observations arrived after the newest forecast was issued: the forecast is behind. */
  readonly forecastBehind: boolean;
}

/**
 * The window of a chart: `range` of history before the present of the data (the later of the
 * newest forecast's issue and the newest observation), then up to the newest forecast's last
 * target or the newest observation, whichever is later. `to` is exclusive, one past the last time.
 */
export function chartWindow(a: WindowAnchors, range: ChartRange): ChartWindow {
  const present = Math.max(a.issuedAt ?? -Infinity, a.newestObservationAt ?? -Infinity);
  if (!Number.isFinite(present)) return { from: 0, to: 1, now: null, forecastBehind: false };
  const end = Math.max(present, a.lastTargetAt ?? -Infinity);
  const forecastBehind = a.issuedAt !== null && (a.newestObservationAt ?? -Infinity) >= a.issuedAt;
  return { from: present - CHART_RANGES[range], to: end + 1, now: a.issuedAt, forecastBehind };
}
