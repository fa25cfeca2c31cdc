/**
 * Seasonal AutoARIMA's order search (Hyndman & Khandakar 2008, as statsforecast's AutoARIMA):
 * the seasonal difference D from the seasonal strength of a classical decomposition (> 0.64, as
 * statsforecast's default `seas` test), the difference d from repeated KPSS tests at 5%, then a
 * stepwise search over (p, q, P, Q, constant) by corrected AIC of conditional-sum-of-squares fits.
 */
import {
  conditioningOf,
  difference,
  differencingLags,
  fitSarima,
  type SarimaFit,
  type SarimaOrder,
} from './sarima-model';
import { centredTrend, phaseMeans } from './seasonal-decomposition';

/** Limits of the search; statsforecast's defaults, with P and Q capped at 1 on long seasons. */
export interface SarimaSearchLimits {
  readonly maxP: number;
  readonly maxQ: number;
  readonly maxSeasonalP: number;
  readonly maxSeasonalQ: number;
  /** Most p + q + P + Q. */
  readonly maxOrder: number;
  readonly maxD: number;
  /** Most models fitted. */
  readonly maxModels: number;
}

/** Defaults for a season of `m` steps. */
export function searchLimits(m: number): SarimaSearchLimits {
  // A second seasonal lag on a 288-step season would condition every fit on two days of data.
  const seasonal = m > 48 ? 1 : 2;
  return {
    maxP: 5,
    maxQ: 5,
    maxSeasonalP: seasonal,
    maxSeasonalQ: seasonal,
    maxOrder: 5,
    maxD: 2,
    maxModels: 60,
  };
}

/** KPSS level-stationarity statistic with Newey–West variance, `3√n / 13` lags (R's `lshort`). */
export function kpssStatistic(y: readonly number[]): number {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const e = y.map((v) => v - mean);
  let partial = 0;
  let eta = 0;
  for (const v of e) {
    partial += v;
    eta += partial * partial;
  }
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let variance = e.reduce((s, v) => s + v * v, 0) / n;
  for (let l = 1; l <= lags; l++) {
    let s = 0;
    for (let t = l; t < n; t++) s += (e[t] ?? 0) * (e[t - l] ?? 0);
    variance += (2 * (1 - l / (lags + 1)) * s) / n;
  }
  return variance > 0 ? eta / (n * n * variance) : 0;
}

/** KPSS 5% critical value for level stationarity. */
const KPSS_CRITICAL = 0.463;
/** Seasonal strength above which the seasonal difference is taken (statsforecast's `seas` test). */
const SEASONAL_STRENGTH = 0.64;

/** Number of differences KPSS asks for (0 to `maxD`). */
export function ndiffs(y: readonly number[], maxD: number): number {
  let x = [...y];
  for (let d = 0; d < maxD; d++) {
    if (x.length < 10 || isFlat(x) || kpssStatistic(x) <= KPSS_CRITICAL) return d;
    x = x.slice(1).map((v, i) => v - (x[i] ?? 0));
  }
  return maxD;
}

/** 1 when the seasonal component explains enough of the detrended variation, else 0. */
export function nsdiffs(y: readonly number[], m: number): number {
  if (m < 2 || y.length < 2 * m + 1 || isFlat(y)) return 0;
  // Additive classical decomposition: detrended = seasonal + remainder.
  const trend = centredTrend(y, m);
  const indices = phaseMeans(y, trend, m, false);
  const remainder: number[] = [];
  const seasonalPlusRemainder: number[] = [];
  trend.forEach((level, t) => {
    if (Number.isNaN(level)) return;
    const detrended = (y[t] ?? 0) - level;
    seasonalPlusRemainder.push(detrended);
    remainder.push(detrended - (indices[t % m] ?? 0));
  });
  const variance = (v: readonly number[]): number => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  };
  const total = variance(seasonalPlusRemainder);
  const strength = total > 0 ? Math.max(0, 1 - variance(remainder) / total) : 0;
  return strength > SEASONAL_STRENGTH ? 1 : 0;
}

function isFlat(y: readonly number[]): boolean {
  return y.every((v) => v === y[0]);
}

/** The model with the lowest AICc found by the stepwise search on `y` with season `m`. */
export function autoSarima(y: readonly number[], m: number, limits = searchLimits(m)): SarimaFit | undefined {
  const seasonalOk = m >= 2;
  const D = seasonalOk ? nsdiffs(y, m) : 0;
  const seasonallyDifferenced = difference(y, differencingLags(0, D, m));
  const d = ndiffs(seasonallyDifferenced, limits.maxD);
  const w = difference(y, differencingLags(d, D, m));
  const start = conditioningOf({ p: limits.maxP, P: seasonalOk ? limits.maxSeasonalP : 0, m });
  if (w.length - start < 3 * (limits.maxOrder + 2)) return undefined;
  const allowConstant = d + D <= 1;
  const fits = new Map<string, SarimaFit | undefined>();
  const tryOrder = (o: Omit<SarimaOrder, 'd' | 'D' | 'm'>): SarimaFit | undefined => {
    const order: SarimaOrder = { ...o, d, D, m: seasonalOk ? m : 1 };
    const key = `${o.p},${o.q},${o.P},${o.Q},${o.constant}`;
    if (!fits.has(key)) fits.set(key, fits.size < limits.maxModels ? fitSarima(w, order, start) : undefined);
    return fits.get(key);
  };
  const valid = (o: Omit<SarimaOrder, 'd' | 'D' | 'm'>): boolean =>
    o.p >= 0 &&
    o.q >= 0 &&
    o.P >= 0 &&
    o.Q >= 0 &&
    o.p <= limits.maxP &&
    o.q <= limits.maxQ &&
    o.P <= (seasonalOk ? limits.maxSeasonalP : 0) &&
    o.Q <= (seasonalOk ? limits.maxSeasonalQ : 0) &&
    o.p + o.q + o.P + o.Q <= limits.maxOrder &&
    (allowConstant || !o.constant);
  const s = seasonalOk ? 1 : 0;
  const starts = [
    { p: 2, q: 2, P: s, Q: s },
    { p: 0, q: 0, P: 0, Q: 0 },
    { p: 1, q: 0, P: s, Q: 0 },
    { p: 0, q: 1, P: 0, Q: s },
  ].map((o) => ({ ...o, constant: allowConstant }));
  let best: SarimaFit | undefined;
  for (const o of starts.filter(valid)) {
    const fit = tryOrder(o);
    if (fit !== undefined && (best === undefined || fit.aicc < best.aicc)) best = fit;
  }
  for (let improved = best !== undefined; improved;) {
    improved = false;
    const c = (best as SarimaFit).order;
    for (const o of neighbours(c).filter(valid)) {
      const fit = tryOrder(o);
      if (fit !== undefined && fit.aicc < (best as SarimaFit).aicc) {
        best = fit;
        improved = true;
        break;
      }
    }
  }
  return best;
}

/** The stepwise moves: one order ±1, p and q together, P and Q together, the constant toggled. */
function neighbours(o: SarimaOrder): Omit<SarimaOrder, 'd' | 'D' | 'm'>[] {
  const base = { p: o.p, q: o.q, P: o.P, Q: o.Q, constant: o.constant };
  const moves: Partial<typeof base>[] = [
    { P: o.P - 1 },
    { P: o.P + 1 },
    { Q: o.Q - 1 },
    { Q: o.Q + 1 },
    { P: o.P - 1, Q: o.Q - 1 },
    { P: o.P + 1, Q: o.Q + 1 },
    { p: o.p - 1 },
    { p: o.p + 1 },
    { q: o.q - 1 },
    { q: o.q + 1 },
    { p: o.p - 1, q: o.q - 1 },
    { p: o.p + 1, q: o.q + 1 },
    { constant: !o.constant },
  ];
  return moves.map((m) => ({ ...base, ...m }));
}
