/**
 * Non-seasonal exponential smoothing in innovations state-space form (Hyndman, Koehler, Ord &
 * Snyder 2008; R's forecast::ets, statsforecast's AutoETS): additive or multiplicative error, no,
 * additive or damped trend. Seasonality is MSTL's job. Pure arithmetic: the recursions, the
 * likelihood terms `ets-fit.ts` minimises, point forecasts and the analytic forecast variances.
 */

/** Error type: additive or multiplicative. */
export type EtsError = 'A' | 'M';
/** Trend type: none, additive, additive damped. */
export type EtsTrend = 'N' | 'A' | 'Ad';

/** Which member of the family. */
export interface EtsSpec {
  readonly error: EtsError;
  readonly trend: EtsTrend;
}

/** Smoothing parameters; `beta` and `phi` are ignored without a trend, `phi` is 1 for an undamped one. */
export interface EtsParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly phi: number;
}

/** Level and trend at one time. */
export interface EtsState {
  readonly level: number;
  readonly trend: number;
}

/** What a pass of the filter over observations leaves. */
export interface EtsFilterResult {
  /** State after the last observation. */
  readonly state: EtsState;
  /** Innovations: y − ŷ (additive error) or (y − ŷ)/ŷ (multiplicative). */
  readonly errors: number[];
  readonly sumSquares: number;
  /** Σ log ŷ: the multiplicative-error likelihood's Jacobian term (0 for additive error). */
  readonly sumLogFitted: number;
  /** False when a multiplicative model met a one-step forecast ≤ 0 (inadmissible). */
  readonly admissible: boolean;
}

/** The model's name in the usual notation: ANN, AAN, AAdN, MNN, MAN, MAdN. */
export function etsName(spec: EtsSpec): string {
  return `${spec.error}${spec.trend}N`;
}

/** Damping factor actually applied: 1 unless the trend is damped, 0 without a trend. */
function dampingOf(spec: EtsSpec, parameters: EtsParameters): number {
  if (spec.trend === 'N') return 0;
  return spec.trend === 'Ad' ? parameters.phi : 1;
}

/** One update of the state with observation `y`; returns the innovation and the new state. */
export function etsStep(
  spec: EtsSpec,
  parameters: EtsParameters,
  state: EtsState,
  y: number,
): { state: EtsState; error: number; fitted: number } {
  const phi = dampingOf(spec, parameters);
  const fitted = state.level + phi * state.trend;
  const { alpha, beta } = parameters;
  // Additive error: ε = y − ŷ enters as is; multiplicative: ε = (y − ŷ)/ŷ enters scaled by ŷ.
  const error = spec.error === 'A' ? y - fitted : (y - fitted) / fitted;
  const impact = spec.error === 'A' ? error : fitted * error;
  const level = fitted + alpha * impact;
  const trend = spec.trend === 'N' ? 0 : phi * state.trend + beta * impact;
  return { state: { level, trend }, error, fitted };
}

/**
 * Runs the recursions over `y` from `initial` (the same arithmetic as {@link etsStep}, inlined on
 * scalars: the fit calls this thousands of times). `keepErrors: false` skips the error array.
 */
export function etsFilter(
  spec: EtsSpec,
  parameters: EtsParameters,
  initial: EtsState,
  y: readonly number[],
  keepErrors = true,
): EtsFilterResult {
  const phi = dampingOf(spec, parameters);
  const { alpha, beta } = parameters;
  const additive = spec.error === 'A';
  const trended = spec.trend !== 'N';
  let level = initial.level;
  let trend = initial.trend;
  const errors: number[] = keepErrors ? new Array<number>(y.length) : [];
  let sumSquares = 0;
  let sumLogFitted = 0;
  for (let t = 0; t < y.length; t++) {
    const fitted = level + phi * trend;
    if (!additive && !(fitted > 0)) {
      return {
        state: { level, trend },
        errors: errors.slice(0, t),
        sumSquares: Infinity,
        sumLogFitted,
        admissible: false,
      };
    }
    const value = y[t] ?? NaN;
    const error = additive ? value - fitted : (value - fitted) / fitted;
    const impact = additive ? error : fitted * error;
    level = fitted + alpha * impact;
    trend = trended ? phi * trend + beta * impact : 0;
    if (keepErrors) errors[t] = error;
    sumSquares += error * error;
    // Only the multiplicative-error likelihood needs Σ log|ŷ|: a log per step is most of the loop.
    if (!additive) sumLogFitted += Math.log(fitted);
  }
  return { state: { level, trend }, errors, sumSquares, sumLogFitted, admissible: true };
}

/** The state after `steps` missing observations: the forecast recursion, no update. */
export function etsSkip(spec: EtsSpec, parameters: EtsParameters, state: EtsState, steps: number): EtsState {
  const phi = dampingOf(spec, parameters);
  if (steps <= 0 || spec.trend === 'N') return state;
  const sum = phi === 1 ? steps : (phi * (1 - phi ** steps)) / (1 - phi);
  return { level: state.level + sum * state.trend, trend: phi ** steps * state.trend };
}

/** Point forecasts 1..horizon steps after `state`: ℓ + (φ + … + φʰ)·b. */
export function etsMean(
  spec: EtsSpec,
  parameters: EtsParameters,
  state: EtsState,
  horizon: number,
): number[] {
  const phi = dampingOf(spec, parameters);
  const mean: number[] = [];
  let phiSum = 0;
  for (let h = 1; h <= horizon; h++) {
    phiSum += phi ** h;
    mean.push(state.level + phiSum * state.trend);
  }
  return mean;
}

/**
 * Forecast variances 1..horizon steps ahead (Hyndman et al. 2008, ch. 6) for innovation variance
 * `sigma2`. With c_j = α + β·(φ + … + φʲ): class 1 (additive error) v_h = σ²(1 + Σ_{j<h} c_j²);
 * class 2 (multiplicative error) v_h = (1 + σ²)θ_h − μ_h², θ_1 = μ_1², θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}.
 */
export function etsVariance(
  spec: EtsSpec,
  parameters: EtsParameters,
  state: EtsState,
  horizon: number,
  sigma2: number,
): number[] {
  const phi = dampingOf(spec, parameters);
  const beta = spec.trend === 'N' ? 0 : parameters.beta;
  const c: number[] = [];
  let phiSum = 0;
  for (let j = 1; j < horizon; j++) {
    phiSum += phi ** j;
    c.push(parameters.alpha + beta * phiSum);
  }
  if (spec.error === 'A') {
    let sum = 0;
    return Array.from({ length: horizon }, (_, h) => {
      if (h > 0) sum += (c[h - 1] ?? 0) ** 2;
      return sigma2 * (1 + sum);
    });
  }
  const mean = etsMean(spec, parameters, state, horizon);
  const theta: number[] = [];
  return mean.map((mu, h) => {
    let sum = 0;
    for (let j = 1; j <= h; j++) sum += (c[j - 1] ?? 0) ** 2 * (theta[h - j] ?? 0);
    theta.push(mu * mu + sigma2 * sum);
    return (1 + sigma2) * (theta[h] ?? 0) - mu * mu;
  });
}
