/**
 * Volatility-normalised ("locally adaptive") conformal widths (Lei et al. 2018), issue 12. A bursty
 * series switches between quiet and noisy spells; one width for all origins is too narrow in a noisy
 * spell and too wide in a quiet one. Here a residual of a forecast from origin o is divided by σ(o),
 * how much the series moved in the day before o, the conformal quantile is taken of those scores,
 * and the width at a new origin is that quantile times σ there.
 *
 * σ(o) is the mean absolute one-step change over the last day of values before o: model-free (the
 * served forecast may be a combination whose members change), causal (reads only `values[0, o)`),
 * and one number per fold, so every step of a fold is scaled alike. It is floored so a flat spell
 * cannot give a zero band: at a tenth of the median σ over the calibration origins (the segment the
 * quantiles come from), and, for a series flat throughout, at 1e-9 × (1 + median |y|).
 */
import type { SeriesData } from '../types';
import type { FoldFactors } from './fold-factors';
import { median } from './select';

const DAY_MS = 86_400_000;

/** Options of volatility normalisation; fixed in advance (issue 12 protocol), never fitted. */
export interface VolatilityOptions {
  /** The floor's share of the median σ over the calibration origins; default 0.1. */
  readonly floorShare?: number;
  /** The floor's share of 1 + median |y|, for a series flat throughout; default 1e-9. */
  readonly absoluteFloor?: number;
}

/** The defaults of {@link VolatilityOptions}. */
export const VOLATILITY_DEFAULTS = { floorShare: 0.1, absoluteFloor: 1e-9 } as const;

/** Points in one day at the series' step (24 hourly, 288 at 5 minutes), at least 2. */
export function pointsPerDay(stepMs: number): number {
  return Math.max(2, Math.round(DAY_MS / stepMs));
}

/**
 * Unfloored σ(o): the mean of |y_t − y_{t−1}| over t from o − P to o − 1 (P points in a day; t ≥ 1),
 * the changes landing on the last day's values before o. NaN when there is no such change.
 */
export function recentVolatility(series: SeriesData, origin: number): number {
  const end = Math.min(origin, series.values.length);
  let sum = 0;
  let n = 0;
  for (let t = Math.max(1, end - pointsPerDay(series.stepMs)); t < end; t++) {
    const change = Math.abs((series.values[t] as number) - (series.values[t - 1] as number));
    if (!Number.isFinite(change)) continue;
    sum += change;
    n++;
  }
  return n === 0 ? NaN : sum / n;
}

/**
 * The floor of σ for a series whose quantiles come from forecasts at `calibrationOrigins`: the larger
 * of `floorShare` × the median unfloored σ over those origins and `absoluteFloor` × (1 + median |y|
 * before the first of them). Reads only values before the calibration segment's last origin.
 */
export function volatilityFloor(
  series: SeriesData,
  calibrationOrigins: readonly number[],
  options: VolatilityOptions = {},
): number {
  const { floorShare, absoluteFloor } = { ...VOLATILITY_DEFAULTS, ...options };
  const first = calibrationOrigins.length === 0 ? series.values.length : Math.min(...calibrationOrigins);
  const levels = series.values.slice(0, first).map(Math.abs).filter(Number.isFinite);
  const absolute = absoluteFloor * (1 + (levels.length === 0 ? 0 : median(levels)));
  const sigmas = calibrationOrigins.map((o) => recentVolatility(series, o)).filter(Number.isFinite);
  const relative = sigmas.length === 0 ? 0 : floorShare * median(sigmas);
  return Math.max(absolute, relative);
}

/**
 * Per fold, σ(origin) (floored by {@link volatilityFloor} over `calibrationOrigins`) for every step:
 * the factor residuals are divided by and half-widths multiplied by (`scoresPerStep`,
 * `replayAdaptive`). Cached per origin, so many folds at the same origins cost one pass.
 */
export function volatilityScaling(
  series: SeriesData,
  calibrationOrigins: readonly number[],
  options: VolatilityOptions = {},
): FoldFactors {
  const floor = volatilityFloor(series, calibrationOrigins, options);
  const cache = new Map<number, number>();
  const sigma = (origin: number): number => {
    let value = cache.get(origin);
    if (value === undefined) {
      const raw = recentVolatility(series, origin);
      value = Number.isFinite(raw) ? Math.max(raw, floor) : floor;
      cache.set(origin, value);
    }
    return value;
  };
  return (origin, horizon) => Array<number>(horizon).fill(sigma(origin));
}
