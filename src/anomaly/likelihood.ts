/**
 * The anomaly likelihood of forecast errors (after Numenta's HTM detector, Ahmad et al. 2017):
 * a point is anomalous when its recent one-step forecast errors are unlikely under the error
 * distribution learned so far. Online and causal, one point at a time, with a small state that
 * can be stored between runs, so production scores each point once.
 *
 * Per point:
 * 1. forecast: the better (lower running mean absolute error) of last value and value one season
 *    ago, the cheap one-step forecasts of the kind metricast's models start from;
 * 2. raw error r = log(1 + |e| / m), m the running mean absolute error (the log keeps one wild
 *    point from dominating a mean, as HTM's bounded raw score does);
 * 3. for each averaging scale k (multi-scale residuals), the mean of the last k raw errors is
 *    compared with the running mean and variance of that mean (a long, exponentially weighted
 *    window, so the distribution adapts after a lasting change): tail = Q((a − μ)/σ);
 * 4. a spatial check as in NAB's HTM detector: a value beyond the range of the last
 *    `spatialSeasons` seasons (or all history) by more than `spatialMargin` of it is a new extreme;
 * score = −log10 of the smallest tail over scales (times the number of scales, Bonferroni),
 * or `SPATIAL_SCORE` for a new extreme. A score of 5 means a 1-in-100,000 error run.
 */
import { assertFinite, assertInteger } from './types';

export interface LikelihoodOptions {
  /** Season in points (one day), for the seasonal forecast. */
  readonly period: number;
  /** Averaging windows of raw errors, in points (HTM uses 10). */
  readonly scales: readonly number[];
  /** Half-life of the learned error distribution, in points. */
  readonly halfLife: number;
  /** Points learned before any score (HTM's learning period). */
  readonly warmUp: number;
  /** Relative margin beyond the range seen so far that makes a new extreme (Infinity: off). */
  readonly spatialMargin: number;
  /** Seasons (days) the range of the spatial check covers; Infinity: all history. */
  readonly spatialSeasons?: number;
}

/** Everything the detector remembers; plain numbers, so it can be stored as JSON. */
export interface LikelihoodState {
  readonly version: 1;
  n: number;
  /** The last `period` values, oldest overwritten first (ring at n % period). */
  season: number[];
  /** Running mean absolute error of the naive and seasonal forecasts. */
  maeNaive: number;
  maeSeason: number;
  /** The last raw errors (ring at n % length), as many as the largest scale. */
  raw: number[];
  /** Per scale: running mean and variance of the averaged raw error. */
  mean: number[];
  variance: number[];
  min: number;
  max: number;
  /** Per past season (ring), its lowest and highest value, when the range forgets old seasons. */
  seasonMin: number[];
  seasonMax: number[];
}

/** Score given to a new extreme (beyond the range seen so far by over a tenth of it). */
export const SPATIAL_SCORE = 8;
/** A variance floor for the averaged raw error, so a very regular stretch is not infinitely sure. */
const MIN_VARIANCE = 0.01;

export function initialLikelihoodState(options: LikelihoodOptions): LikelihoodState {
  checkOptions(options);
  const scales = options.scales.length;
  return {
    version: 1,
    n: 0,
    season: [],
    maeNaive: NaN,
    maeSeason: NaN,
    raw: [],
    mean: new Array<number>(scales).fill(NaN),
    variance: new Array<number>(scales).fill(NaN),
    min: Infinity,
    max: -Infinity,
    seasonMin: [],
    seasonMax: [],
  };
}

function checkOptions(options: LikelihoodOptions): void {
  assertInteger('likelihood.period', options.period, 1);
  assertInteger('likelihood.warmUp', options.warmUp, 1);
  assertInteger('likelihood.halfLife', options.halfLife, 1);
  options.scales.forEach((k, i) => assertInteger(`likelihood.scales[${i}]`, k, 1));
}

/** Upper tail of the standard normal, Q(z) (Abramowitz–Stegun 7.1.26 via erfc). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Raw errors before this many points are not used: the running error scale needs a few samples. */
const RAW_START = 12;

/** Scores `value` as the next point and learns it; mutates and returns `state`. */
export function likelihoodStep(state: LikelihoodState, value: number, options: LikelihoodOptions): number {
  const { period } = options;
  const n = state.n;
  const forget = 1 - Math.pow(0.5, 1 / options.halfLife);
  // Plain running means until the half-life's weight is reached, then exponential forgetting.
  const rate = (count: number): number => Math.max(forget, 1 / count);
  const previous = n > 0 ? (state.season[(n - 1) % period] as number) : value;
  const seasonal = state.season[n % period] as number;
  const useSeason = n > period + RAW_START && state.maeSeason < state.maeNaive;
  const error = Math.abs(value - (useSeason ? seasonal : previous));
  const mae = useSeason ? state.maeSeason : state.maeNaive;
  const surprise =
    n >= RAW_START ? scoreRaw(state, Math.log1p(error / Math.max(mae, 1e-12)), options, rate) : 0;

  const [low, high] = rangeOf(state, options);
  const margin = options.spatialMargin * (high - low);
  const spatial = n >= options.warmUp && (value > high + margin || value < low - margin);
  if (n > 0) state.maeNaive = ewma(state.maeNaive, Math.abs(value - previous), rate(n));
  if (n >= period) state.maeSeason = ewma(state.maeSeason, Math.abs(value - seasonal), rate(n - period + 1));
  state.season[n % period] = value;
  state.min = Math.min(state.min, value);
  state.max = Math.max(state.max, value);
  rememberSeason(state, value, options);
  state.n = n + 1;
  return spatial ? Math.max(surprise, SPATIAL_SCORE) : surprise;
}

/** Records one raw error and returns the surprise of the recent averages (0 during warm-up). */
function scoreRaw(
  state: LikelihoodState,
  raw: number,
  options: LikelihoodOptions,
  rate: (count: number) => number,
): number {
  const { scales } = options;
  const seen = state.n - RAW_START; // raw errors recorded before this one
  const longest = Math.max(...scales);
  state.raw[seen % longest] = raw;
  let best = 1;
  scales.forEach((k, s) => {
    if (seen + 1 < k) return;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += state.raw[(seen - j) % longest] as number;
    const average = sum / k;
    const mean = state.mean[s] as number;
    const variance = state.variance[s] as number;
    if (state.n >= options.warmUp && Number.isFinite(mean)) {
      const sd = Math.sqrt(Math.max(variance, MIN_VARIANCE / k));
      best = Math.min(best, normalTail((average - mean) / sd) * scales.length);
    }
    const alpha = rate(seen + 2 - k);
    const delta = Number.isFinite(mean) ? average - mean : 0;
    state.mean[s] = Number.isFinite(mean) ? mean + alpha * delta : average;
    state.variance[s] = Number.isFinite(variance) ? (1 - alpha) * (variance + alpha * delta * delta) : 0;
  });
  return -Math.log10(Math.max(Math.min(best, 1), 1e-300));
}

/** The range the spatial check compares with: all history, or the last `spatialSeasons` seasons. */
function rangeOf(state: LikelihoodState, options: LikelihoodOptions): [number, number] {
  const seasons = options.spatialSeasons ?? Infinity;
  if (!Number.isFinite(seasons)) return [state.min, state.max];
  return [Math.min(...state.seasonMin), Math.max(...state.seasonMax)];
}

/** Keeps the lowest and highest value of each of the last `spatialSeasons` seasons (ring by season). */
function rememberSeason(state: LikelihoodState, value: number, options: LikelihoodOptions): void {
  const seasons = options.spatialSeasons ?? Infinity;
  if (!Number.isFinite(seasons)) return;
  const slot = Math.floor((state.n - 1) / options.period) % (seasons + 1);
  const fresh = (state.n - 1) % options.period === 0;
  state.seasonMin[slot] = fresh ? value : Math.min(state.seasonMin[slot] ?? value, value);
  state.seasonMax[slot] = fresh ? value : Math.max(state.seasonMax[slot] ?? value, value);
}

function ewma(current: number, x: number, alpha: number): number {
  return Number.isFinite(current) ? current + alpha * (x - current) : x;
}

/** Scores of every point of `values`, run from a fresh state (the batch form of `likelihoodStep`). */
export function likelihoodScores(values: readonly number[], options: LikelihoodOptions): number[] {
  assertFinite('values', values);
  const state = initialLikelihoodState(options);
  return values.map((v) => likelihoodStep(state, v, options));
}
