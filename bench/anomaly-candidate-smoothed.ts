/**
 * The smoothed-forecast candidates of bench:anomaly-candidates (issue 13, written down before any
 * scoring run): production's streams watch cheap forecasts (last value, value a day ago, mean of
 * the day, hour profiles), none of which follows a moving level and the daily shape at once. An
 * additive Holt-Winters one-step forecast does: f = level + season[row mod points a day], with
 * level and season smoothed at 0.2 (fixed in advance, no trend). Its errors, over its running mean
 * error (learned and clipped as production's), form one more stream at production's change scales
 * (10 points and 6 hours) or at 6 hours only, joined to production's six tests with a wider
 * Bonferroni factor. Production has run the 6-hour form since this round, so these rules now add
 * a second copy of its stream: kept to repeat the round's run from its commit (bbca731).
 */
import { initialLikelihoodState, likelihoodOptions, likelihoodStep } from '../src/anomaly';
import { errorStreamStep, halfLifeRate, newErrorStream, tailScore } from '../src/anomaly/error-stream';
import { PRODUCTION_TESTS, withTestsJoined, type CandidateSeries } from './anomaly-candidate-rules';

/** Smoothing of the level and of each seasonal offset, fixed in advance. */
const LEVEL_RATE = 0.2;
const SEASON_RATE = 0.2;
/** As production's running errors (predictors.ts): clipped at 5 of them once 12 are known. */
const CLIP = 5;
const RAW_START = 12;

/** Production's scores with the smoothed forecast's error stream at `scales` as extra tests. */
export function withSmoothed(s: CandidateSeries, scales: 'both' | 'long'): number[] {
  const options = likelihoodOptions(s.stepMs);
  const state = initialLikelihoodState(options);
  const rate = halfLifeRate(options.halfLife);
  const windows = scales === 'both' ? [options.shortPoints, options.longPoints] : [options.longPoints];
  const tests = PRODUCTION_TESTS + windows.length;
  const stream = newErrorStream(windows.length);
  const season = new Array<number>(options.period).fill(0);
  let level = NaN;
  let mae = NaN;
  let errors = 0;
  return s.values.map((value, i) => {
    const slot = i % options.period;
    let tail = 1;
    if (Number.isFinite(level)) {
      const error = Math.abs(value - (level + (season[slot] as number)));
      if (errors >= RAW_START) {
        const raw = Math.round(1e4 * Math.log1p(error / Math.max(mae, 1e-12))) / 1e4;
        const scoring = state.predictors.n >= options.warmUp;
        tail = errorStreamStep(stream, raw, { scales: windows, twoSided: false, scoring, rate });
      }
      errors += 1;
      const clipped = Math.min(error, errors > RAW_START ? CLIP * mae : Infinity);
      mae = Number.isFinite(mae) ? mae + rate(errors) * (clipped - mae) : clipped;
      level += LEVEL_RATE * (value - (season[slot] as number) - level);
      season[slot] = (season[slot] as number) + SEASON_RATE * (value - level - (season[slot] as number));
    } else level = value;
    const production = likelihoodStep(state, value, s.times[i] as number, options);
    return Math.max(withTestsJoined(production, tests), tailScore(tail, tests));
  });
}
