/**
 * The production detector as a state machine: a series' stored state plus its new points give
 * the detections among those points and the next state, so each point is scored exactly once and
 * the hourly cycle never re-reads history. The event rule (threshold, then a quiet time after
 * each detection) is part of the state, so a detection near the end of one cycle still quiets the
 * start of the next. Older states stay readable: of a state before version 4 (1: the first
 * detector, 2: before the jump check, 3: before the smoothed forecast's stream) the range of values
 * and quiet time carry over, and the error streams relearn (a day at most) before they score: a
 * stream that started mid-life would score its first errors against a distribution of a handful.
 * A state of a series finer than 5 minutes learned before the long window was capped at 72 points
 * relearns the same way (`fitted`).
 */
import type { ErrorStream } from './error-stream';
import {
  initialLikelihoodState,
  likelihoodStep,
  type LikelihoodOptions,
  type LikelihoodState,
} from './likelihood';
import { likelihoodOptions, type EventSetting } from './settings';
import { AnomalyInputError } from './types';

/** What is stored per series between cycles (JSON). */
export interface OnlineState {
  readonly version: 4;
  /** The step the state was learned at; a state of another step is discarded. */
  readonly stepMs: number;
  readonly detector: LikelihoodState;
  /** No detection before this time (epoch ms): the quiet time after the last one. */
  readonly quietUntil: number;
}

export interface OnlinePoint {
  readonly t: number;
  readonly value: number;
}

export interface OnlineDetection extends OnlinePoint {
  readonly score: number;
}

export function newOnlineState(stepMs: number): OnlineState {
  return {
    version: 4,
    stepMs,
    detector: initialLikelihoodState(likelihoodOptions(stepMs)),
    quietUntil: -Infinity,
  };
}

/** A stored state, or a fresh one when it is missing, unreadable or of another step. */
export function restoreOnlineState(json: string | null, stepMs: number): OnlineState {
  if (json === null) return newOnlineState(stepMs);
  try {
    const parsed = JSON.parse(json, (_key, v: unknown) =>
      typeof v === 'string' && NON_FINITE.has(v) ? Number(v) : v,
    ) as StoredState;
    if (parsed.stepMs !== stepMs) return newOnlineState(stepMs);
    if (parsed.version === 4 && parsed.detector?.version === 4) return fitted(parsed as OnlineState);
    const older = [1, 2, 3].includes(parsed.version ?? 0) && parsed.detector?.version === parsed.version;
    if (older) return upgrade(parsed, stepMs);
  } catch {
    // An unreadable state is relearned, like a new series.
  }
  return newOnlineState(stepMs);
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** A stored state of any version, as parsed. */
export interface StoredState {
  readonly version?: number;
  readonly stepMs?: number;
  readonly quietUntil?: number;
  readonly detector?: { readonly version?: number; readonly min?: number; readonly max?: number };
}

/**
 * Whether a state's error streams were learned with a longer long window than its step now gets:
 * before the long window was capped at 72 points (settings.ts `longMaxPoints`), a series finer
 * than 5 minutes averaged over 6 hours of points (360 at 1 minute). A stream's ring of raw errors
 * is as long as its longest window once full, so a ring longer than today's longest window marks
 * such a state; its ring positions and its long-scale means and variances (of 360-point averages,
 * far narrower than 72-point ones) no longer fit. A ring no longer than that is still exact: its
 * positions agree and the longer scale had not started. The longest window is the short one where
 * it is longer: at an hour the change stream's ring holds its 10 points against a 6-point long
 * window, and comparing with the long window alone discarded every hourly state at every cycle.
 */
export function learnedWithLongerWindow(state: OnlineState): boolean {
  const { longPoints, shortPoints } = optionsOf(state.stepMs);
  const longest = Math.max(longPoints, shortPoints);
  return state.detector.streams.some((s) => s.raw.length > longest);
}

/** A state as restored: one learned with a longer long window relearns, keeping its range and quiet time. */
export function fitted(state: OnlineState): OnlineState {
  return learnedWithLongerWindow(state) ? upgrade(state, state.stepMs) : state;
}

/** A state of an older version, or one to relearn: its range and quiet time carry over. */
export function upgrade(old: StoredState, stepMs: number): OnlineState {
  const fresh = newOnlineState(stepMs);
  const { min, max } = old.detector ?? {};
  const known = Number.isFinite(min) && Number.isFinite(max);
  return {
    ...fresh,
    detector: {
      ...fresh.detector,
      min: known ? (min as number) : Infinity,
      max: known ? (max as number) : -Infinity,
    },
    quietUntil: Number.isFinite(old.quietUntil) ? (old.quietUntil as number) : -Infinity,
  };
}

/** The state as stored: JSON, with NaN and ±Infinity (which JSON lacks) as strings. */
export function storeOnlineState(state: OnlineState): string {
  return JSON.stringify(state, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

/** Options per step, made once: `likelihoodStep` prepares its tables once per options object. */
const optionsByStep = new Map<number, LikelihoodOptions>();
function optionsOf(stepMs: number): LikelihoodOptions {
  let options = optionsByStep.get(stepMs);
  if (options === undefined) optionsByStep.set(stepMs, (options = likelihoodOptions(stepMs)));
  return options;
}

const copyStream = (s: ErrorStream): ErrorStream => ({
  count: s.count,
  raw: s.raw.slice(),
  mean: s.mean.slice(),
  variance: s.variance.slice(),
});

/**
 * A deep copy of a detector state, field by field: the cycle copies one per series, and
 * `structuredClone` took 15 times as long (a quarter of a millisecond per hourly state).
 */
function copyDetector(d: LikelihoodState): LikelihoodState {
  const p = d.predictors;
  return {
    ...d,
    predictors: {
      ...p,
      season: p.season.slice(),
      mae: { ...p.mae },
      maeCount: { ...p.maeCount },
      hourOfDay: p.hourOfDay.slice(),
      hourOfDayCount: p.hourOfDayCount.slice(),
      hourOfWeek: p.hourOfWeek.slice(),
      hourOfWeekCount: p.hourOfWeekCount.slice(),
      smoothedSeason: p.smoothedSeason.slice(),
    },
    streams: d.streams.map(copyStream),
    change1: copyStream(d.change1),
    jumps: { ...d.jumps, largest: d.jumps.largest.slice() },
  };
}

/**
 * Scores `points` (oldest first, all later than any point the state has seen) and returns the
 * detections at or after `reportFrom` (earlier ones only quiet the rule: a first run learns
 * history without reporting it) with the next state. The input state is not changed.
 */
export function scoreNewPoints(
  state: OnlineState,
  points: readonly OnlinePoint[],
  setting: EventSetting,
  reportFrom = -Infinity,
): { state: OnlineState; detections: OnlineDetection[] } {
  const options = optionsOf(state.stepMs);
  const detector = copyDetector(state.detector);
  let quietUntil = state.quietUntil;
  const detections: OnlineDetection[] = [];
  let last = -Infinity;
  for (const p of points) {
    if (!(p.t > last) || !Number.isFinite(p.value))
      throw new AnomalyInputError('points', p.t, 'be in time order with finite values');
    last = p.t;
    const score = likelihoodStep(detector, p.value, p.t, options);
    if (score < setting.threshold || p.t < quietUntil) continue;
    quietUntil = p.t + setting.refractoryMs;
    if (p.t >= reportFrom) detections.push({ ...p, score });
  }
  return { state: { ...state, detector, quietUntil }, detections };
}
