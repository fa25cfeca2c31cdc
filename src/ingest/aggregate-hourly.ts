import type { HourlyPoint, Point } from './types';

const HOUR_MS = 3_600_000;

/**
 * Rolls points (normally the 5-minute grid from `cleanSeries`) up to UTC hours: `t` is the hour's start,
 * `mean` and `max` are over the points inside `[t, t + 1h)`, `count` is how many there were.
 * Partial hours (the first and last of a range, or hours around an unfilled gap) are kept with their
 * smaller count rather than dropped, so a consumer can decide what is enough; hours without points
 * are absent. Interpolated points count like observed ones. Input order does not matter; output is sorted.
 */
export function aggregateHourly(points: readonly Point[]): HourlyPoint[] {
  const byHour = new Map<number, HourlyPoint>();
  for (const { t, v } of points) {
    const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
    const bucket = byHour.get(hour);
    if (bucket === undefined) {
      // `mean` holds the running sum until the end.
      byHour.set(hour, { t: hour, mean: v, max: v, count: 1 });
    } else {
      bucket.mean += v;
      if (v > bucket.max) bucket.max = v;
      bucket.count++;
    }
  }
  const hours = [...byHour.values()].sort((a, b) => a.t - b.t);
  for (const hour of hours) hour.mean /= hour.count;
  return hours;
}
