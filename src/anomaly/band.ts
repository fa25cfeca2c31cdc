/**
 * Points outside the 95% band of a one-step-ahead forecast. For stored forecasts the band is the
 * one the forecast cycle issued (a reconciled record with `in95 = 0`); over a bare series the
 * band is built here as the forecasting core builds it: a point forecast from data before the
 * point, and a split-conformal half-width from the absolute one-step residuals of the
 * `calibration` points before it (so the band adapts as the series' noise changes).
 */
import { conformalHalfWidth } from '../forecast/evaluation/conformal';
import { seasonalNaive } from '../forecast/baselines/naive';
import { AnomalyInputError, assertFinite, assertInteger } from './types';

/** How the one-step point forecast is made: the last value, or the value one season earlier. */
export type BandMethod = 'naive' | 'seasonal-naive';

export interface BandOptions {
  readonly method: BandMethod;
  /** Season length in points for `seasonal-naive` (288 for a day of 5-minute points). */
  readonly period: number;
  /** Residuals before each point that calibrate its band. */
  readonly calibration: number;
}

/**
 * How far a value lies from the point forecast, in units of the 95% half-width on its side:
 * above 1 means outside the band. Asymmetric bands are read side by side.
 */
export function bandScore(value: number, band: { point: number; lower95: number; upper95: number }): number {
  const half = value >= band.point ? band.upper95 - band.point : band.point - band.lower95;
  const distance = Math.abs(value - band.point);
  if (half > 0) return distance / half;
  return distance > 0 ? Infinity : 0;
}

/** One-step forecasts of every point from the points before it; NaN where there is too little history. */
export function oneStepForecasts(values: readonly number[], options: BandOptions): number[] {
  const lag = options.method === 'naive' ? 1 : options.period;
  return values.map((_, i) => {
    if (i < lag) return NaN;
    return options.method === 'naive'
      ? (values[i - 1] as number)
      : (seasonalNaive(values.slice(i - lag, i), lag, 1)[0] as number);
  });
}

/** Per-point band scores (see {@link bandScore}); 0 until `calibration` residuals exist. */
export function oneStepBandScores(values: readonly number[], options: BandOptions): number[] {
  assertFinite('values', values);
  assertInteger('band.calibration', options.calibration, 19);
  if (options.method !== 'naive' && options.method !== 'seasonal-naive')
    throw new AnomalyInputError('band.method', options.method, "be 'naive' or 'seasonal-naive'");
  if (options.method === 'seasonal-naive') assertInteger('band.period', options.period, 1);
  const points = oneStepForecasts(values, options);
  const residuals = values.map((v, i) => Math.abs(v - (points[i] as number)));
  const scores = new Array<number>(values.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    const past = residuals.slice(Math.max(0, i - options.calibration), i).filter(Number.isFinite);
    if (past.length < options.calibration) continue;
    const point = points[i] as number;
    // Floored, so a flat stretch (zero residuals) does not make the first wiggle infinitely odd.
    const half = Math.max(conformalHalfWidth(past, 0.95), 1e-3 * Math.abs(point), 1e-9);
    scores[i] = bandScore(values[i] as number, { point, lower95: point - half, upper95: point + half });
  }
  return scores;
}
