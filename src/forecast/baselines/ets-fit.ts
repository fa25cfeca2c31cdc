/**
 * Estimating the ETS models of `ets-model.ts` as R's forecast::ets does: smoothing parameters and
 * initial level and trend by Nelder–Mead on the concentrated likelihood n·log Σε²
 * (+ 2 Σ log|ŷ| for multiplicative error), usual bounds, and the member with the lowest AICc kept.
 * Multiplicative error is tried only on strictly positive data. Seasonal members (additive season)
 * join when a season is given, it is at most {@link MAX_ETS_SEASON} steps (R's and statsforecast's
 * limit) and the series holds two seasons; their initial seasonal states come from a decomposition
 * of the first seasons (`ets-initial.ts`) and are counted as parameters in the AICc, as R counts them.
 */
import { initialLevel, initialSeason } from './ets-initial';
import {
  etsFilter,
  isSeasonal,
  type EtsError,
  type EtsParameters,
  type EtsSpec,
  type EtsState,
  type EtsTrend,
} from './ets-model';
import { nelderMead } from './nelder-mead';

/** A fitted member: what a stored version keeps to forecast without refitting. */
export interface EtsFit {
  readonly spec: EtsSpec;
  readonly parameters: EtsParameters;
  /** State before the first fitted observation. */
  readonly initial: EtsState;
  /** State after the last fitted observation. */
  readonly final: EtsState;
  /** Innovation variance Σε²/(n − k). */
  readonly sigma2: number;
  readonly aicc: number;
  /** Observations fitted. */
  readonly n: number;
}

/** Longest season the seasonal members take; longer ones (288 at 5 minutes) are non-seasonal. */
export const MAX_ETS_SEASON = 24;

const ERRORS: readonly EtsError[] = ['A', 'M'];
const TRENDS: readonly EtsTrend[] = ['N', 'A', 'Ad'];

/** The six non-seasonal members, additive-error ones first. */
export const ETS_SPECS: readonly EtsSpec[] = ERRORS.flatMap((error) =>
  TRENDS.map((trend) => ({ error, trend })),
);

/**
 * The seasonal members: A,N,A, A,Ad,A and M,N,A. A,A,A, M,A,A and M,Ad,A (which statsforecast also
 * tries) are left out for fitting time: on the bundled hourly windows they cost more than the other
 * nine members together and AICc chose none of them in 90 fits (see the README).
 */
const SEASONAL_MEMBERS: readonly Pick<EtsSpec, 'error' | 'trend'>[] = [
  { error: 'A', trend: 'N' },
  { error: 'A', trend: 'Ad' },
  { error: 'M', trend: 'N' },
];

/** The members AutoETS tries for `period`: the non-seasonal six, and the seasonal ones when the season applies. */
export function etsSpecs(period: number | undefined): readonly EtsSpec[] {
  if (period === undefined || period < 2 || period > MAX_ETS_SEASON) return ETS_SPECS;
  return [...ETS_SPECS, ...SEASONAL_MEMBERS.map((m): EtsSpec => ({ ...m, season: 'A', period }))];
}

const BOUNDS = {
  alpha: [1e-4, 0.9999],
  beta: [1e-4, 0.9999],
  gamma: [1e-4, 0.9999],
  phi: [0.8, 0.98],
} as const;

/**
 * Fits every admissible member of {@link etsSpecs}(`period`) to `y` and returns the one with the
 * lowest AICc. Without `period`, the non-seasonal members only.
 */
export function autoEts(y: readonly number[], period?: number): EtsFit {
  const positive = y.every((v) => v > 0);
  let best: EtsFit | undefined;
  for (const spec of etsSpecs(period)) {
    if (spec.error === 'M' && !positive) continue;
    const fit = fitEts(y, spec);
    if (fit !== undefined && (best === undefined || fit.aicc < best.aicc)) best = fit;
  }
  if (best === undefined) throw new Error(`autoEts: no model could be fitted to ${y.length} points`);
  return best;
}

/** Where each estimated quantity sits in the Nelder–Mead vector (-1: not estimated). */
interface Layout {
  readonly beta: number;
  readonly trend: number;
  readonly phi: number;
  readonly gamma: number;
  readonly size: number;
}

function layoutOf(spec: EtsSpec): Layout {
  let size = 2; // α, ℓ₀
  const next = (used: boolean): number => (used ? size++ : -1);
  const trended = spec.trend !== 'N';
  const beta = next(trended);
  const trend = next(trended);
  const phi = next(spec.trend === 'Ad');
  const gamma = next(isSeasonal(spec));
  return { beta, trend, phi, gamma, size };
}

/** Fits one member; undefined when the series is too short for its parameter count or no fit is admissible. */
export function fitEts(y: readonly number[], spec: EtsSpec): EtsFit | undefined {
  const n = y.length;
  const period = isSeasonal(spec) ? (spec.period ?? 0) : 0;
  if (isSeasonal(spec) && (period < 2 || n < 2 * period)) return undefined;
  const layout = layoutOf(spec);
  // α, ℓ₀, [β, b₀], [φ], [γ, m − 1 free initial seasonal states], σ.
  const k = layout.size + (period > 0 ? period - 1 : 0) + 1;
  if (n - k - 1 <= 0) return undefined;
  const season = period > 0 ? initialSeason(y, period) : undefined;
  const adjusted = season === undefined ? y : y.map((v, t) => v - (season[t % period] ?? 0));
  const start = initialLevel(adjusted, spec.trend !== 'N', Math.max(10, 2 * period));
  const scale = spread(y) || Math.abs(start.level) || 1;
  const at = (x: readonly number[], i: number, otherwise: number): number =>
    i < 0 ? otherwise : (x[i] ?? NaN);
  const unpack = (x: readonly number[]): { parameters: EtsParameters; initial: EtsState } => ({
    parameters: {
      alpha: x[0] ?? NaN,
      beta: at(x, layout.beta, 0),
      phi: at(x, layout.phi, 1),
      ...(season === undefined ? {} : { gamma: at(x, layout.gamma, 0) }),
    },
    initial: {
      level: x[1] ?? NaN,
      trend: at(x, layout.trend, 0),
      ...(season === undefined ? {} : { season }),
    },
  });
  const objective = (x: readonly number[]): number => {
    const { parameters, initial } = unpack(x);
    if (!admissible(spec, parameters)) return Infinity;
    const run = etsFilter(spec, parameters, initial, y, false);
    if (!run.admissible) return Infinity;
    return likelihood(spec, run.sumSquares, run.sumLogFitted, n);
  };
  // Starting point and simplex steps, in the layout's order.
  const x0 = [0.2, start.level];
  const step = [0.1, 0.1 * scale];
  if (layout.beta >= 0) {
    x0.push(0.02, start.trend);
    step.push(0.02, (0.1 * scale) / n);
  }
  if (layout.phi >= 0) {
    x0.push(0.95);
    step.push(0.02);
  }
  if (layout.gamma >= 0) {
    x0.push(0.05);
    step.push(0.03);
  }
  const best = nelderMead(objective, x0, { step, maxIterations: 150 * x0.length, tolerance: 1e-7 });
  // −∞ is an exact fit (a pure seasonal pattern): the best possible, not a failure.
  if (Number.isNaN(best.value) || best.value === Infinity) return undefined;
  const { parameters, initial } = unpack(best.x);
  const run = etsFilter(spec, parameters, initial, y);
  return {
    spec,
    parameters,
    initial,
    final: run.state,
    sigma2: run.sumSquares / (n - k),
    aicc: best.value + 2 * k + (2 * k * (k + 1)) / (n - k - 1),
    n,
  };
}

/** −2 log-likelihood up to a constant shared by every member fitted on the same data. */
function likelihood(spec: EtsSpec, sumSquares: number, sumLogFitted: number, n: number): number {
  const base = n * Math.log(sumSquares);
  return spec.error === 'M' ? base + 2 * sumLogFitted : base;
}

/** R's usual bounds: β ≤ α keeps the trend smoother than the level, γ ≤ 1 − α the season. */
function admissible(spec: EtsSpec, p: EtsParameters): boolean {
  const within = (v: number, [lo, hi]: readonly [number, number]): boolean => v >= lo && v <= hi;
  if (!within(p.alpha, BOUNDS.alpha)) return false;
  if (spec.trend !== 'N' && !(within(p.beta, BOUNDS.beta) && p.beta <= p.alpha)) return false;
  if (spec.trend === 'Ad' && !within(p.phi, BOUNDS.phi)) return false;
  const gamma = p.gamma ?? 0;
  return !isSeasonal(spec) || (within(gamma, BOUNDS.gamma) && gamma <= 1 - p.alpha);
}

function spread(y: readonly number[]): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  return Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length);
}
