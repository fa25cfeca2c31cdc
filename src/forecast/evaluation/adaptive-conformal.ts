/**
 * Adaptive conformal intervals (Gibbs & Candès 2021) per horizon step, as plain state and pure
 * updates, so a caller can keep the state anywhere (a database row, a backtest loop) and apply each
 * reconciled error as it arrives. Each step keeps its newest absolute residuals and, per level, an
 * adapted miss rate `a`: after each reconciled error `a ← a + γ·(target − miss)`, so a run of misses
 * widens the interval and a run of hits narrows it, and coverage converges to nominal over time.
 */
import { conformalHalfWidth } from './conformal';

/** Interval levels the state tracks. */
export const ADAPTIVE_LEVELS = { p80: 0.8, p95: 0.95 } as const;
type Level = keyof typeof ADAPTIVE_LEVELS;

/** One horizon step's scores and adapted miss rates. */
export interface AdaptiveStep {
  /** Newest absolute residuals, oldest first, at most `window`. */
  readonly scores: readonly number[];
  /** Adapted miss rate per level (starts at 1 − level). */
  readonly missRate: Readonly<Record<Level, number>>;
}

/** The whole state: one entry per horizon step. JSON-safe. */
export interface AdaptiveConformalState {
  readonly gamma: number;
  readonly window: number;
  readonly steps: readonly AdaptiveStep[];
}

/** Options of {@link createAdaptiveConformal}. */
export interface AdaptiveConformalOptions {
  /** Learning rate of the miss rates; default 0.02. */
  readonly gamma?: number;
  /** Residuals kept per step; default 200. */
  readonly window?: number;
}

/** A state seeded with calibration residuals (`residualsPerStep[k]`: signed errors at step k + 1). */
export function createAdaptiveConformal(
  residualsPerStep: readonly (readonly number[])[],
  options: AdaptiveConformalOptions = {},
): AdaptiveConformalState {
  const window = options.window ?? 200;
  const steps = residualsPerStep.map((residuals) => ({
    scores: residuals.map(Math.abs).slice(-window),
    missRate: { p80: 1 - ADAPTIVE_LEVELS.p80, p95: 1 - ADAPTIVE_LEVELS.p95 },
  }));
  return { gamma: options.gamma ?? 0.02, window, steps };
}

/** Current half-widths per step for both levels. */
export function adaptiveHalfWidths(state: AdaptiveConformalState): { q80: number[]; q95: number[] } {
  return {
    q80: state.steps.map((s) => halfWidth(s, 'p80')),
    q95: state.steps.map((s) => halfWidth(s, 'p95')),
  };
}

/**
 * Applies one reconciled error: `step` is 0-based, `residual` is `actual − point`. Returns a new
 * state; the given one is not changed. A step outside the state or a non-finite residual is ignored.
 */
export function updateAdaptiveConformal(
  state: AdaptiveConformalState,
  error: { readonly step: number; readonly residual: number },
): AdaptiveConformalState {
  const current = state.steps[error.step];
  if (current === undefined || !Number.isFinite(error.residual)) return state;
  const score = Math.abs(error.residual);
  const missRate = { ...current.missRate };
  for (const level of Object.keys(ADAPTIVE_LEVELS) as Level[]) {
    const miss = score > halfWidth(current, level) ? 1 : 0;
    missRate[level] = current.missRate[level] + state.gamma * (1 - ADAPTIVE_LEVELS[level] - miss);
  }
  const scores = [...current.scores, score].slice(-state.window);
  const steps = state.steps.map((s, k) => (k === error.step ? { scores, missRate } : s));
  return { ...state, steps };
}

/** The conformal quantile at `1 − missRate`; a miss rate at or below 0 asks for the widest score. */
function halfWidth(step: AdaptiveStep, level: Level): number {
  if (step.scores.length === 0) return NaN;
  const coverage = 1 - step.missRate[level];
  if (coverage >= 1) return Math.max(...step.scores);
  if (coverage <= 0) return 0;
  return conformalHalfWidth(step.scores, coverage);
}
