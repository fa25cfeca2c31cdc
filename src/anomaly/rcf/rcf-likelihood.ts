/**
 * A Random Cut Forest's CoDisp as a per-point score on the likelihood detector's scale. Raw CoDisp
 * has no common unit across series (it grows with the sample size and with how clustered a series
 * is), so, as HTM does with its raw anomaly scores, the stream r = log(1 + CoDisp) is judged by
 * error-stream.ts: its mean over the last 10 points and over 6 hours against the running mean and
 * variance of those means (3-day half-life). Score = −log10 of the smaller tail × 2 (the two
 * scales), so thresholds mean the same on every series, as production's do.
 */
import { errorStreamStep, halfLifeRate, newErrorStream, tailScore, type StreamStep } from '../error-stream';
import { likelihoodOptions } from '../settings';
import { assertFinite } from '../types';
import { newForest, forestStep, type ForestOptions } from './random-cut-forest';

export interface RcfLikelihoodOptions {
  readonly forest: ForestOptions;
  /** Averaging windows of the CoDisp stream, in points. */
  readonly shortPoints: number;
  readonly longPoints: number;
  /** Half-life of the learned CoDisp distribution, in points. */
  readonly halfLife: number;
  /** Points seen before any score. */
  readonly warmUp: number;
}

/** Tests behind one score: the two averaging scales. */
export const RCF_TESTS = 2;

/**
 * The forest's shape, fixed before any scoring: 50 trees of 256 points (AWS's sample size), shingles
 * of 8 values, AWS's default decay 1 / (10 × 256), a fixed seed.
 */
export const RCF_FOREST = { trees: 50, sampleSize: 256, shingle: 8, seed: 2016 } as const;

/** Options for a series with points every `stepMs`: windows, half-life and warm-up as production's. */
export function rcfOptions(stepMs: number): RcfLikelihoodOptions {
  const production = likelihoodOptions(stepMs);
  return {
    forest: {
      ...RCF_FOREST,
      decay: 1 / (10 * RCF_FOREST.sampleSize),
      halfLife: production.halfLife,
    },
    shortPoints: production.shortPoints,
    longPoints: production.longPoints,
    halfLife: production.halfLife,
    warmUp: production.warmUp,
  };
}

/** Per point, the smaller tail of the CoDisp stream's two scales (1 while learning). */
export function rcfTails(values: readonly number[], options: RcfLikelihoodOptions): number[] {
  assertFinite('values', values);
  const forest = newForest(options.forest);
  const stream = newErrorStream(2);
  const rate = halfLifeRate(options.halfLife);
  const scales = [options.shortPoints, options.longPoints];
  const learning: StreamStep = { scales, twoSided: false, scoring: false, rate };
  const scoring: StreamStep = { ...learning, scoring: true };
  return values.map((value, i) => {
    const coDisp = forestStep(forest, value);
    if (coDisp === undefined) return 1;
    return errorStreamStep(stream, Math.log1p(coDisp), i >= options.warmUp ? scoring : learning);
  });
}

/** The RCF candidate's per-point scores (−log10 tail × `RCF_TESTS`). */
export function rcfLikelihoodScores(values: readonly number[], options: RcfLikelihoodOptions): number[] {
  return rcfTails(values, options).map((tail) => tailScore(tail, RCF_TESTS));
}
