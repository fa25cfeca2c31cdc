/**
 * Estimating the non-seasonal ETS models of `ets-model.ts` as R's forecast::ets does: smoothing
 * parameters and initial states by Nelder–Mead on the concentrated likelihood
 * n·log Σε² (+ 2 Σ log|ŷ| for multiplicative error), usual bounds, and the member with the lowest
 * AICc kept. Multiplicative error is tried only on strictly positive data.
 */
import {
  etsFilter,
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

/** The six members, additive-error ones first. */
export const ETS_SPECS: readonly EtsSpec[] = (['A', 'M'] as const).flatMap((error: EtsError) =>
  (['N', 'A', 'Ad'] as const).map((trend: EtsTrend) => ({ error, trend })),
);

const BOUNDS = { alpha: [1e-4, 0.9999], beta: [1e-4, 0.9999], phi: [0.8, 0.98] } as const;

/** Fits every admissible member to `y` and returns the one with the lowest AICc. */
export function autoEts(y: readonly number[], specs: readonly EtsSpec[] = ETS_SPECS): EtsFit {
  const positive = y.every((v) => v > 0);
  let best: EtsFit | undefined;
  for (const spec of specs) {
    if (spec.error === 'M' && !positive) continue;
    const fit = fitEts(y, spec);
    if (fit !== undefined && (best === undefined || fit.aicc < best.aicc)) best = fit;
  }
  if (best === undefined) throw new Error(`autoEts: no model could be fitted to ${y.length} points`);
  return best;
}

/** Fits one member; undefined when the series is too short for its parameter count or no fit is admissible. */
export function fitEts(y: readonly number[], spec: EtsSpec): EtsFit | undefined {
  const trended = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const k = 2 + (trended ? 2 : 0) + (damped ? 1 : 0) + 1; // α, ℓ₀, [β, b₀], [φ], σ
  const n = y.length;
  if (n - k - 1 <= 0) return undefined;
  const start = initialState(y, trended);
  const scale = spread(y) || Math.abs(start.level) || 1;
  const unpack = (x: readonly number[]): { parameters: EtsParameters; initial: EtsState } => ({
    parameters: { alpha: x[0] ?? NaN, beta: trended ? (x[2] ?? NaN) : 0, phi: damped ? (x[4] ?? NaN) : 1 },
    initial: { level: x[1] ?? NaN, trend: trended ? (x[3] ?? NaN) : 0 },
  });
  const objective = (x: readonly number[]): number => {
    const { parameters, initial } = unpack(x);
    if (!admissible(parameters, trended, damped)) return Infinity;
    const run = etsFilter(spec, parameters, initial, y, false);
    if (!run.admissible) return Infinity;
    return likelihood(spec, run.sumSquares, run.sumLogFitted, n);
  };
  const x0 = [0.2, start.level, ...(trended ? [0.02, start.trend] : []), ...(damped ? [0.95] : [])];
  const step = [0.1, 0.1 * scale, ...(trended ? [0.02, (0.1 * scale) / n] : []), ...(damped ? [0.02] : [])];
  const best = nelderMead(objective, x0, { step, maxIterations: 150 * x0.length, tolerance: 1e-7 });
  if (!Number.isFinite(best.value)) return undefined;
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

function admissible(p: EtsParameters, trended: boolean, damped: boolean): boolean {
  const within = (v: number, [lo, hi]: readonly [number, number]): boolean => v >= lo && v <= hi;
  if (!within(p.alpha, BOUNDS.alpha)) return false;
  // β ≤ α keeps the trend smoother than the level, as R's usual bounds do.
  if (trended && !(within(p.beta, BOUNDS.beta) && p.beta <= p.alpha)) return false;
  return !damped || within(p.phi, BOUNDS.phi);
}

/** R's initial states: mean of the first points, or a line through them with a trend. */
function initialState(y: readonly number[], trended: boolean): EtsState {
  const m = Math.min(10, y.length);
  const head = y.slice(0, m);
  const mean = head.reduce((a, b) => a + b, 0) / m;
  if (!trended) return { level: mean, trend: 0 };
  const tMean = (m + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  head.forEach((v, i) => {
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

function spread(y: readonly number[]): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  return Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length);
}
