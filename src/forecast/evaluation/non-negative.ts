/**
 * Infrastructure metrics (CPU %, bytes, packets, requests, latencies) never go below zero, yet an
 * additive model does: a level falling after a burst, or a seasonal dip learnt from a busy week and
 * subtracted from a quiet one, forecasts negative CPU (seen on the demo: a CPU series idling at 2.3%
 * forecast at −1.4%, its 95% band reaching −28%). A series whose history holds no negative value is
 * therefore forecast at or above zero: the point and every interval bound are floored at 0.
 *
 * For an actual at or above zero this is never worse: |max(0, p) − y| ≤ |p − y|, and `[max(0, l),
 * max(0, u)]` holds every such actual `[l, u]` holds. So it can be applied after any model, after the
 * adaptive widths, and in the backtests that calibrate them, without touching coverage. A series
 * that has gone negative (a temperature, a signed delta) is left alone.
 */
import type { Forecast, Interval, SeriesData } from '../types';

/** The forecast floored at zero when no value of `history` is negative; otherwise unchanged. */
export function floorWhenNonNegative(forecast: Forecast, history: SeriesData): Forecast {
  if (!isNonNegative(history.values)) return forecast;
  const floor = (values: readonly number[]) => values.map((v) => (v < 0 ? 0 : v));
  const floorInterval = (i: Interval): Interval => ({ lower: floor(i.lower), upper: floor(i.upper) });
  return {
    times: forecast.times,
    point: floor(forecast.point),
    intervals: { p80: floorInterval(forecast.intervals.p80), p95: floorInterval(forecast.intervals.p95) },
  };
}

function isNonNegative(values: readonly number[]): boolean {
  for (const v of values) if (v < 0) return false;
  return true;
}
