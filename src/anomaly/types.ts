/**
 * What every detector speaks. A detector reads a regular series (oldest first) and returns a score
 * per point, computed only from that point and the points before it, so a score at index i is what
 * an online detector would have said at time i. `events` turns scores into sparse detections.
 */

/** The detectors metricast runs; the names are stored in `anomalies.detector`. */
export const DetectorName = {
  /** Outside the 95% conformal band of a one-step-ahead forecast (stored forecasts: `in95 = 0`). */
  band95: 'band95',
  /** A new changepoint found by augurs' Bayesian online changepoint detector (normal-gamma). */
  changepoint: 'changepoint',
  /** The newest hours are outlying against the same hours of previous days (augurs MAD). */
  outlier: 'outlier',
  /** A value beyond the range of the previous two days. */
  extreme: 'extreme',
  /** Several of the above agree within a short tolerance (which and how many: calibrated). */
  vote: 'vote',
  /** The anomaly likelihood of one-step forecast errors, with new extremes (the one production runs). */
  likelihood: 'likelihood',
  /** The reference: |x − rolling mean| > k·rolling sd of the preceding points. */
  sigma3: 'sigma3',
} as const;
export type DetectorName = (typeof DetectorName)[keyof typeof DetectorName];

/** One detection: the point's index in the series and the detector's score there. */
export interface Detection {
  readonly index: number;
  readonly score: number;
}

/** A labelled anomaly window as inclusive point indices [first, last]. */
export interface IndexWindow {
  readonly first: number;
  readonly last: number;
}

/** Raised on bad detector input; the message names the field and the value. */
export class AnomalyInputError extends Error {
  override readonly name = 'AnomalyInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    requirement: string,
  ) {
    super(`${field} must ${requirement}, got ${String(value)}`);
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function assertInteger(field: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new AnomalyInputError(field, value, `be an integer ≥ ${min}`);
}

/** Throws unless every value is finite (gaps must be filled before detection). */
export function assertFinite(field: string, values: readonly number[]): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new AnomalyInputError(`${field}[${bad}]`, values[bad], 'be a finite number');
}
