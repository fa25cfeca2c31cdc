/**
 * The Theta family (Fiorucci et al. 2016, as in statsforecast's AutoTheta): standard (STM, θ = 2),
 * optimised (OTM: θ, α and the initial level fitted), and their dynamic versions (DSTM, DOTM:
 * the regression line's intercept and slope are updated as each value arrives). Seasonal series
 * (an ACF test at the 90% level) are classically decomposed first and reseasonalised after.
 */
import { nelderMead } from './nelder-mead';

/** The four members of the family; `auto` picks the one with the lowest in-sample MSE. */
export const THETA_VARIANTS = ['stm', 'otm', 'dstm', 'dotm'] as const;
export type ThetaVariant = (typeof THETA_VARIANTS)[number];

/** A fitted member: its parameters and one-step in-sample MSE. */
export interface ThetaFit {
  readonly variant: ThetaVariant;
  readonly alpha: number;
  readonly theta: number;
  readonly level0: number;
  readonly mse: number;
}

interface States {
  level: number;
  meanY: number;
  a: number;
  b: number;
}

const dynamicOf = (v: ThetaVariant): boolean => v === 'dstm' || v === 'dotm';
const optimisedOf = (v: ThetaVariant): boolean => v === 'otm' || v === 'dotm';

/** Intercept and slope of the least-squares line through `y` against t = 1..n. */
function regression(y: readonly number[]): { a: number; b: number } {
  const n = y.length;
  let mean = 0;
  let meanTy = 0;
  for (let i = 0; i < n; i++) {
    mean += (y[i] ?? 0) / n;
    meanTy += ((i + 1) * (y[i] ?? 0)) / n;
  }
  const b = n > 1 ? (6 * (2 * meanTy - (n + 1) * mean)) / (n * n - 1) : 0;
  return { a: mean - ((n + 1) / 2) * b, b };
}

/** Forecast of index `i` from states after `i − 1` (the model's μ). */
function mu(s: States, i: number, alpha: number, theta: number): number {
  const decay = (1 - alpha) ** i;
  return s.level + (1 - 1 / theta) * (decay * s.a + ((1 - (1 - alpha) ** (i + 1)) / alpha) * s.b);
}

function update(s: States, i: number, y: number, alpha: number, dynamic: boolean): void {
  const previousMean = s.meanY;
  s.level = alpha * y + (1 - alpha) * s.level;
  s.meanY = (i * previousMean + y) / (i + 1);
  if (dynamic) {
    s.b = ((i - 1) * s.b + (6 * (y - previousMean)) / (i + 1)) / (i + 2);
    s.a = s.meanY - (s.b * (i + 2)) / 2;
  }
}

/** Runs the filter over `y`; returns the one-step MSE and the final states. */
function filter(
  y: readonly number[],
  variant: ThetaVariant,
  alpha: number,
  theta: number,
  level0: number,
): { mse: number; states: States } {
  const dynamic = dynamicOf(variant);
  const line = regression(y);
  const y0 = y[0] ?? 0;
  const s: States = dynamic
    ? { level: level0, meanY: y0, a: y0, b: 0 }
    : { level: level0, meanY: y0, ...line };
  s.level = alpha * y0 + (1 - alpha) * level0;
  let sse = 0;
  for (let i = 1; i < y.length; i++) {
    const value = y[i] ?? 0;
    const e = value - mu(s, i, alpha, theta);
    sse += e * e;
    update(s, i, value, alpha, dynamic);
  }
  return { mse: sse / Math.max(1, y.length - 1), states: s };
}

/** Fits one member by minimising the one-step MSE (Nelder–Mead over α, θ and the initial level). */
export function fitTheta(y: readonly number[], variant: ThetaVariant): ThetaFit {
  const optimised = optimisedOf(variant);
  const scale = Math.max(1e-9, Math.abs(y[0] ?? 0), ...y.slice(0, 10).map(Math.abs));
  const objective = (x: readonly number[]): number => {
    const alpha = x[0] ?? 0.5;
    const theta = optimised ? (x[2] ?? 2) : 2;
    if (!(alpha >= 0.01 && alpha <= 0.99) || !(theta >= 1 && theta <= 50)) return Infinity;
    return filter(y, variant, alpha, theta, x[1] ?? 0).mse;
  };
  const start = optimised ? [0.5, (y[0] ?? 0) / 2, 2] : [0.5, (y[0] ?? 0) / 2];
  const step = optimised ? [0.2, scale / 2, 1] : [0.2, scale / 2];
  const best = nelderMead(objective, start, { step, maxIterations: 150 * start.length });
  const [alpha = 0.5, level0 = 0, theta = 2] = best.x;
  return { variant, alpha, level0, theta: optimised ? theta : 2, mse: best.value };
}

/** `horizon` forecasts after `y` from a fitted member. */
export function forecastTheta(y: readonly number[], fit: ThetaFit, horizon: number): number[] {
  const { states } = filter(y, fit.variant, fit.alpha, fit.theta, fit.level0);
  const out: number[] = [];
  for (let k = 0; k < horizon; k++) {
    const i = y.length + k;
    const value = mu(states, i, fit.alpha, fit.theta);
    out.push(value);
    update(states, i, value, fit.alpha, dynamicOf(fit.variant));
  }
  return out;
}

/** Autocorrelation of `y` at lags 1..maxLag. */
function acf(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const denominator = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  return Array.from({ length: maxLag }, (_, l) => {
    let sum = 0;
    for (let t = l + 1; t < n; t++) sum += ((y[t] ?? 0) - mean) * ((y[t - l - 1] ?? 0) - mean);
    return denominator > 0 ? sum / denominator : 0;
  });
}

/** The 90% ACF seasonality test: |r_m| beyond 1.645·√((1 + 2Σ r_k², k < m) / n); needs 3 seasons. */
export function isSeasonal(y: readonly number[], m: number): boolean {
  if (m < 2 || y.length < 3 * m) return false;
  const r = acf(y, m);
  const rm = r[m - 1] ?? 0;
  const spread = 1 + 2 * r.slice(0, m - 1).reduce((s, v) => s + v * v, 0);
  return Math.abs(rm) > 1.645 * Math.sqrt(spread / y.length);
}

/**
 * Classical decomposition's seasonal indices (centred moving average, mean per phase), normalised;
 * `indices[t % m]` belongs to position t of `y`. Multiplicative when every value is positive.
 */
export function seasonalIndices(
  y: readonly number[],
  m: number,
): { indices: number[]; multiplicative: boolean } {
  const multiplicative = y.every((v) => v > 0);
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < y.length - half; t++) {
    // A 2×m moving average when m is even: half weights at both ends.
    let trend = 0;
    for (let j = -half; j <= half; j++) {
      const w = m % 2 === 0 && Math.abs(j) === half ? 0.5 : 1;
      trend += w * (y[t + j] ?? 0);
    }
    trend /= m;
    const value = y[t] ?? 0;
    sums[t % m] = (sums[t % m] ?? 0) + (multiplicative ? value / trend : value - trend);
    counts[t % m] = (counts[t % m] ?? 0) + 1;
  }
  const raw = sums.map((s, i) => s / Math.max(1, counts[i] ?? 1));
  const centre = raw.reduce((a, b) => a + b, 0) / m;
  const indices = raw.map((v) => (multiplicative ? v / centre : v - centre));
  return { indices, multiplicative };
}

/**
 * Theta forecast of `horizon` steps after `y`, deseasonalising first when the series is seasonal.
 * With `fixed`, the member and its α and θ are reused (no optimisation: statsforecast's `forward`)
 * and the initial level is the first adjusted value, whose weight has decayed by the window's end.
 */
export function thetaForecast(
  y: readonly number[],
  horizon: number,
  seasonPeriod: number,
  variant: ThetaVariant | 'auto',
  fixed?: Pick<ThetaFit, 'variant' | 'alpha' | 'theta'>,
): { point: number[]; fit: ThetaFit } {
  const seasonal = isSeasonal(y, seasonPeriod) ? seasonalIndices(y, seasonPeriod) : undefined;
  const at = (t: number): number => seasonal?.indices[t % seasonPeriod] ?? (seasonal?.multiplicative ? 1 : 0);
  const adjust = (v: number, t: number): number =>
    seasonal === undefined ? v : seasonal.multiplicative ? v / at(t) : v - at(t);
  const restore = (v: number, t: number): number =>
    seasonal === undefined ? v : seasonal.multiplicative ? v * at(t) : v + at(t);
  const adjusted = y.map(adjust);
  const variants = variant === 'auto' ? THETA_VARIANTS : [variant];
  const fit =
    fixed !== undefined
      ? { ...fixed, level0: adjusted[0] ?? 0, mse: NaN }
      : variants.map((v) => fitTheta(adjusted, v)).reduce((a, b) => (b.mse < a.mse ? b : a));
  const point = forecastTheta(adjusted, fit, horizon).map((v, k) => restore(v, y.length + k));
  return { point, fit };
}
