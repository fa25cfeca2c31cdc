/**
 * The train | calibration | evaluation split every evaluation uses. Calibration (conformal
 * quantiles, model selection, hyperparameter search) only ever sees data before `evalStart`;
 * the evaluation segment is read once, to score.
 */
import type { Covariates, SeriesData } from '../types';
import { fail } from '../validate';

/** Segment boundaries as indices into the series: `[0, calStart) | [calStart, evalStart) | [evalStart, length)`. */
export interface SeriesSplit {
  readonly length: number;
  readonly calStart: number;
  readonly evalStart: number;
}

/** Sizes of the two held-out segments, as shares of the series length. */
export interface SplitOptions {
  /** Share at the end that is forecast for scoring; default 0.2. */
  readonly evalFraction?: number;
  /** Share just before it used to calibrate and select; default 0.2. */
  readonly calibrationFraction?: number;
}

/** Splits `length` points into train, calibration and evaluation segments. */
export function splitSeries(length: number, options: SplitOptions = {}): SeriesSplit {
  const evalFraction = options.evalFraction ?? 0.2;
  const calibrationFraction = options.calibrationFraction ?? 0.2;
  assertFraction(calibrationFraction, 'options.calibrationFraction');
  if (evalFraction + calibrationFraction >= 1) {
    fail('options.evalFraction + calibrationFraction', evalFraction + calibrationFraction, 'be below 1');
  }
  const evalStart = evalStartOf(length, evalFraction);
  const calStart = evalStart - Math.round(length * calibrationFraction);
  return { length, calStart, evalStart };
}

/** Index of the first evaluation point when the last `evalFraction` of `length` points is held out. */
export function evalStartOf(length: number, evalFraction = 0.2): number {
  assertFraction(evalFraction, 'options.evalFraction');
  return length - Math.round(length * evalFraction);
}

function assertFraction(value: number, field: string): void {
  if (!(value > 0 && value < 1)) fail(field, value, 'be in (0, 1)');
}

/** The first `end` points of a series (same start and step). */
export function headOf(series: SeriesData, end: number): SeriesData {
  return { start: series.start, stepMs: series.stepMs, values: series.values.slice(0, end) };
}

/** Points `[from, end)` of a series, with the start time moved accordingly. */
export function sliceSeries(series: SeriesData, from: number, end: number): SeriesData {
  const begin = Math.max(0, from);
  return {
    start: series.start + begin * series.stepMs,
    stepMs: series.stepMs,
    values: series.values.slice(begin, end),
  };
}

/** Covariates cut to the same `[from, end)` range as their target. */
export function sliceCovariates(
  covariates: Covariates | undefined,
  from: number,
  end: number,
): Covariates | undefined {
  if (covariates === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(covariates).map(([name, values]) => [name, values.slice(from, end)]),
  );
}
