/**
 * Every detector's per-point scores for one regular series, with the shapes of `settings.ts`
 * converted to the series' step. The benchmark calibrates on these; the activity thresholds them.
 */
import { oneStepBandScores } from './band';
import { changepointScores } from './changepoint';
import { extremeScores } from './extreme';
import { outlierScores } from './outlier';
import { likelihoodScores } from './likelihood';
import { SHAPE, likelihoodOptions, points, type VoteMember } from './settings';
import { rollingSigmaScores } from './sigma';

export type ScoredDetector = 'likelihood' | VoteMember | 'sigma3';
export type DetectorScores = Readonly<Record<ScoredDetector, readonly number[]>>;

/**
 * Scores of every detector over `values` (oldest first, one point per `stepMs`); `times` (epoch ms)
 * place the points on the clock for the likelihood's hourly profiles, else point i is at i × step.
 */
export async function scoreAll(
  values: readonly number[],
  stepMs: number,
  times?: readonly number[],
): Promise<DetectorScores> {
  const period = points(SHAPE.periodMs, stepMs);
  const hour = points(SHAPE.outlierEveryMs, stepMs);
  return {
    likelihood: likelihoodScores(values, likelihoodOptions(stepMs), times),
    band95: oneStepBandScores(values, {
      method: 'naive',
      period,
      calibration: Math.max(19, points(SHAPE.bandCalibrationMs, stepMs)),
    }),
    changepoint: await changepointScores(values, {
      window: Math.max(8, points(SHAPE.changepointWindowMs, stepMs)),
      every: points(SHAPE.changepointEveryMs, stepMs),
      hazardLambda: SHAPE.changepointHazardLambda,
    }),
    outlier: await outlierScores(values, { period, days: SHAPE.outlierDays, every: hour }),
    extreme: extremeScores(values, { window: points(SHAPE.extremeWindowMs, stepMs) }),
    sigma3: rollingSigmaScores(values, { window: Math.max(2, points(SHAPE.sigmaWindowMs, stepMs)) }),
  };
}
