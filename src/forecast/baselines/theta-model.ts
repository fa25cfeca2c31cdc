/**
 * The Theta family (Fiorucci et al. 2016, as in statsforecast's AutoTheta): standard (STM, θ = 2),
 * optimised (OTM: θ, α and the initial level fitted), and their dynamic versions (DSTM, DOTM:
 * the regression line's intercept and slope are updated as each value arrives). Seasonal series
 * (an ACF test at the 90% level) are classically decomposed first and reseasonalised after.
 */
import { nelderMead } from './nelder-mead';
import { isSeasonal, seasonalIndices } from './seasonal-decomposition';

export { isSeasonal, seasonalIndices } from './seasonal-decomposition';

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

/** One-step errors left out of the fitting criterion while the states settle. */
const BURN_IN = 3;
/** Bounds of the smoothing weight α and of θ, as in statsforecast (α below 0.1 barely moves the level). */
const ALPHA_MIN = 0.1;
const ALPHA_MAX = 0.99;
const THETA_MAX = 1e10;

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
    // The first errors mostly measure the initial states, not the model (statsforecast skips 3).
    if (i >= BURN_IN) sse += e * e;
    update(s, i, value, alpha, dynamic);
  }
  return { mse: sse / Math.max(1, y.length - BURN_IN), states: s };
}

/** Fits one member by minimising the one-step MSE (Nelder–Mead over α, θ and the initial level). */
export function fitTheta(y: readonly number[], variant: ThetaVariant): ThetaFit {
  const optimised = optimisedOf(variant);
  const scale = Math.max(1e-9, Math.abs(y[0] ?? 0), ...y.slice(0, 10).map(Math.abs));
  const objective = (x: readonly number[]): number => {
    const alpha = x[0] ?? 0.5;
    const theta = optimised ? (x[2] ?? 2) : 2;
    if (!(alpha >= ALPHA_MIN && alpha <= ALPHA_MAX) || !(theta >= 1 && theta <= THETA_MAX)) return Infinity;
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
