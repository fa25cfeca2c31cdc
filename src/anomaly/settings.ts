/**
 * Detector settings in time units, converted to points for a series' step, and the defaults
 * metricast runs with. Thresholds and refractory periods were calibrated on the labelled NAB
 * corpus (`npm run bench:anomaly` prints the corpus-wide choice), never on the series scored in
 * production; shape parameters (windows) are fixed choices.
 */
import type { LikelihoodOptions } from './likelihood';
import { DetectorName } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The detectors the vote draws from. */
export const VOTE_MEMBERS = [
  DetectorName.band95,
  DetectorName.changepoint,
  DetectorName.outlier,
  DetectorName.extreme,
] as const;
export type VoteMember = (typeof VOTE_MEMBERS)[number];

/** A threshold on a detector's score and the quiet time after each detection. */
export interface EventSetting {
  readonly threshold: number;
  readonly refractoryMs: number;
}

/** Which members vote, how many must agree, at what fraction of their own thresholds, within what tolerance. */
export interface VoteSetting {
  readonly members: readonly VoteMember[];
  readonly need: number;
  readonly factor: number;
  readonly toleranceMs: number;
  readonly refractoryMs: number;
}

/** Windows of the detectors, as durations. */
export const SHAPE = {
  /** Residuals calibrating the one-step conformal band. */
  bandCalibrationMs: DAY,
  /** Trailing span each changepoint run segments, and the time between runs. */
  changepointWindowMs: DAY,
  changepointEveryMs: HOUR,
  changepointHazardLambda: 250,
  /** Previous days the newest hour is compared with, and the slice length. */
  outlierDays: 7,
  outlierEveryMs: HOUR,
  /** Span whose range a new extreme leaves. */
  extremeWindowMs: 2 * DAY,
  /** The 3-sigma baseline's window. */
  sigmaWindowMs: DAY,
  periodMs: DAY,
} as const;

/**
 * The detector production runs (`likelihood`) and its shape (after HTM's: errors averaged over 10
 * points and over 6 hours but at most 72 points, a 3-day half-life, a day of learning but at most 288 points, new
 * extremes beyond all history's range by 5% of it, hourly profiles learning 0.2 per hour seen).
 * Compared on the bundled NAB corpus and on generated series only (bench:anomaly-synthetic, both
 * mixes); every variant tried, with both scores, is in src/anomaly/README.md.
 */
export const LIKELIHOOD = {
  shortPoints: 10,
  longMs: 6 * HOUR,
  /**
   * 6 hours at 5 minutes: NAB's windows are a share of a file's rows, so at 1 minute a 6-hour window
   * (360 points) was wider than the windows themselves (issue 13 step round, src/anomaly/README.md).
   */
  longMaxPoints: 72,
  halfLifeMs: 3 * DAY,
  warmUpMs: DAY,
  /** A day at 5 minutes: short series at fine steps still leave their learning early. */
  warmUpMaxPoints: 288,
  spatialMargin: 0.05,
  /** The jump check (likelihood.ts): chosen on generated folders, a tie on the bundled corpus. */
  jumpRatio: 1.5,
  jumpTail: 3,
  profileRate: 0.2,
  periodMs: DAY,
} as const;

/** Default event settings per detector (see the file comment for where they come from). */
export const DEFAULT_EVENTS: Readonly<Record<VoteMember | 'sigma3' | 'likelihood', EventSetting>> = {
  likelihood: { threshold: 4, refractoryMs: 6 * HOUR },
  band95: { threshold: 2.5, refractoryMs: 2 * DAY },
  changepoint: { threshold: 2, refractoryMs: 2 * DAY },
  outlier: { threshold: 30, refractoryMs: 2 * DAY },
  extreme: { threshold: 4, refractoryMs: 2 * DAY },
  sigma3: { threshold: 3, refractoryMs: 2 * DAY },
};

/** The vote's corpus-wide calibration: all three of band, changepoint and extreme, at half their thresholds. */
export const DEFAULT_VOTE: VoteSetting = {
  members: [DetectorName.band95, DetectorName.changepoint, DetectorName.extreme],
  need: 3,
  factor: 0.5,
  toleranceMs: HOUR,
  refractoryMs: DAY,
};

/** A duration in whole points of `stepMs` (at least 1). */
export function points(durationMs: number, stepMs: number): number {
  return Math.max(1, Math.round(durationMs / stepMs));
}

/** The likelihood detector's options for a series with points every `stepMs`. */
export function likelihoodOptions(stepMs: number): LikelihoodOptions {
  return {
    stepMs,
    period: Math.max(2, points(LIKELIHOOD.periodMs, stepMs)),
    hourPoints: points(HOUR, stepMs),
    profileRate: LIKELIHOOD.profileRate,
    shortPoints: LIKELIHOOD.shortPoints,
    longPoints: Math.max(2, Math.min(LIKELIHOOD.longMaxPoints, points(LIKELIHOOD.longMs, stepMs))),
    halfLife: points(LIKELIHOOD.halfLifeMs, stepMs),
    warmUp: Math.max(
      LIKELIHOOD.shortPoints,
      Math.min(LIKELIHOOD.warmUpMaxPoints, points(LIKELIHOOD.warmUpMs, stepMs)),
    ),
    spatialMargin: LIKELIHOOD.spatialMargin,
    jumpRatio: LIKELIHOOD.jumpRatio,
    jumpTail: LIKELIHOOD.jumpTail,
  };
}
