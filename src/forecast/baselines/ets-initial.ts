/**
 * Initial ETS states as R's forecast::ets (`initstate`) finds them: seasonal states from a
 * classical additive decomposition of the first seasons (at most three), then level and trend from
 * the first points of the seasonally adjusted series — their mean, or a line through them.
 * Seasonal states stay at these values during the fit; level and trend are starting points.
 */
import type { EtsState } from './ets-model';

/** Seasonal states for the first `period` observations of `y` (needs two full seasons), summing to zero. */
export function initialSeason(y: readonly number[], period: number): number[] {
  const seasons = Math.min(3, Math.floor(y.length / period));
  if (seasons < 2) throw new Error(`initialSeason needs two seasons of ${period}, got ${y.length} points`);
  const head = y.slice(0, seasons * period);
  const trend = centredMovingAverage(head, period);
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  trend.forEach((level, t) => {
    if (Number.isNaN(level)) return;
    sums[t % period] = (sums[t % period] ?? 0) + (head[t] ?? 0) - level;
    counts[t % period] = (counts[t % period] ?? 0) + 1;
  });
  const raw = sums.map((s, i) => s / Math.max(1, counts[i] ?? 0));
  const mean = raw.reduce((a, b) => a + b, 0) / period;
  return raw.map((v) => v - mean);
}

/** The m-point moving average (2×m for even m) centred on each point; NaN where it does not fit. */
function centredMovingAverage(y: readonly number[], period: number): number[] {
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  return y.map((_, t) => {
    if (t - half < 0 || t + half >= y.length) return NaN;
    let sum = 0;
    for (let i = t - half; i <= t + half; i++) sum += y[i] ?? 0;
    // 2×m average: the two end points weigh a half each.
    if (even) sum -= ((y[t - half] ?? 0) + (y[t + half] ?? 0)) / 2;
    return sum / period;
  });
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
