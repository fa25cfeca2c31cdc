/**
 * The hourly-scale candidates of bench:anomaly-candidates (issue 13), fixed before any scoring:
 * errors measured against the usual error *at this hour of the day* rather than over all hours,
 * like a forecast interval that is wide where the metric is routinely noisy (a nightly batch job,
 * office-hours traffic) and narrow where it is quiet. An error that is ordinary overall but rare
 * for its hour stands out; a routine nightly spike stops tempting the detector.
 *
 * Per watched forecast: a running mean absolute error per UTC hour of the day (24 numbers, learned
 * at production's profile rate per hour seen, the overall running error until a slot has seen an
 * hour), the error over it as the raw error log(1 + |e| / mae_hour), and a stream of it averaged
 * like production's (10 points and 6 hours for the change forecast, 6 hours otherwise). Each stream
 * scale is one more test, joined to production's six with a Bonferroni factor.
 */
import { initialLikelihoodState, likelihoodOptions, likelihoodStep } from '../src/anomaly';
import { errorStreamStep, newErrorStream, type StreamStep } from '../src/anomaly/error-stream';
import { bestForecast, streamError } from '../src/anomaly/likelihood';
import { forecastsAt, type ForecastName } from '../src/anomaly/predictors';
import { PRODUCTION_TESTS, withTestsJoined, type CandidateSeries } from './anomaly-candidate-rules';

const HOUR_MS = 3_600_000;
/** Mean errors clipped at this many usual errors, as production clips its own (predictors.ts). */
const CLIP = 5;

/** Production's scores with hour-of-day-scaled error streams of `forecasts` as extra tests. */
export function withHourlyScale(s: CandidateSeries, forecasts: readonly (ForecastName | 'best')[]): number[] {
  const options = likelihoodOptions(s.stepMs);
  const state = initialLikelihoodState(options);
  const forget = 1 - Math.pow(0.5, 1 / options.halfLife);
  const rate = (count: number): number => Math.max(forget, 1 / Math.max(1, count));
  const slotRate = options.profileRate / options.hourPoints;
  const scales = (f: ForecastName | 'best'): number[] =>
    f === 'best' ? [options.shortPoints, options.longPoints] : [options.longPoints];
  const tests = PRODUCTION_TESTS + forecasts.reduce((n, f) => n + scales(f).length, 0);
  const watched = forecasts.map((f) => ({
    forecast: f,
    slotMae: new Array<number>(24).fill(NaN),
    stream: newErrorStream(scales(f).length),
  }));
  return s.values.map((value, i) => {
    const t = s.times[i] as number;
    const made = forecastsAt(state.predictors, t, options);
    const step: StreamStep = {
      scales: [],
      twoSided: false,
      scoring: state.predictors.n >= options.warmUp,
      rate,
    };
    const slot = ((Math.floor(t / HOUR_MS) % 24) + 24) % 24;
    let best = 1;
    for (const w of watched) {
      // streamError is |e| over the overall running error: times it back to |e|.
      const relative = streamError(state.predictors, made, w.forecast, value);
      if (relative === undefined) continue;
      const name = w.forecast === 'best' ? bestForecast(state.predictors, made) : w.forecast;
      const overall = Math.max(state.predictors.mae[name], 1e-12);
      const absolute = relative * overall;
      const usual = w.slotMae[slot] as number;
      const scale = Number.isFinite(usual) ? Math.max(usual, 1e-3 * overall) : overall;
      const raw = Math.round(1e4 * Math.log1p(absolute / scale)) / 1e4;
      best = Math.min(best, errorStreamStep(w.stream, raw, { ...step, scales: scales(w.forecast) }));
      const clipped = Math.min(absolute, CLIP * scale);
      w.slotMae[slot] = Number.isFinite(usual) ? usual + slotRate * (clipped - usual) : clipped;
    }
    const production = likelihoodStep(state, value, t, options);
    const adjusted = withTestsJoined(production, tests);
    const hourly = -Math.log10(Math.max(Math.min(best * tests, 1), 1e-300));
    return Math.max(adjusted, hourly);
  });
}
