/**
 * Initial ETS states as R's forecast::ets (`initstate`) finds them: seasonal states from a
 * classical additive decomposition of the first seasons (at most three; the decomposition Theta
 * uses, `seasonal-decomposition.ts`), then level and trend from the first points of the seasonally
 * adjusted series — their mean, or a line through them.
 * Seasonal states stay at these values during the fit; level and trend are starting points.
 */
import type { EtsState } from './ets-model';
import { centredTrend, phaseMeans } from './seasonal-decomposition';

/** Seasonal states for the first `period` observations of `y` (needs two full seasons), summing to zero. */
export function initialSeason(y: readonly number[], period: number): number[] {
  const seasons = Math.min(3, Math.floor(y.length / period));
  if (seasons < 2) throw new Error(`initialSeason needs two seasons of ${period}, got ${y.length} points`);
  const head = y.slice(0, seasons * period);
  return phaseMeans(head, centredTrend(head, period), period, false);
}

/** R's initial level and trend: mean of the first `head` points, or a line through them with a trend. */
export function initialLevel(y: readonly number[], trended: boolean, head: number): EtsState {
  const m = Math.min(head, y.length);
  const first = y.slice(0, m);
  const mean = first.reduce((a, b) => a + b, 0) / m;
  if (!trended) return { level: mean, trend: 0 };
  const tMean = (m + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  first.forEach((v, i) => {
    sxy += (i + 1 - tMean) * (v - mean);
    sxx += (i + 1 - tMean) ** 2;
  });
  const slope = sxx > 0 ? sxy / sxx : 0;
  let level = mean - slope * tMean;
  let trend = slope;
  // A multiplicative model must not start with ℓ₀ + b₀ = 0: perturb as R does.
  if (Math.abs(level + trend) < 1e-8) {
    level *= 1 + 1e-3;
    trend *= 1 - 1e-3;
  }
  return { level, trend };
}
