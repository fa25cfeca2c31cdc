/**
 * Which horizon steps' scores calibrate a step. Conformal widths are taken per horizon step, but a
 * short calibration segment leaves each step only a few residuals (production at 5 minutes: 23 per
 * step), and with fewer than 39 scores the 95% rank is the step's largest score. One outlier then
 * sets the width: a daily spike in CPU utilisation lands on one step in the day of calibration and
 * that single step's 95% band spans the spike while its neighbours' stay narrow. A step with too few
 * scores of its own therefore borrows those of its nearest steps, whose errors are the closest to
 * exchangeable with its own, until the pool is large enough for a quantile no single score decides.
 */

/**
 * Fewest scores a step's width is read from. Fixed in advance, not fitted: with 100 scores the 95%
 * rank is at most the 5th largest (so one or two outliers cannot set the width) and the sampling
 * spread of a split-conformal coverage is about ±2 points. A step holding this many is used alone.
 */
export const MIN_STEP_SCORES = 100;

/**
 * The steps whose scores calibrate step `k`: `k` itself, then both steps at distance 1, then at
 * distance 2, …, until together they hold `minScores` scores or every step is taken. Symmetric where
 * the horizon allows, so a middle step is neither widened nor narrowed by the pooling on average.
 */
export function stepNeighbourhood(
  counts: readonly number[],
  k: number,
  minScores: number = MIN_STEP_SCORES,
): number[] {
  const steps = [k];
  let total = counts[k] ?? 0;
  for (let d = 1; total < minScores && (k - d >= 0 || k + d < counts.length); d++) {
    for (const j of [k - d, k + d]) {
      if (j < 0 || j >= counts.length) continue;
      steps.push(j);
      total += counts[j] ?? 0;
    }
  }
  return steps;
}

/** The scores of step `k` and of its neighbourhood ({@link stepNeighbourhood}), in one list. */
export function pooledScores(
  scoresPerStep: readonly (readonly number[])[],
  k: number,
  minScores: number = MIN_STEP_SCORES,
): number[] {
  const counts = scoresPerStep.map((s) => s.length);
  return stepNeighbourhood(counts, k, minScores).flatMap((j) => scoresPerStep[j] ?? []);
}
