/**
 * Adaptive conformal intervals (Gibbs & Candès 2021) per horizon step, as plain state and pure
 * updates, so a caller can keep the state anywhere (a database row, a backtest loop) and apply each
 * reconciled error as it arrives. Each step keeps its newest absolute residuals and, per level, an
 * adapted miss rate `a`: after each reconciled error `a ← a + γ·(target − miss)`, so a run of misses
 * widens the interval and a run of hits narrows it, and coverage converges to nominal over time.
 * An error may carry a `key` (production: the record's target time): an error whose key is already
 * among the step's scores is a revision of that record, and replaces its earlier contribution
 * instead of counting twice (see {@link updateAdaptiveConformal}).
 * A step holding fewer than `MIN_STEP_SCORES` scores is calibrated with its nearest steps (their
 * scores pooled, their miss rates averaged; see `step-pooling.ts`): a freshly seeded state has a
 * few dozen scores per step, whose top rank is one outlier.
 */
import { conformalHalfWidth } from './conformal';
import { stepNeighbourhood } from './step-pooling';

/** Interval levels the state tracks. */
export const ADAPTIVE_LEVELS = { p80: 0.8, p95: 0.95 } as const;
type Level = keyof typeof ADAPTIVE_LEVELS;

/** One horizon step's scores and adapted miss rates. */
export interface AdaptiveStep {
  /** Newest absolute residuals, oldest first, at most `window`. */
  readonly scores: readonly number[];
  /** Adapted miss rate per level (starts at 1 − level). */
  readonly missRate: Readonly<Record<Level, number>>;
  /**
   * Beside `scores`, once a keyed error arrives: each score's key (null for calibration residuals
   * and unkeyed errors) and the misses it counted (bit 1: outside the 80% band, bit 2: the 95%).
   */
  readonly keys?: readonly (number | null)[];
  readonly misses?: readonly number[];
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

/** A state seeded with calibration residuals (`residualsPerStep[k]`: signed errors at step k + 1; non-finite ones skipped). */
export function createAdaptiveConformal(
  residualsPerStep: readonly (readonly number[])[],
  options: AdaptiveConformalOptions = {},
): AdaptiveConformalState {
  const window = options.window ?? 200;
  const steps = residualsPerStep.map((residuals) => ({
    scores: residuals.filter(Number.isFinite).map(Math.abs).slice(-window),
    missRate: { p80: 1 - ADAPTIVE_LEVELS.p80, p95: 1 - ADAPTIVE_LEVELS.p95 },
  }));
  return { gamma: options.gamma ?? 0.02, window, steps };
}

/**
 * Current half-widths per step for both levels, and `support`: how many scores each step's widths
 * were read from (its own plus its neighbours' while it has too few).
 */
export function adaptiveHalfWidths(state: AdaptiveConformalState): {
  q80: number[];
  q95: number[];
  support: number[];
} {
  const pools = state.steps.map((_, k) => poolOf(state, k));
  return {
    q80: pools.map((pool) => halfWidth(pool, 'p80')),
    q95: pools.map((pool) => halfWidth(pool, 'p95')),
    support: pools.map((pool) => pool.scores.length),
  };
}

/**
 * Applies one reconciled error: `step` is 0-based, `residual` is `actual − point`. Returns a new
 * state; the given one is not changed. A step outside the state or a non-finite residual is ignored.
 * A `key` already among the step's scores marks a revision: the earlier score is replaced where it
 * sits and its misses are taken back (`a ← a + γ·(old miss − new miss)`, the new miss judged by
 * today's half-width), so each record counts once, with its newest truth. A key evicted from the
 * window counts as a new error.
 */
export function updateAdaptiveConformal(
  state: AdaptiveConformalState,
  error: { readonly step: number; readonly residual: number; readonly key?: number },
): AdaptiveConformalState {
  const current = state.steps[error.step];
  if (current === undefined || !Number.isFinite(error.residual)) return state;
  const score = Math.abs(error.residual);
  const levels = Object.keys(ADAPTIVE_LEVELS) as Level[];
  // A miss is judged against the width this step serves (its neighbourhood's while it is small).
  const pool = poolOf(state, error.step);
  const missBits = levels.reduce((bits, level, i) => bits | (score > halfWidth(pool, level) ? 1 << i : 0), 0);
  const at = error.key === undefined ? -1 : (current.keys?.indexOf(error.key) ?? -1);
  const before = at >= 0 ? (current.misses?.[at] ?? 0) : undefined;
  const missRate = { ...current.missRate };
  levels.forEach((level, i) => {
    const miss = (missBits >> i) & 1;
    // A revision takes back the earlier miss (its target term is already counted once).
    const change = before === undefined ? 1 - ADAPTIVE_LEVELS[level] - miss : ((before >> i) & 1) - miss;
    missRate[level] = current.missRate[level] + state.gamma * change;
  });
  const next =
    at >= 0
      ? replaceScore(current, at, score, missBits)
      : appendScore(current, score, missBits, error.key, state.window);
  const steps = state.steps.map((s, k) => (k === error.step ? { ...next, missRate } : s));
  return { ...state, steps };
}

function replaceScore(step: AdaptiveStep, at: number, score: number, misses: number): AdaptiveStep {
  const replaced = <T>(list: readonly T[], value: T) => list.map((v, i) => (i === at ? value : v));
  return { ...step, scores: replaced(step.scores, score), misses: replaced(step.misses ?? [], misses) };
}

/** Appends a score; keys and misses are tracked from the first keyed error on. */
function appendScore(
  step: AdaptiveStep,
  score: number,
  misses: number,
  key: number | undefined,
  window: number,
): AdaptiveStep {
  const scores = [...step.scores, score].slice(-window);
  if (key === undefined && step.keys === undefined) return { ...step, scores };
  // Scores from before the first keyed error have no key and their misses are unknown (0).
  const pad = <T>(list: readonly T[] | undefined, fill: T) => [
    ...Array<T>(step.scores.length - (list?.length ?? 0)).fill(fill),
    ...(list ?? []),
  ];
  const keys = [...pad(step.keys, null), key ?? null].slice(-window);
  return { ...step, scores, keys, misses: [...pad(step.misses, 0), misses].slice(-window) };
}

/**
 * What step `k`'s widths are read from: its neighbourhood's scores, and their steps' miss rates
 * weighted by scores held (a step that has seen no error has not adapted and does not dilute).
 */
function poolOf(state: AdaptiveConformalState, k: number): Pick<AdaptiveStep, 'scores' | 'missRate'> {
  const own = state.steps[k] as AdaptiveStep;
  const near = stepNeighbourhood(
    state.steps.map((s) => s.scores.length),
    k,
  ).map((j) => state.steps[j] as AdaptiveStep);
  const scores = near.flatMap((s) => s.scores);
  if (near.length === 1 || scores.length === 0) return own;
  const mean = (level: Level) =>
    near.reduce((sum, s) => sum + s.scores.length * s.missRate[level], 0) / scores.length;
  return { scores, missRate: { p80: mean('p80'), p95: mean('p95') } };
}

/** The conformal quantile at `1 − missRate`; a miss rate at or below 0 asks for the widest score. */
function halfWidth(pool: Pick<AdaptiveStep, 'scores' | 'missRate'>, level: Level): number {
  if (pool.scores.length === 0) return NaN;
  const coverage = 1 - pool.missRate[level];
  if (coverage >= 1) return Math.max(...pool.scores);
  if (coverage <= 0) return 0;
  return conformalHalfWidth(pool.scores, coverage);
}
