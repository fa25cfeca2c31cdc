/**
 * The documented fallback for series a network cannot learn from (constant values): the last value
 * repeated, with the conformal widths fitted (zero for a constant series).
 */
import type { Forecast, PredictInput } from '../types';
import { assertMinLength, assertSeries } from '../validate';
import type { ConformalQuantiles } from './conformal';
import { toForecast } from './conformal';

/** Target times of the `horizon` steps after the forecast origin. */
export function horizonTimes(origin: number, stepMs: number, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, h) => origin + (h + 1) * stepMs);
}

/** Last value repeated over the horizon. `field` prefixes error fields, e.g. `inputs[3].`. */
export function naiveForecast(
  input: PredictInput,
  horizon: number,
  q: ConformalQuantiles,
  field: string,
): Forecast {
  const { history } = input;
  assertSeries(history, `${field}history`);
  assertMinLength(history.values.length, 1, `${field}history.values`, 'a last value to repeat');
  const last = history.values[history.values.length - 1] as number;
  const origin = history.start + (history.values.length - 1) * history.stepMs;
  return toForecast(horizonTimes(origin, history.stepMs, horizon), new Array<number>(horizon).fill(last), q);
}
