/**
 * The cheap one-step forecasts whose errors the likelihood detector watches, and what they
 * remember: the last day of values (last value, value a day ago, mean of the last day), the usual
 * value of each hour of the day and of the week (running means per clock hour, UTC, so a holiday
 * that looks like a weekend or a night-time level at noon stands out), and a smoothed forecast
 * that follows a moving level and the daily shape at once (additive Holt-Winters without trend:
 * level plus the offset of this point of the day, both smoothed at `SMOOTHING`). Each forecast
 * keeps its running mean absolute error, the scale its errors are measured in. Plain numbers only.
 */

const HOUR_MS = 3_600_000;
/** An error counts as at most this many running mean errors, once that many errors are known. */
const CLIP = 5;
const CLIP_AFTER = 12;
/**
 * Weight of a new value in the smoothed forecast's level and in its offset for that point of the
 * day: fixed in advance (issue 13's smoothed-forecast round), not tuned.
 */
const SMOOTHING = 0.2;

export interface PredictorOptions {
  /** Points in a day (the season of the day-ago forecast). */
  readonly period: number;
  /** Points in an hour (at least 1): the hourly profiles learn at `profileRate` per hour seen. */
  readonly hourPoints: number;
  /** Weight of a new hour in the hour-of-day and hour-of-week means. */
  readonly profileRate: number;
}

export const FORECASTS = ['naive', 'season', 'level', 'hourOfDay', 'hourOfWeek', 'smoothed'] as const;
export type ForecastName = (typeof FORECASTS)[number];
export type Forecasts = Partial<Record<ForecastName, number>>;

export interface PredictorState {
  /** Points learned. */
  n: number;
  /** The last `period` values, ring at n % period. */
  season: number[];
  /** Sum of `season`, for the mean of the last day. */
  seasonSum: number;
  /** Per forecast: running mean absolute error and the number of errors in it. */
  mae: Record<ForecastName, number>;
  maeCount: Record<ForecastName, number>;
  /** Running mean per UTC hour of the day (24) and of the week (168), and hours seen per slot. */
  hourOfDay: number[];
  hourOfDayCount: number[];
  hourOfWeek: number[];
  hourOfWeekCount: number[];
  /** The smoothed forecast's level (NaN before any point) and its offset per point of the day. */
  smoothedLevel: number;
  smoothedSeason: number[];
}

const perForecast = (v: number): Record<ForecastName, number> =>
  Object.fromEntries(FORECASTS.map((f) => [f, v])) as Record<ForecastName, number>;

export function newPredictorState(): PredictorState {
  return {
    n: 0,
    season: [],
    seasonSum: 0,
    mae: perForecast(NaN),
    maeCount: perForecast(0),
    hourOfDay: new Array<number>(24).fill(NaN),
    hourOfDayCount: new Array<number>(24).fill(0),
    hourOfWeek: new Array<number>(168).fill(NaN),
    hourOfWeekCount: new Array<number>(168).fill(0),
    smoothedLevel: NaN,
    smoothedSeason: [],
  };
}

function slots(t: number): { day: number; week: number } {
  const hour = Math.floor(t / HOUR_MS);
  return { day: ((hour % 24) + 24) % 24, week: ((hour % 168) + 168) % 168 };
}

/** The forecasts of the next point, at time `t`, from what the state has learned (absent until known). */
export function forecastsAt(state: PredictorState, t: number, options: PredictorOptions): Forecasts {
  const { n, season } = state;
  const { period } = options;
  if (n === 0) return {};
  const { day, week } = slots(t);
  const known = (count: number | undefined, value: number | undefined): value is number =>
    (count ?? 0) > 0 && value !== undefined && Number.isFinite(value);
  const out: Forecasts = {
    naive: season[(n - 1) % period],
    level: state.seasonSum / Math.min(n, period),
    smoothed: state.smoothedLevel + (state.smoothedSeason[n % period] ?? 0),
  };
  if (n >= period) out.season = season[n % period];
  if (n >= period && known(state.hourOfDayCount[day], state.hourOfDay[day]))
    out.hourOfDay = state.hourOfDay[day];
  if (n >= 7 * period && known(state.hourOfWeekCount[week], state.hourOfWeek[week]))
    out.hourOfWeek = state.hourOfWeek[week];
  return out;
}

/** Learns `value` at time `t` given the forecasts that were made for it; mutates `state`. */
export function learnPoint(
  state: PredictorState,
  value: number,
  t: number,
  made: Forecasts,
  options: PredictorOptions & { readonly rate: (count: number) => number },
): void {
  for (const name of FORECASTS) {
    const forecast = made[name];
    if (forecast === undefined) continue;
    const count = state.maeCount[name] + 1;
    const mae = state.mae[name];
    // One wild error moves the scale by at most CLIP running errors: after a spike, ordinary
    // errors are not mistaken for unusually small ones (a metric that stopped moving).
    const error = Math.min(Math.abs(value - forecast), count > CLIP_AFTER ? CLIP * mae : Infinity);
    state.mae[name] = Number.isFinite(mae) ? mae + options.rate(count) * (error - mae) : error;
    state.maeCount[name] = count;
  }
  const { period } = options;
  const at = state.n % period;
  const old = state.n >= period ? (state.season[at] as number) : 0;
  state.season[at] = value;
  // Re-added once a day, so rounding does not accumulate over months.
  state.seasonSum = at === period - 1 ? sum(state.season) : state.seasonSum - old + value;
  learnSmoothed(state, value, at);
  const { day, week } = slots(t);
  learnSlot(state.hourOfDay, state.hourOfDayCount, day, value, options);
  learnSlot(state.hourOfWeek, state.hourOfWeekCount, week, value, options);
  state.n += 1;
}

/** Moves the smoothed forecast's level, then its offset for point `at` of the day, to `value`. */
function learnSmoothed(state: PredictorState, value: number, at: number): void {
  const offset = state.smoothedSeason[at] ?? 0;
  const level = state.smoothedLevel;
  state.smoothedLevel = Number.isFinite(level) ? level + SMOOTHING * (value - offset - level) : value;
  state.smoothedSeason[at] = offset + SMOOTHING * (value - state.smoothedLevel - offset);
}

function learnSlot(
  means: number[],
  counts: number[],
  slot: number,
  value: number,
  options: PredictorOptions,
): void {
  const count = (counts[slot] as number) + 1;
  const mean = means[slot] as number;
  const rate = Math.max(options.profileRate / options.hourPoints, 1 / count);
  // Counting stops once the rate is the fixed one: the count only shapes the first means.
  counts[slot] = Math.min(count, Math.ceil(options.hourPoints / options.profileRate) + 1);
  means[slot] = Number.isFinite(mean) ? mean + rate * (value - mean) : value;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
