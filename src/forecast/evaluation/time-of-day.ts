/**
 * Time-of-day-conditioned ("locally weighted", normalised) conformal widths. Plain conformal widths
 * are the same at every hour, so a series whose errors are much larger at one hour of the day (a
 * daily batch job's CPU spike) gets bands too narrow then and too wide the rest of the day. Here a
 * residual is divided by a factor saying how volatile its target's hour of day has been, the
 * conformal quantile is taken of those normalised scores, and a width is that quantile times the
 * factor at its target's hour.
 *
 * The factor of hour h is the median absolute one-step error of a seasonal-naive forecast (the
 * change from the same time a day earlier) at hour h over that median for the whole history, shrunk
 * towards 1 (the ratio bounded to [1/4, 4] first). Seasonal rather than first differences: a one-hour spike changes two first
 * differences (into it and out of it) and would widen the hour after it as well; a day-on-day change
 * stays at the spike's own hour, and a spike that recurs the same way every day (which a seasonal
 * model forecasts) does not widen anything. Model-free on purpose: it reads the whole history (not
 * the short calibration segment, a few scores per hour), and it is causal: a forecast from origin o
 * reads only `values[0, o)`. Relative to 1, so a factor of 1 means "plain widths" and a series
 * with too little history is served exactly as before.
 */
import type { SeriesData } from '../types';
import type { FoldFactors } from './fold-factors';
import { median } from './select';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Options of time-of-day conditioning; both fixed in advance, never fitted. */
export interface TimeOfDayOptions {
  /** Days of history needed before the factors are used (plain widths before); default 7. */
  readonly minDays?: number;
  /**
   * Days' worth of weight the overall level gets against an hour's own median: with d days of history
   * an hour's factor is `(d·own + prior·1) / (d + prior)`, so a week of history moves it halfway. Default 7.
   */
  readonly priorDays?: number;
  /**
   * Bound on an hour's ratio to the whole history, both ways, before shrinking; default 4. Without it
   * a bursty series whose typical change is near 0 (disk writes) gave some hours 1,000 times the
   * width of others in the first bench run; an hour more than 4 times as volatile as the typical
   * one is more often bursts that happened to land there than a daily pattern. Infinity: unbounded.
   */
  readonly maxRatio?: number;
}

/** The defaults of {@link TimeOfDayOptions}. */
export const TIME_OF_DAY_DEFAULTS = { minDays: 7, priorDays: 7, maxRatio: 4 } as const;

/**
 * Factor per UTC hour of day (24 numbers around 1) from `values[0, end)`, or undefined when that
 * history spans fewer than `minDays` days, the step does not divide a day into several points, or
 * the typical day-on-day change is 0 (a flat or stepwise series, where a ratio says nothing): the
 * caller then uses plain widths.
 */
export function hourOfDayFactors(
  series: SeriesData,
  end: number,
  options: TimeOfDayOptions = {},
): number[] | undefined {
  const { minDays, priorDays, maxRatio } = { ...TIME_OF_DAY_DEFAULTS, ...options };
  const last = Math.min(end, series.values.length);
  const days = (last * series.stepMs) / DAY_MS;
  const lag = DAY_MS / series.stepMs;
  if (days < minDays || !Number.isInteger(lag) || lag < 2 || last <= lag) return undefined;
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  for (let t = lag; t < last; t++) {
    const change = Math.abs((series.values[t] as number) - (series.values[t - lag] as number));
    if (Number.isFinite(change)) byHour[hourOfDay(series.start + t * series.stepMs)]?.push(change);
  }
  const overall = median(byHour.flat());
  if (!(overall > 0)) return undefined;
  const weight = days / (days + priorDays);
  const bounded = (ratio: number) => Math.min(maxRatio, Math.max(1 / maxRatio, ratio));
  return byHour.map((changes) =>
    changes.length === 0 ? 1 : 1 - weight + weight * bounded(median(changes) / overall),
  );
}

/** UTC hour of day (0–23) of an epoch time in ms. */
export function hourOfDay(timeMs: number): number {
  return Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/**
 * Factors per horizon step for forecasts issued at each of `origins` (`horizon` steps each, step k
 * targeting `origin + k`), each read from the history before its origin. All 1 at an origin with
 * too little history. Factors are computed once per origin, so many folds at the same origins
 * (every candidate model of a series) cost one pass.
 */
export function timeOfDayScaling(series: SeriesData, options: TimeOfDayOptions = {}): FoldFactors {
  const cache = new Map<number, number[] | undefined>();
  return (origin, horizon) => {
    if (!cache.has(origin)) cache.set(origin, hourOfDayFactors(series, origin, options));
    const factors = cache.get(origin);
    return Array.from({ length: horizon }, (_, k) =>
      factors === undefined ? 1 : (factors[hourOfDay(series.start + (origin + k) * series.stepMs)] ?? 1),
    );
  };
}
