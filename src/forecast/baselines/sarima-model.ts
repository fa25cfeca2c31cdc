/**
 * Seasonal ARIMA (p,d,q)(P,D,Q)m estimated by conditional sum of squares, as statsforecast's
 * AutoARIMA does while it searches (its `approximation` for long or seasonal series). The
 * multiplicative polynomials are expanded into sparse lag lists, so a season of 288 costs a few
 * terms per step, not 288. Conventions as in R and statsforecast: φ(B) = 1 − Σφ_i B^i and
 * θ(B) = 1 + Σθ_i B^i; a constant (mean, or drift after one difference) only when d + D ≤ 1.
 *
 * Fitted coefficients are applied to any later history by recomputing the residuals over it
 * (statsforecast's `forward`): moving the model forward costs one pass, not a new estimation.
 */
import { levenbergMarquardt } from './levenberg-marquardt';
import { isStationary, minRootModulus } from './polynomial-roots';

export { isStationary, minRootModulus } from './polynomial-roots';

/** Orders of one model. */
export interface SarimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  /** Season in steps (ignored when P = D = Q = 0). */
  readonly m: number;
  readonly constant: boolean;
}

/** A fitted model: its orders, coefficients and fit statistics. */
export interface SarimaFit {
  readonly order: SarimaOrder;
  readonly ar: readonly number[];
  readonly ma: readonly number[];
  readonly sar: readonly number[];
  readonly sma: readonly number[];
  readonly mean: number;
  /** Residual variance and corrected AIC of the conditional fit. */
  readonly sigma2: number;
  readonly aicc: number;
}

type Lags = readonly (readonly [lag: number, coefficient: number])[];

/** `(1 − Σ a_i B^i)(1 − Σ A_j B^{jm})` as lags of `Σ c_l B^l` on the right-hand side (AR form). */
function arLags(ar: readonly number[], sar: readonly number[], m: number): Lags {
  const out: [number, number][] = [];
  ar.forEach((a, i) => out.push([i + 1, a]));
  sar.forEach((s, j) => {
    out.push([(j + 1) * m, s]);
    ar.forEach((a, i) => out.push([i + 1 + (j + 1) * m, -a * s]));
  });
  return out;
}

/** `(1 + Σ b_i B^i)(1 + Σ B_j B^{jm})` as lags of the MA side. */
function maLags(ma: readonly number[], sma: readonly number[], m: number): Lags {
  const out: [number, number][] = [];
  ma.forEach((b, i) => out.push([i + 1, b]));
  sma.forEach((s, j) => {
    out.push([(j + 1) * m, s]);
    ma.forEach((b, i) => out.push([i + 1 + (j + 1) * m, b * s]));
  });
  return out;
}

/** `(1 − B)^d (1 − B^m)^D` as lags δ with y_t = w_t + Σ δ_l y_{t−l}. */
export function differencingLags(d: number, D: number, m: number): Lags {
  let poly = [1];
  const times = (factor: readonly number[]): void => {
    const next = new Array<number>(poly.length + factor.length - 1).fill(0);
    poly.forEach((a, i) => factor.forEach((b, j) => (next[i + j] = (next[i + j] ?? 0) + a * b)));
    poly = next;
  };
  for (let i = 0; i < d; i++) times([1, -1]);
  const seasonal = new Array<number>(m + 1).fill(0);
  seasonal[0] = 1;
  seasonal[m] = -1;
  for (let i = 0; i < D; i++) times(seasonal);
  const out: [number, number][] = [];
  poly.forEach((c, l) => {
    if (l > 0 && c !== 0) out.push([l, -c]);
  });
  return out;
}

/** The differenced series w_t = y_t − Σ δ_l y_{t−l}, from the first t with every lag present. */
export function difference(y: readonly number[], delta: Lags): number[] {
  const start = Math.max(0, ...delta.map(([l]) => l));
  const out: number[] = [];
  for (let t = start; t < y.length; t++) {
    let w = y[t] ?? 0;
    for (const [l, c] of delta) w -= c * (y[t - l] ?? 0);
    out.push(w);
  }
  return out;
}

/**
 * Whether the fitted polynomials keep every root of the expanded AR and MA polynomials beyond
 * 1.01: a seasonal factor's roots r become m-th roots, so its own roots must clear 1.01^m.
 */
export function clearOfUnitCircle(fit: Pick<SarimaFit, 'ar' | 'ma' | 'sar' | 'sma' | 'order'>): boolean {
  const seasonalBound = 1.01 ** fit.order.m;
  return (
    minRootModulus(fit.ar) > 1.01 &&
    minRootModulus(fit.ma.map((v) => -v)) > 1.01 &&
    minRootModulus(fit.sar) > seasonalBound &&
    minRootModulus(fit.sma.map((v) => -v)) > seasonalBound
  );
}

/** One-step residuals of the ARMA part over w (zero before `start`); `start` conditions the AR lags. */
function armaResiduals(w: readonly number[], mean: number, ar: Lags, ma: Lags, start: number): Float64Array {
  const e = new Float64Array(w.length);
  for (let t = start; t < w.length; t++) {
    let fitted = mean;
    for (const [l, c] of ar) fitted += c * ((w[t - l] ?? mean) - mean);
    for (const [l, c] of ma) fitted += c * (t - l >= 0 ? (e[t - l] ?? 0) : 0);
    e[t] = (w[t] ?? 0) - fitted;
  }
  return e;
}

/** Splits a parameter vector into the order's coefficient groups. */
function unpack(x: readonly number[], order: SarimaOrder, meanDefault: number) {
  let i = 0;
  const take = (n: number): number[] => x.slice(i, (i += n));
  const ar = take(order.p);
  const ma = take(order.q);
  const sar = take(order.P);
  const sma = take(order.Q);
  const mean = order.constant ? (x[i] ?? meanDefault) : 0;
  return { ar, ma, sar, sma, mean };
}

/** Admissible: stationary AR and invertible MA, non-seasonal and seasonal parts alike. */
function admissible(c: { ar: number[]; ma: number[]; sar: number[]; sma: number[] }): boolean {
  return (
    isStationary(c.ar) &&
    isStationary(c.sar) &&
    isStationary(c.ma.map((v) => -v)) &&
    isStationary(c.sma.map((v) => -v))
  );
}

/**
 * Fits `order` to the already differenced `w` by conditional sum of squares over t ≥ `start`
 * (the same `start` for every model compared, so their criteria share one sample).
 */
export function fitSarima(w: readonly number[], order: SarimaOrder, start: number): SarimaFit | undefined {
  const meanW = w.reduce((a, b) => a + b, 0) / Math.max(1, w.length);
  const k = order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0);
  const n = w.length - start;
  if (n <= k + 2) return undefined;
  const residuals = (x: readonly number[]): Float64Array | undefined => {
    const c = unpack(x, order, meanW);
    if (!admissible(c)) return undefined;
    const e = armaResiduals(w, c.mean, arLags(c.ar, c.sar, order.m), maLags(c.ma, c.sma, order.m), start);
    return e.subarray(start);
  };
  const startPoint = [
    ...new Array<number>(k - (order.constant ? 1 : 0)).fill(0),
    ...(order.constant ? [meanW] : []),
  ];
  const { x, sse } = levenbergMarquardt(residuals, startPoint);
  if (!Number.isFinite(sse)) return undefined;
  const coefficients = unpack(x, order, meanW);
  if (!clearOfUnitCircle({ ...coefficients, order })) return undefined;
  const sigma2 = sse / n;
  const parameters = k + 1;
  const logLik = -0.5 * n * (Math.log(2 * Math.PI * Math.max(sigma2, 1e-300)) + 1);
  const aic = -2 * logLik + 2 * parameters;
  const aicc =
    n - parameters - 1 > 0 ? aic + (2 * parameters * (parameters + 1)) / (n - parameters - 1) : Infinity;
  return { order, ...coefficients, sigma2, aicc };
}

/** Points of conditioning a fit needs: the deepest AR lag of the expanded polynomial. */
export function conditioningOf(order: Pick<SarimaOrder, 'p' | 'P' | 'm'>): number {
  return order.p + order.P * order.m;
}

/** `horizon` forecasts after `y` with fitted coefficients: residuals over `y`, then the recursion. */
export function forecastSarima(y: readonly number[], fit: SarimaFit, horizon: number): number[] {
  const { order } = fit;
  const delta = differencingLags(order.d, order.D, order.m);
  const w = difference(y, delta);
  const ar = arLags(fit.ar, fit.sar, order.m);
  const ma = maLags(fit.ma, fit.sma, order.m);
  const e = Array.from(armaResiduals(w, fit.mean, ar, ma, Math.min(conditioningOf(order), w.length)));
  const wAll = [...w];
  for (let k = 0; k < horizon; k++) {
    const t = wAll.length;
    let next = fit.mean;
    for (const [l, c] of ar) next += c * ((wAll[t - l] ?? fit.mean) - fit.mean);
    for (const [l, c] of ma) next += c * (t - l < e.length && t - l >= 0 ? (e[t - l] ?? 0) : 0);
    wAll.push(next);
  }
  // Integrate back: y_t = w_t + Σ δ_l y_{t−l}.
  const yAll = [...y];
  for (let k = 0; k < horizon; k++) {
    const t = yAll.length;
    let value = wAll[w.length + k] ?? NaN;
    for (const [l, c] of delta) value += c * (yAll[t - l] ?? NaN);
    yAll.push(value);
  }
  return yAll.slice(y.length);
}
