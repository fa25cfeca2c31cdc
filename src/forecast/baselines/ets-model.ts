/**
 * Exponential smoothing in innovations state-space form (Hyndman, Koehler, Ord & Snyder 2008;
 * R's forecast::ets, statsforecast's AutoETS): additive or multiplicative error; no, additive or
 * damped trend; no or additive season. Pure arithmetic: the recursions, the likelihood terms
 * `ets-fit.ts` minimises and point forecasts (variances: `ets-variance.ts`).
 */

/** Error type: additive or multiplicative. */
export type EtsError = 'A' | 'M';
/** Trend type: none, additive, additive damped. */
export type EtsTrend = 'N' | 'A' | 'Ad';
/** Season type: none or additive. */
export type EtsSeason = 'N' | 'A';

/** Which member of the family. Stored fits from before seasons existed carry no `season`: none. */
export interface EtsSpec {
  readonly error: EtsError;
  readonly trend: EtsTrend;
  readonly season?: EtsSeason;
  /** Steps per season, with an additive season. */
  readonly period?: number;
}

/**
 * Smoothing parameters; `beta` and `phi` are ignored without a trend, `phi` is 1 for an undamped
 * one, `gamma` (the season's) is ignored without a season.
 */
export interface EtsParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly phi: number;
  readonly gamma?: number;
}

/** Level, trend and (with a season) the last `period` seasonal states at one time. */
export interface EtsState {
  readonly level: number;
  readonly trend: number;
  /** Oldest first: `season[0]` is the seasonal state the next observation uses. */
  readonly season?: readonly number[];
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

/** The model's name in the usual notation: ANN, AAdN, MNA, … */
export function etsName(spec: EtsSpec): string {
  return `${spec.error}${spec.trend}${spec.season ?? 'N'}`;
}

/** Whether `spec` has a season. */
export function isSeasonal(spec: EtsSpec): boolean {
  return spec.season === 'A';
}

/** Damping factor actually applied: 1 unless the trend is damped, 0 without a trend. */
export function dampingOf(spec: EtsSpec, parameters: EtsParameters): number {
  if (spec.trend === 'N') return 0;
  return spec.trend === 'Ad' ? parameters.phi : 1;
}

/** The seasonal states a seasonal `spec` needs in `state`, or none without a season. */
function seasonOf(spec: EtsSpec, state: EtsState): readonly number[] | undefined {
  if (!isSeasonal(spec)) return undefined;
  if (state.season === undefined || state.season.length !== spec.period) {
    throw new Error(`ETS state.season must hold ${spec.period} values, got ${state.season?.length}`);
  }
  return state.season;
}

/** One update of the state with observation `y`; returns the innovation and the new state. */
export function etsStep(
  spec: EtsSpec,
  parameters: EtsParameters,
  state: EtsState,
  y: number,
): { state: EtsState; error: number; fitted: number } {
  const phi = dampingOf(spec, parameters);
  const season = seasonOf(spec, state);
  const s = season?.[0] ?? 0;
  const base = state.level + phi * state.trend;
  const fitted = base + s;
  const { alpha, beta } = parameters;
  // Additive error: ε = y − ŷ enters as is; multiplicative: ε = (y − ŷ)/ŷ enters scaled by ŷ.
  const error = spec.error === 'A' ? y - fitted : (y - fitted) / fitted;
  const impact = spec.error === 'A' ? error : fitted * error;
  const level = base + alpha * impact;
  const trend = spec.trend === 'N' ? 0 : phi * state.trend + beta * impact;
  if (season === undefined) return { state: { level, trend }, error, fitted };
  const next = [...season.slice(1), s + (parameters.gamma ?? 0) * impact];
  return { state: { level, trend, season: next }, error, fitted };
}

/**
 * Runs the recursions over `y` from `initial` (the same arithmetic as {@link etsStep}, inlined on
 * scalars and a ring of seasonal states: the fit calls this thousands of times).
 * `keepErrors: false` skips the error array.
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
  const gamma = parameters.gamma ?? 0;
  const additive = spec.error === 'A';
  const trended = spec.trend !== 'N';
  const initialSeason = seasonOf(spec, initial);
  const ring = initialSeason === undefined ? undefined : Float64Array.from(initialSeason);
  const m = ring?.length ?? 0;
  let at = 0;
  let level = initial.level;
  let trend = initial.trend;
  const errors: number[] = keepErrors ? new Array<number>(y.length) : [];
  let sumSquares = 0;
  let sumLogFitted = 0;
  const stateNow = (): EtsState =>
    ring === undefined ? { level, trend } : { level, trend, season: rotate(ring, at) };
  for (let t = 0; t < y.length; t++) {
    const s = ring === undefined ? 0 : (ring[at] ?? 0);
    const base = level + phi * trend;
    const fitted = base + s;
    if (!additive && !(fitted > 0)) {
      return {
        state: stateNow(),
        errors: errors.slice(0, t),
        sumSquares: Infinity,
        sumLogFitted,
        admissible: false,
      };
    }
    const value = y[t] ?? NaN;
    const error = additive ? value - fitted : (value - fitted) / fitted;
    const impact = additive ? error : fitted * error;
    level = base + alpha * impact;
    trend = trended ? phi * trend + beta * impact : 0;
    if (ring !== undefined) {
      ring[at] = s + gamma * impact;
      at = at + 1 === m ? 0 : at + 1;
    }
    if (keepErrors) errors[t] = error;
    sumSquares += error * error;
    // Only the multiplicative-error likelihood needs Σ log|ŷ|: a log per step is most of the loop.
    if (!additive) sumLogFitted += Math.log(fitted);
  }
  return { state: stateNow(), errors, sumSquares, sumLogFitted, admissible: true };
}

/** `ring` read from index `at` round to just before it: oldest first. */
function rotate(ring: Float64Array, at: number): number[] {
  return [...ring.subarray(at), ...ring.subarray(0, at)];
}

/** The state after `steps` missing observations: the forecast recursion, no update. */
export function etsSkip(spec: EtsSpec, parameters: EtsParameters, state: EtsState, steps: number): EtsState {
  if (steps <= 0) return state;
  const season = seasonOf(spec, state);
  // Seasonal states are not updated without observations: the next one to use moves on.
  const shifted =
    season === undefined
      ? state
      : { ...state, season: rotate(Float64Array.from(season), steps % season.length) };
  if (spec.trend === 'N') return shifted;
  const phi = dampingOf(spec, parameters);
  const sum = phi === 1 ? steps : (phi * (1 - phi ** steps)) / (1 - phi);
  return { ...shifted, level: state.level + sum * state.trend, trend: phi ** steps * state.trend };
}

/** Point forecasts 1..horizon steps after `state`: ℓ + (φ + … + φʰ)·b + s_{h mod m}. */
export function etsMean(
  spec: EtsSpec,
  parameters: EtsParameters,
  state: EtsState,
  horizon: number,
): number[] {
  const phi = dampingOf(spec, parameters);
  const season = seasonOf(spec, state);
  const mean: number[] = [];
  let phiSum = 0;
  for (let h = 1; h <= horizon; h++) {
    phiSum += phi ** h;
    const s = season === undefined ? 0 : (season[(h - 1) % season.length] ?? 0);
    mean.push(state.level + phiSum * state.trend + s);
  }
  return mean;
}
