/**
 * The CUSUM candidates of bench:anomaly-candidates (issue 13), fixed before any scoring: Page's
 * cumulative sum on production's own raw errors, a changepoint signal that adapts (its errors are
 * standardised by their running mean and variance, learned with production's half-life). An error
 * run a little above the usual for an hour adds up here well before a 6-hour mean notices it, so
 * the aim is earlier catches (NAB pays the earliest one in a window most) and catches of slow,
 * moderate shifts.
 *
 * Per channel: z = (r − mean) / sd of the one-point raw error r, S = max(0, S + z − k) with k = ½
 * (upward: errors larger than usual) or S = max(0, S − z − k) (downward: a metric that stops
 * moving). Under no change S's stationary tail is about exp(−2kS) (Siegmund's approximation for a
 * reflected random walk with drift −k), so the channel is one more test with tail exp(−2kS) (or exp(−S / mean S), see `tail`), joined
 * to production's six with a Bonferroni factor of 6 + channels. S restarts at 0 once its score has
 * reached a new extreme's 8 (a restarted CUSUM, so a lasting shift does not alarm without end).
 * A third tail, `pot` (third round, /work/me/h13/PROTOCOL.md), is fitted to the peaks of S's own
 * completed excursions (peaks over threshold, as SPOT does): exp(−(S − u) / mean excess over u).
 */
import { SPATIAL_SCORE, initialLikelihoodState, likelihoodOptions, likelihoodStep } from '../src/anomaly';
import { streamError } from '../src/anomaly/likelihood';
import { forecastsAt, type ForecastName } from '../src/anomaly/predictors';
import { PRODUCTION_TESTS, withTestsJoined, type CandidateSeries } from './anomaly-candidate-rules';

const K = 0.5;
/** Standardisation needs a few errors first. */
const MIN_COUNT = 30;
/** `pot`: the threshold u over which excursion peaks are fitted. */
const POT_U = 1;
/** `pot`: excesses seen before the tail is used. */
const POT_MIN_EXCESSES = 10;
/** `pot`: the mean excess remembers about this many excesses. */
const POT_MEMORY = 50;

export interface CusumChannel {
  readonly forecast: ForecastName | 'best';
  readonly direction: 'up' | 'down';
  /**
   * How S becomes a tail: `siegmund`, exp(−2kS), true for independent Gaussian errors; `learned`,
   * exp(−S / running mean of S), an exponential fitted to S's own history, which absorbs skewed
   * and autocorrelated errors (a level error stays high for hours, so S drifts up under no change);
   * `pot`, exp(−(S − u) / mean excess of completed excursions' peaks over u): sized by whole
   * excursions rather than by every row's S, most of which are 0.
   */
  readonly tail: 'siegmund' | 'learned' | 'pot';
}

interface ChannelState {
  count: number;
  mean: number;
  variance: number;
  sum: number;
  /** Running mean of S (the `learned` tail's scale). */
  sumMean: number;
  /** `pot`: the current excursion's peak (0 between excursions). */
  peak: number;
  /** `pot`: excesses seen and their running mean. */
  excesses: number;
  excessMean: number;
}

/** `pot`: an excursion has ended; its peak's excess over u joins the fit. */
function endExcursion(m: ChannelState): void {
  if (m.peak > POT_U) {
    m.excesses += 1;
    const weight = Math.max(1 / m.excesses, 1 / POT_MEMORY);
    m.excessMean += weight * (m.peak - POT_U - m.excessMean);
  }
  m.peak = 0;
}

/** The channel's tail exponent (natural log) for its current S. */
function exponentOf(m: ChannelState, tail: CusumChannel['tail']): number {
  if (tail === 'siegmund') return m.sum * 2 * K;
  if (tail === 'learned') return m.sum / Math.max(m.sumMean, 0.1);
  if (m.excesses < POT_MIN_EXCESSES || m.sum <= POT_U) return 0;
  return (m.sum - POT_U) / Math.max(m.excessMean, 0.1);
}

/** Production's scores with CUSUM channels joined as extra tests (see the file comment). */
export function withCusum(s: CandidateSeries, channels: readonly CusumChannel[]): number[] {
  const options = likelihoodOptions(s.stepMs);
  const state = initialLikelihoodState(options);
  const forget = 1 - Math.pow(0.5, 1 / options.halfLife);
  const tests = PRODUCTION_TESTS + channels.length;
  const restartAt = SPATIAL_SCORE * Math.LN10 + Math.log(tests);
  const memory: ChannelState[] = channels.map(() => ({
    count: 0,
    mean: 0,
    variance: 0,
    sum: 0,
    sumMean: 0,
    peak: 0,
    excesses: 0,
    excessMean: 0,
  }));
  return s.values.map((value, i) => {
    const t = s.times[i] as number;
    const made = forecastsAt(state.predictors, t, options);
    const scoring = state.predictors.n >= options.warmUp;
    let largest = 0;
    channels.forEach((channel, c) => {
      const error = streamError(state.predictors, made, channel.forecast, value);
      if (error === undefined) return;
      const m = memory[c] as ChannelState;
      const alpha = Math.max(forget, 1 / (m.count + 1));
      const raw = Math.log1p(error);
      if (m.count >= MIN_COUNT) {
        const z = (raw - m.mean) / Math.sqrt(Math.max(m.variance, 0.01));
        m.sum = Math.max(0, m.sum + (channel.direction === 'up' ? z : -z) - K);
        const exponent = exponentOf(m, channel.tail);
        if (scoring && m.count >= 2 * MIN_COUNT) largest = Math.max(largest, exponent);
        m.sumMean += alpha * (m.sum - m.sumMean);
        m.peak = Math.max(m.peak, m.sum);
        if (exponent >= restartAt) m.sum = 0;
        if (m.sum === 0 && m.peak > 0) endExcursion(m);
      }
      const delta = raw - m.mean;
      m.mean = m.count === 0 ? raw : m.mean + alpha * delta;
      m.variance = m.count === 0 ? 0 : (1 - alpha) * (m.variance + alpha * delta * delta);
      m.count += 1;
    });
    const production = likelihoodStep(state, value, t, options);
    const adjusted = withTestsJoined(production, tests);
    const cusum = Math.max(0, (largest - Math.log(tests)) / Math.LN10);
    return Math.max(adjusted, cusum);
  });
}
