/**
 * The anomaly likelihood of forecast errors (after Numenta's HTM detector, Ahmad et al. 2017):
 * a point is anomalous when its recent one-step forecast errors are unlikely under the error
 * distribution learned so far. Online and causal, one point at a time, with a small state that
 * can be stored between runs, so production scores each point once.
 *
 * Per point, six error streams (predictors.ts makes the forecasts), each a raw error
 * r = log(1 + |e| / m) with m the forecast's running mean absolute error (the log keeps one wild
 * point from dominating a mean, as HTM's bounded raw score does), judged by error-stream.ts:
 * - change: the better (lower running error) of last value and value a day ago, averaged over 10
 *   points and over 6 hours (spikes, steps, bursts);
 * - level: distance from the mean of the last day, over 6 hours (a level that moved and stayed);
 * - variability: last-value error over 6 hours, two-sided (noise that grew, or a metric that
 *   stopped moving);
 * - hour of day and hour of week: distance from the usual value of this clock hour, over 6 hours
 *   (a day shaped unlike its weekday, a night-time level at noon);
 * - smoothed: distance from a forecast that follows the level and the daily shape at once
 *   (additive Holt-Winters without trend), over 6 hours.
 * Plus HTM's spatial check: a value beyond the whole range seen so far by more than 5% of it is a
 * new extreme; and the same check on one-point changes (jump.ts): a change over 1.5× every change
 * of the last week whose one-point error is also a 1-in-1,000 tail of the change stream at scale 1
 * (the tail keeps a change of a metric that has barely moved from counting). Score = −log10 of
 * the smallest tail over all stream scales times their number (Bonferroni), or `SPATIAL_SCORE` for
 * a new extreme of either kind. A score of 5 is a 1-in-100,000 error run.
 */
import {
  errorStreamStep,
  halfLifeRate,
  newErrorStream,
  tailScore,
  type ErrorStream,
  type StreamStep,
} from './error-stream';
import { jumpRatio, newJumpMemory, type JumpMemory } from './jump';
import {
  forecastsAt,
  learnPoint,
  newPredictorState,
  type ForecastName,
  type Forecasts,
  type PredictorOptions,
  type PredictorState,
} from './predictors';
import { AnomalyInputError, assertFinite, assertInteger } from './types';

export interface LikelihoodOptions extends PredictorOptions {
  /** Step of the series, ms (times of a batch without stamps are index × step). */
  readonly stepMs: number;
  /** The short averaging window, in points (HTM uses 10), and the long one (6 hours). */
  readonly shortPoints: number;
  readonly longPoints: number;
  /** Half-life of the learned error distributions and mean errors, in points. */
  readonly halfLife: number;
  /** Points learned before any score (HTM's learning period). */
  readonly warmUp: number;
  /** Relative margin beyond the range seen so far that makes a new extreme (Infinity: off). */
  readonly spatialMargin: number;
  /** A one-point change over this many times every change of the last week is a new extreme… */
  readonly jumpRatio: number;
  /** …when its one-point error's tail is also at most 10^−jumpTail (Infinity: off). */
  readonly jumpTail: number;
}

/** The error streams: which forecast, averaged over which windows, one- or two-sided. */
interface Stream {
  readonly name: string;
  readonly forecast: ForecastName | 'best';
  readonly short: boolean;
  readonly twoSided: boolean;
}
const STREAMS: readonly Stream[] = [
  { name: 'change', forecast: 'best', short: true, twoSided: false },
  { name: 'level', forecast: 'level', short: false, twoSided: false },
  { name: 'variability', forecast: 'naive', short: false, twoSided: true },
  { name: 'hourOfDay', forecast: 'hourOfDay', short: false, twoSided: false },
  { name: 'hourOfWeek', forecast: 'hourOfWeek', short: false, twoSided: false },
  { name: 'smoothed', forecast: 'smoothed', short: false, twoSided: false },
];
/** Tests behind one score: every scale of every stream (the Bonferroni factor). */
export const LIKELIHOOD_TESTS = STREAMS.reduce((n, s) => n + (s.short ? 2 : 1), 0);

/** Everything the detector remembers; plain numbers, so it can be stored as JSON. */
export interface LikelihoodState {
  readonly version: 4;
  predictors: PredictorState;
  streams: ErrorStream[];
  /** The change stream's one-point errors (the jump check's tail, not one of the tests). */
  change1: ErrorStream;
  /** The range of every value seen. */
  min: number;
  max: number;
  /** The largest one-point change of each of the last 168 hours. */
  jumps: JumpMemory;
}

/** Score given to a new extreme (beyond the range seen so far by over 5% of it). */
export const SPATIAL_SCORE = 8;
/** A forecast's errors count once it has made this many (its running error needs a few samples). */
const RAW_START = 12;

export function initialLikelihoodState(options: LikelihoodOptions): LikelihoodState {
  checkOptions(options);
  return {
    version: 4,
    predictors: newPredictorState(),
    streams: STREAMS.map((s) => newErrorStream(s.short ? 2 : 1)),
    change1: newErrorStream(1),
    min: Infinity,
    max: -Infinity,
    jumps: newJumpMemory(),
  };
}

function checkOptions(options: LikelihoodOptions): void {
  assertInteger('likelihood.period', options.period, 2);
  assertInteger('likelihood.hourPoints', options.hourPoints, 1);
  assertInteger('likelihood.shortPoints', options.shortPoints, 1);
  assertInteger('likelihood.longPoints', options.longPoints, 1);
  assertInteger('likelihood.warmUp', options.warmUp, 1);
  assertInteger('likelihood.halfLife', options.halfLife, 1);
  if (!(options.jumpRatio >= 1))
    throw new AnomalyInputError('likelihood.jumpRatio', options.jumpRatio, 'be at least 1');
  if (!(options.jumpTail >= 0))
    throw new AnomalyInputError('likelihood.jumpTail', options.jumpTail, 'be at least 0');
}

/** What a step needs from the options, worked out once per options object (no allocation per point). */
interface Prepared {
  readonly rate: (count: number) => number;
  readonly steps: readonly StreamStep[];
  readonly change1: StreamStep;
  readonly learn: PredictorOptions & { readonly rate: (count: number) => number };
}
const prepared = new WeakMap<LikelihoodOptions, { scoring: Prepared; learning: Prepared }>();

function prepare(options: LikelihoodOptions, scoring: boolean): Prepared {
  let both = prepared.get(options);
  if (both === undefined) {
    const rate = halfLifeRate(options.halfLife);
    const learn = { ...options, rate };
    const make = (scores: boolean): Prepared => ({
      rate,
      learn,
      steps: STREAMS.map((stream) => ({
        scales: stream.short ? [options.shortPoints, options.longPoints] : [options.longPoints],
        twoSided: stream.twoSided,
        scoring: scores,
        rate,
      })),
      change1: { scales: [1], twoSided: false, scoring: scores, rate },
    });
    both = { scoring: make(true), learning: make(false) };
    prepared.set(options, both);
  }
  return scoring ? both.scoring : both.learning;
}

/** Scores `value`, seen at time `t` (epoch ms), as the next point and learns it; mutates `state`. */
export function likelihoodStep(
  state: LikelihoodState,
  value: number,
  t: number,
  options: LikelihoodOptions,
): number {
  const { predictors } = state;
  const made = forecastsAt(predictors, t, options);
  const scoring = predictors.n >= options.warmUp;
  const { steps, learn, change1 } = prepare(options, scoring);
  let best = 1;
  let changeTail = 1;
  for (let s = 0; s < STREAMS.length; s++) {
    const error = streamError(predictors, made, (STREAMS[s] as Stream).forecast, value);
    if (error === undefined) continue;
    const raw = Math.round(1e4 * Math.log1p(error)) / 1e4; // 4 decimals: a compact stored state
    best = Math.min(best, errorStreamStep(state.streams[s] as ErrorStream, raw, steps[s] as StreamStep));
    if (s === 0) changeTail = errorStreamStep(state.change1, raw, change1);
  }
  const surprise = tailScore(best, LIKELIHOOD_TESTS);
  const margin = options.spatialMargin * (state.max - state.min);
  const spatial = scoring && (value > state.max + margin || value < state.min - margin);
  const ratio = made.naive === undefined ? 0 : jumpRatio(state.jumps, Math.abs(value - made.naive), t);
  const jump = ratio > options.jumpRatio && -Math.log10(Math.max(changeTail, 1e-300)) >= options.jumpTail;
  learnPoint(predictors, value, t, made, learn);
  state.min = Math.min(state.min, value);
  state.max = Math.max(state.max, value);
  return spatial || jump ? Math.max(surprise, SPATIAL_SCORE) : surprise;
}

/**
 * The forecast the `best` stream watches: the value a day ago once it has a lower running error
 * than the last value (after `RAW_START` errors), the last value otherwise.
 */
export function bestForecast(predictors: PredictorState, made: Forecasts): ForecastName {
  const { mae, maeCount } = predictors;
  const season = made.season !== undefined && maeCount.season > RAW_START && mae.season < mae.naive;
  return season ? 'season' : 'naive';
}

/** A stream's error in units of its forecast's running mean error (undefined until it has one). */
export function streamError(
  predictors: PredictorState,
  made: Forecasts,
  forecast: ForecastName | 'best',
  value: number,
): number | undefined {
  const name = forecast === 'best' ? bestForecast(predictors, made) : forecast;
  const predicted = made[name];
  const counted = forecast === 'best' ? predictors.maeCount.naive : predictors.maeCount[name];
  if (predicted === undefined || counted < RAW_START) return undefined;
  return Math.abs(value - predicted) / Math.max(predictors.mae[name], 1e-12);
}

/**
 * Scores of every point of `values`, run from a fresh state (the batch form of `likelihoodStep`);
 * `times` (epoch ms, one per value) place points on the clock, else point i is at i × step.
 */
export function likelihoodScores(
  values: readonly number[],
  options: LikelihoodOptions,
  times?: readonly number[],
): number[] {
  assertFinite('values', values);
  if (times !== undefined && times.length !== values.length)
    throw new AnomalyInputError('times.length', times.length, `equal values.length (${values.length})`);
  const state = initialLikelihoodState(options);
  return values.map((v, i) => likelihoodStep(state, v, times?.[i] ?? i * options.stepMs, options));
}
